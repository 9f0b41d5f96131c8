import { defaultCurrencies } from "@medusajs/framework/utils"
import type { ExportField } from "./fields"
import { labelSql } from "./labels"
import type { MaskKind } from "./mask"

/**
 * The masking rules of mask.ts, written again in SQL for the CSV fast path (PostgreSQL's COPY writes the file without
 * a row passing through JavaScript), in stages: each stage's values use only the input (§x§) and earlier stages'
 * values (§name§), so the COPY statement computes each once per row (csvStatement) instead of repeating a regular
 * expression wherever its value is used. `final` is the masked text; NULL for an empty value, as mask.ts returns "".
 */
export function maskStages(kind: MaskKind): { stages: Array<Record<string, string>>; final: string } {
  const trimmed = { t: `nullif(btrim(§x§), '')` }
  const stars = (t: string) => `left(${t}, 1) || regexp_replace(substr(${t}, 2), '\\S', '*', 'g')`
  switch (kind) {
    case "name":
      return { stages: [trimmed], final: `(${stars("§t§")})` }
    case "email":
      // the last "@" without a regular expression (a backtracking one cost a second per 100,000 rows)
      return {
        stages: [trimmed, { has: `strpos(§t§, '@')`, at: `(length(§t§) - strpos(reverse(§t§), '@') + 1)` }],
        final: `(case when §has§ > 0 and §at§ > 1 then left(§t§, 1) || '***' || substr(§t§, §at§) else ${stars("§t§")} end)`,
      }
    case "street":
      return { stages: [trimmed], final: `(case when §t§ is null then null else '***' end)` }
    case "ip":
      return {
        stages: [trimmed],
        final: `(case when §t§ is null then null when §t§ ~ '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$' then regexp_replace(§t§, '^(\\d+\\.\\d+)\\..*$', '\\1.*.*') when §t§ like '%:%' then array_to_string((string_to_array(§t§, ':'))[1:3], ':') || '::*' else '***' end)`,
      }
    case "phone":
      // (no question mark in these statements: knex would take it for a binding) prefix and national digits: "+CC "
      // (the text starts "+CC" then a space or dash), "+86 " (86 before an 11-digit mobile), "+" (another leading +), or none
      return {
        stages: [
          trimmed,
          { digits: `regexp_replace(§t§, '\\D', '', 'g')`, cc: `substring(§t§ from '^\\+(\\d{1,3})[\\s-]')`, m86: `(regexp_replace(§t§, '[\\s-]', '', 'g') ~ '^(\\+{0,1}86)1\\d{10}$')` },
          {
            prefix: `(case when §cc§ is not null then '+' || §cc§ || ' ' when §m86§ then '+86 ' when §t§ like '+%' then '+' else '' end)`,
            national: `(case when §cc§ is not null then substr(§digits§, length(§cc§) + 1) when §m86§ then substr(§digits§, 3) else §digits§ end)`,
          },
        ],
        final: `(case when §t§ is null then null else nullif(§prefix§ || (case when length(§national§) < 8 then repeat('*', greatest(0, length(§national§) - 2)) || right(§national§, 2) else left(§national§, 3) || repeat('*', length(§national§) - 7) || right(§national§, 4) end), '') end)`,
      }
  }
}

