import { defaultCurrencies } from "@medusajs/framework/utils"
import type { ExportField } from "./fields"
import { labelSql } from "./labels"
import type { MaskKind } from "./mask"

/**
 * The masking rules of mask.ts, written again in SQL for the CSV fast path (PostgreSQL's COPY writes the file without
 * a row passing through JavaScript). Each returns NULL for an empty value, as mask.ts returns "". The HTTP test runs
 * both over the same samples and requires them equal.
 */
export function maskSql(kind: MaskKind, x: string): string {
  const t = `nullif(btrim(${x}), '')`
  switch (kind) {
    case "name":
      return `(left(${t}, 1) || regexp_replace(substr(${t}, 2), '\\S', '*', 'g'))`
    case "email": {
      // the last "@" without a regular expression (a backtracking one cost a second per 100,000 rows)
      const at = `(length(${t}) - strpos(reverse(${t}), '@') + 1)`
      return `(case when strpos(${t}, '@') > 0 and ${at} > 1 then left(${t}, 1) || '***' || substr(${t}, ${at}) else left(${t}, 1) || regexp_replace(substr(${t}, 2), '\\S', '*', 'g') end)`
    }
    case "street":
      return `(case when ${t} is null then null else '***' end)`
    case "ip":
      return `(case when ${t} is null then null when ${t} ~ '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$' then regexp_replace(${t}, '^(\\d+\\.\\d+)\\..*$', '\\1.*.*') when ${t} like '%:%' then array_to_string((string_to_array(${t}, ':'))[1:3], ':') || '::*' else '***' end)`
    case "phone": {
      // (no "?" in these statements: knex would take it for a binding) prefix and national digits: "+CC " (the text starts "+CC" then a space or dash), "+86 " (86 before an 11-digit
      // mobile), "+" (another leading +), or none
      const digits = `regexp_replace(${t}, '\\D', '', 'g')`
      const cc = `substring(${t} from '^\\+(\\d{1,3})[\\s-]')`
      const mobile86 = `(regexp_replace(${t}, '[\\s-]', '', 'g') ~ '^(\\+{0,1}86)1\\d{10}$')`
      const prefix = `(case when ${cc} is not null then '+' || ${cc} || ' ' when ${mobile86} then '+86 ' when ${t} like '+%' then '+' else '' end)`
      const national = `(case when ${cc} is not null then substr(${digits}, length(${cc}) + 1) when ${mobile86} then substr(${digits}, 3) else ${digits} end)`
      return `(case when ${t} is null then null else nullif(${prefix} || (case when length(${national}) < 8 then repeat('*', greatest(0, length(${national}) - 2)) || right(${national}, 2) else left(${national}, 3) || repeat('*', length(${national}) - 7) || right(${national}, 4) end), '') end)`
    }
  }
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