/** A mask as one SQL expression over `x` (every stage written inline where it is used): the rule maskStages computes in stages. */
export function maskSql(kind: MaskKind, x: string): string {
  const { stages, final } = maskStages(kind)
  const values = new Map<string, string>()
  const inline = (e: string) => e.replace(/§(\w+)§/g, (_, n) => (n === "x" ? x : `(${values.get(n)})`))
  for (const stage of stages) for (const [n, e] of Object.entries(stage)) values.set(n, inline(e))
  return inline(final)
}

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe (as csv.ts's neutralizeFormula). */
export const guardSql = (x: string) => `(case when left(${x}, 1) in ('=', '+', '-', '@', E'\\t', E'\\r') then '''' || ${x} else ${x} end)`

/** The minor-unit digits of the order's currency (Medusa's currency table; 2 unless listed). */
export function currencyDigitsSql(currencyColumn: string): string {
  const odd = Object.values(defaultCurrencies).filter((c: any) => c.decimal_digits !== 2) as Array<{ code: string; decimal_digits: number }>
  const byDigits = new Map<number, string[]>()
  for (const c of odd) byDigits.set(c.decimal_digits, [...(byDigits.get(c.decimal_digits) ?? []), `'${c.code.toLowerCase()}'`])
  return `(case ${[...byDigits.entries()].map(([d, codes]) => `when lower(${currencyColumn}) in (${codes.join(", ")}) then ${d}`).join(" ")} else 2 end)`
}

/**
 * A field's final CSV text in SQL (for COPY): masked when `masked` and personal, formulas guarded, money as the exact
 * decimal in major units with the currency's digits (rounded half away from zero once, as toMinorUnits), booleans and codes
 * (statuses, payment channels) in the export's language. Null for fields only JavaScript computes (the amount breakdown).
 */
export function csvSql(f: ExportField, rowMode: "order" | "item", masked: boolean, locale: "en" | "zh"): string | null {
  const raw = rowMode === "item" ? f.itemSql ?? f.sql : f.sql
  if (!raw || f.source === "breakdown") return null
  const digits = currencyDigitsSql("l.currency_code")
  switch (f.type) {
    case "money":
      return f.unit === "major" ? `round((${raw})::numeric, ${digits})::text` : `round((${raw})::numeric / (10::numeric ^ ${digits}), ${digits})::text`
    case "int":
      return `(${raw})::text`
    case "bool":
      return `(case when ${raw} then '${locale === "zh" ? "是" : "yes"}' when not ${raw} then '${locale === "zh" ? "否" : "no"}' end)`
    case "datetime":
      return raw
    default:
      if (f.labels) return guardSql(labelSql(f.labels, `(${raw})::text`, locale))
      return guardSql(masked && f.personal ? maskSql(f.personal, `(${raw})::text`) : `(${raw})::text`)
  }
}

/**
 * The whole CSV select of the COPY path: `fields` as their final CSV text (as csvSql), read `from` (a FROM clause
 * with its joins, aliases as fields.ts) in `order`. Built in levels so each value is computed once per row: the raw
 * values and the currency's digits; then each mask's stages (maskStages); then the masked text and the formula guard.
 * Each level is a subquery behind `offset 0`, which keeps PostgreSQL from folding it into the next (folding would
 * repeat every expression where it is used: a phone's regular expressions ran up to eight times a row) and keeps the
 * inner order. `timeZone` replaces `:tz`. Null when a field has no SQL form (the amount breakdown). `sheet`: for the
 * XLSX path, no formula guard, and the row's currency and its decimals first.
 */
export function csvStatement(fields: ExportField[], rowMode: "order" | "item", masked: boolean, locale: "en" | "zh", from: string, order: string, timeZone: string, opts: { sheet?: boolean } = {}): string | null {
  if (fields.some((f) => csvSql(f, rowMode, masked, locale) === null)) return null
  const tz = `'${timeZone.replace(/'/g, "''")}'`
  const raw: string[] = [`${currencyDigitsSql("l.currency_code")} as __digits`, `l.currency_code as __currency`]
  // a spreadsheet's cells are typed: no formula guard (the apostrophe would show), and each row says its currency
  const guard = opts.sheet ? (x: string) => x : guardSql
  const levels: string[][] = []
  const out: string[] = []
  fields.forEach((f, i) => {
    const c = `c${i}`
    const value = (rowMode === "item" ? f.itemSql ?? f.sql : f.sql)!.replace(/:tz\b/g, tz)
    switch (f.type) {
      case "money":
        raw.push(`(${value})::numeric as ${c}`)
        out.push(f.unit === "major" ? `round(${c}, __digits)::text` : `round(${c} / (10::numeric ^ __digits), __digits)::text`)
        return
      case "int":
        raw.push(`(${value})::text as ${c}`)
        out.push(c)
        return
      case "bool":
        raw.push(`(case when ${value} then '${locale === "zh" ? "是" : "yes"}' when not ${value} then '${locale === "zh" ? "否" : "no"}' end) as ${c}`)
        out.push(c)
        return
      case "datetime":
        raw.push(`${value} as ${c}`)
        out.push(c)
        return
      default:
        if (f.labels) raw.push(`${labelSql(f.labels, `(${value})::text`, locale)} as ${c}`)
        else raw.push(`(${value})::text as ${c}`)
        if (!(masked && f.personal && !f.labels)) {
          out.push(guard(c))
          return
        }
        const { stages, final } = maskStages(f.personal)
        const ref = (e: string) => e.replace(/§(\w+)§/g, (_, n) => (n === "x" ? c : `${c}_${n}`))
        stages.forEach((stage, d) => {
          levels[d] ??= []
          for (const [n, e] of Object.entries(stage)) levels[d].push(`${ref(e)} as ${c}_${n}`)
        })
        levels[stages.length] ??= []
        levels[stages.length].push(`${ref(final)} as ${c}_masked`)
        out.push(guard(`${c}_masked`))
    }
  })
  let sql = `select ${raw.join(", ")} from ${from} order by ${order} offset 0`
  levels.forEach((cols, d) => {
    if (cols.length) sql = `select *, ${cols.join(", ")} from (${sql}) z${d} offset 0`
  })
  const columns = out.map((e, i) => `${e} as "${fields[i].key}"`)
  return `select ${opts.sheet ? "__currency, __digits, " : ""}${columns.join(", ")} from (${sql}) z`
}
