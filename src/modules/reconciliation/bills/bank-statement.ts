/**
 * Bank statement reader: the CSV or XLSX a merchant exports from the bank's online banking, read with the column
 * mapping the merchant saved for that bank (BankProfileMapping). Only incoming money is returned: bank-transfer
 * orders are matched against it by the payer's reference (reference-match.ts).
 */
import { Readable } from "node:stream"
import ExcelJS from "exceljs"
import * as iconv from "iconv-lite"
import { decimalTextToMinor, decodeText, headerKey } from "./common"
import { csvRecords } from "./csv-records"
import type { BankProfileMapping, BankStatementRow } from "./types"

/** The date patterns a bank profile's `date_format` may name (YYYY-MM-DD is the default). */
export const BANK_DATE_FORMATS = ["YYYY-MM-DD", "YYYY/MM/DD", "DD.MM.YYYY", "MM/DD/YYYY", "YYYYMMDD"] as const

const FIELDS = ["date", "amount", "credit", "debit", "currency", "reference", "payer_name", "bank_transaction_id"] as const
type Field = (typeof FIELDS)[number]

const isText = (v: unknown): v is string => typeof v === "string" && v.trim() !== ""

/**
 * Checks a bank profile's column mapping before it is saved or used.
 * @returns human-readable problems (empty when the mapping is usable): `date`, `reference` and `bank_transaction_id`
 *   are required; exactly one of `amount` (signed) or `credit` (with optional `debit`); `currency` or a 3-letter
 *   `default_currency`; `date_format` one of BANK_DATE_FORMATS; `encoding` one iconv-lite knows (utf-8, gbk…);
 *   `delimiter` one character; `skip_lines` an integer 0–1000; `decimal` "." or ","; no column mapped to two of
 *   date/amount/credit/debit/bank_transaction_id.
 */
export function validateBankProfileMapping(m: BankProfileMapping): string[] {
  if (!m || typeof m !== "object") return ["the mapping must be an object"]
  const problems: string[] = []
  for (const f of ["date", "reference", "bank_transaction_id"] as const) if (!isText(m[f])) problems.push(`${f}: the column name is required`)
  for (const f of ["amount", "credit", "debit", "currency", "payer_name"] as const) {
    if (m[f] !== undefined && m[f] !== null && typeof m[f] !== "string") problems.push(`${f}: must be a column name`)
  }
  if (!isText(m.amount) && !isText(m.credit)) problems.push("amount: map a signed amount column, or a credit column (with an optional debit column)")
  if (isText(m.amount) && (isText(m.credit) || isText(m.debit))) problems.push("amount: map either a signed amount column or credit/debit columns, not both")
  if (isText(m.debit) && !isText(m.credit)) problems.push("debit: a debit column needs a credit column")
  if (!isText(m.currency) && !isText(m.default_currency)) problems.push("currency: map a currency column or set default_currency")
  if (m.default_currency !== undefined && m.default_currency !== null && !/^[A-Za-z]{3}$/.test(String(m.default_currency))) {
    problems.push("default_currency: must be a 3-letter ISO 4217 code")
  }
  if (m.date_format !== undefined && m.date_format !== null && !(BANK_DATE_FORMATS as readonly string[]).includes(m.date_format)) {
    problems.push(`date_format: must be one of ${BANK_DATE_FORMATS.join(", ")}`)
  }
  if (m.encoding !== undefined && m.encoding !== null && !(typeof m.encoding === "string" && iconv.encodingExists(m.encoding))) {
    problems.push(`encoding: unknown text encoding "${m.encoding}" (utf-8 or gbk)`)
  }
  if (m.delimiter !== undefined && m.delimiter !== null && !(typeof m.delimiter === "string" && m.delimiter.length === 1 && !/[\r\n"]/.test(m.delimiter))) {
    problems.push("delimiter: must be a single character (not a quote or line break)")
  }
  if (m.skip_lines !== undefined && m.skip_lines !== null && !(Number.isInteger(m.skip_lines) && m.skip_lines >= 0 && m.skip_lines <= 1000)) {
    problems.push("skip_lines: must be a whole number from 0 to 1000")
  }
  if (m.decimal !== undefined && m.decimal !== null && m.decimal !== "." && m.decimal !== ",") problems.push('decimal: must be "." or ","')
  if (m.decimal === "," && (m.delimiter ?? ",") === ",") problems.push('decimal: with a decimal comma the delimiter cannot be "," too (banks use ";")')
  const seen = new Map<string, string>()
  for (const f of ["date", "amount", "credit", "debit", "bank_transaction_id"] as const) {
    const col = m[f]
    if (!isText(col)) continue
    const k = headerKey(col)
    if (seen.has(k)) problems.push(`${f}: column "${col}" is already mapped to ${seen.get(k)}`)
    else seen.set(k, f)
  }
  return problems
}

type Cell = string | number | boolean | Date | null

/** One sheet / CSV row: 1-based line (CSV line or sheet row number) and its cells. */
type SourceRow = { line: number; cells: Cell[] }

const cellText = (c: Cell | undefined): string => {
  if (c === null || c === undefined) return ""
  if (c instanceof Date) return c.toISOString()
  return String(c).trim()
}

async function* csvSource(file: Buffer, m: BankProfileMapping): AsyncGenerator<SourceRow> {
  const encoding = isText(m.encoding) ? m.encoding : "auto"
  for await (const { line, cells } of csvRecords(decodeText(file, encoding), { delimiter: m.delimiter ?? ",", fromLine: (m.skip_lines ?? 0) + 1 })) {
    yield { line, cells }
  }
}

/** An exceljs cell value (rich text, formula result, hyperlink, error…) → a plain cell. */
function xlsxCell(v: unknown): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v
  if (typeof v === "object") {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? "").join("")
    if ("result" in o) return xlsxCell(o.result)
    if ("text" in o) return xlsxCell(o.text)
    if ("error" in o) return null
  }
  return String(v)
}

/** The first worksheet of an XLSX, streaming (exceljs WorkbookReader: rows are parsed as the ZIP entry inflates). */
async function* xlsxSource(file: Buffer, m: BankProfileMapping): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  })
  const skip = m.skip_lines ?? 0
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (row.number <= skip) continue
      const values = row.values as unknown[]
      const cells: Cell[] = []
      for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]))
      yield { line: row.number, cells }
    }
    break // the first worksheet only
  }
}

function validDate(y: number, mo: number, d: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 9999) return null
  const t = new Date(Date.UTC(y, mo - 1, d))
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`
}

/** A date cell → YYYY-MM-DD, by the profile's format (a time after the date is ignored); XLSX dates and serials too. */
function bankDate(c: Cell, format: string): string | null {
  if (c instanceof Date) return validDate(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate())
  if (typeof c === "number") {
    if (format === "YYYYMMDD" && c >= 19000101 && c <= 99991231) return bankDate(String(c), format)
    if (c > 0 && c < 2958466) {
      // an Excel serial day number (1900 date system) without a date style
      const t = new Date(Math.round((c - 25569) * 86_400_000))
      return validDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
    }
    return null
  }
  const s = cellText(c)
  let m: RegExpExecArray | null
  switch (format) {
    case "YYYY/MM/DD":
      m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?![\d/])/.exec(s)
      return m ? validDate(+m[1], +m[2], +m[3]) : null
    case "DD.MM.YYYY":
      m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])/.exec(s)
      return m ? validDate(+m[3], +m[2], +m[1]) : null
    case "MM/DD/YYYY":
      m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/.exec(s)
      return m ? validDate(+m[3], +m[1], +m[2]) : null
    case "YYYYMMDD":
      m = /^(\d{4})(\d{2})(\d{2})(?!\d)/.exec(s)
      return m ? validDate(+m[1], +m[2], +m[3]) : null
    default:
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])/.exec(s)
      return m ? validDate(+m[1], +m[2], +m[3]) : null
  }
}

/**
 * A bank amount cell → the decimal text to convert: spaces, NBSP, apostrophes (thousand separators) and currency
 * symbols dropped; with decimal ",": "." thousands dropped and "," → "."; else "," thousands dropped; "(12.00)" and
 * "12.00-" are negative. null when it does not look like a number.
 */
export function normaliseBankAmount(c: Cell, decimal: "." | ","): string | null {
  if (typeof c === "number") return Number.isFinite(c) ? String(c) : null
  let s = cellText(c).replace(/[\s\u00a0\u202f'’¥￥$€£]/g, "").replace(/^(?:CNY|RMB|USD|EUR|GBP|HKD)/i, "").replace(/(?:CNY|RMB|USD|EUR|GBP|HKD)$/i, "")
  if (s === "") return null
  let negative = false
  if (/^\(.*\)$/.test(s)) {
    negative = true
    s = s.slice(1, -1)
  }
  if (s.endsWith("-")) {
    negative = !negative
    s = s.slice(0, -1)
  }
  if (s.startsWith("-")) {
    negative = !negative
    s = s.slice(1)
  } else if (s.startsWith("+")) s = s.slice(1)
  s = decimal === "," ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "")
  if (!/^\d+(\.\d+)?$/.test(s)) return null
  return negative ? `-${s}` : s
}

/** Currency names Chinese banks print instead of codes. */
const CURRENCY_NAMES: Record<string, string> = { 人民币: "CNY", 人民币元: "CNY", RMB: "CNY", 美元: "USD", 港币: "HKD", 港元: "HKD", 欧元: "EUR", 日元: "JPY", 英镑: "GBP" }

function bankCurrency(text: string): string {
  const t = text.trim().toUpperCase()
  return CURRENCY_NAMES[t] ?? t
}

/**
 * Reads a bank statement export with a merchant's saved column mapping and yields its incoming transfers, streaming.
 *
 * - CSV: decoded streaming with `mapping.encoding` (utf-8, gbk, or any iconv-lite encoding; when unset it is
 *   detected: UTF-8 BOM / valid UTF-8, else GBK), `mapping.delimiter` (default ","), the first `mapping.skip_lines`
 *   lines skipped (banks print the account and period first), then a header row; parsed with csv-parse.
 * - XLSX: the first worksheet, read with exceljs's streaming WorkbookReader; `skip_lines` rows skipped, then the
 *   header row. Date cells may be real dates or text; amount cells numbers or text.
 * Columns are found by the mapped header names (trimmed; case and full-width forms ignored). Amounts: `amount` signed
 * (only > 0 kept) or `credit` (> 0 kept; an empty credit is an outgoing row when there is no `debit` column or the
 * debit cell is filled); `mapping.decimal` "," reads "1.234,56"; converted exactly to minor units of the row's
 * currency (`currency` column — an ISO code, or 人民币/RMB/美元/港币/欧元/日元/英镑 — else `default_currency`),
 * rounded once half-up beyond its digits. `date` → YYYY-MM-DD by `mapping.date_format` (default YYYY-MM-DD; a time
 * after the date is ignored; the bank's own day, no time zone shift). `reference_text` the mapped reference cell (""
 * when empty), `payer_name` null when unmapped or empty. Outgoing (≤ 0) rows are skipped before their other cells are
 * checked; completely empty rows are skipped. `line` is the CSV line / sheet row number (1-based, counting the
 * skipped lines).
 * @throws Error when the mapping is invalid (validateBankProfileMapping's problems), a mapped column is not in the
 *   header, or an incoming row lacks a required cell (date, amount/credit, currency, bank_transaction_id) or has an
 *   unreadable date/amount — the message names the line and the column, e.g.
 *   `bank statement line 7, column "交易流水号" (bank_transaction_id): the cell is empty`
 */
export async function* parseBankStatement(file: Buffer, kind: "csv" | "xlsx", mapping: BankProfileMapping): AsyncGenerator<BankStatementRow> {
  const problems = validateBankProfileMapping(mapping)
  if (problems.length) throw new Error(`bank profile mapping is invalid: ${problems.join("; ")}`)
  if (kind !== "csv" && kind !== "xlsx") throw new Error(`bank statement: unsupported file kind "${kind}" (csv or xlsx)`)
  const source = kind === "csv" ? csvSource(file, mapping) : xlsxSource(file, mapping)
  const decimal = mapping.decimal ?? "."
  const dateFormat = mapping.date_format ?? "YYYY-MM-DD"
  let header: string[] | null = null
  const col = {} as Record<Field, number | undefined>
  for await (const { line, cells } of source) {
    if (cells.every((c) => cellText(c) === "")) continue
    if (!header) {
      header = cells.map((c) => cellText(c).replace(/^\ufeff/, ""))
      const keys = header.map(headerKey)
      for (const f of FIELDS) {
        const name = mapping[f]
        if (!isText(name)) continue
        const exact = header.indexOf(name.trim())
        const i = exact >= 0 ? exact : keys.indexOf(headerKey(name))
        if (i < 0) throw new Error(`bank statement line ${line}: column "${name}" (${f}) is not in the header (found: ${header.filter(Boolean).join(", ")})`)
        col[f] = i
      }
      continue
    }
    const fail = (f: Field, problem: string): never => {
      throw new Error(`bank statement line ${line}, column "${mapping[f]}" (${f}): ${problem}`)
    }
    const get = (f: Field): Cell => (col[f] === undefined ? null : cells[col[f]!] ?? null)
    const text = (f: Field) => cellText(get(f))

    let currency = bankCurrency(text("currency"))
    if (currency && !/^[A-Z]{3}$/.test(currency)) fail("currency", `"${text("currency")}" is not a currency code`)
    if (!currency) {
      if (isText(mapping.default_currency)) currency = mapping.default_currency.toUpperCase()
      else if (col.currency !== undefined) fail("currency", "the cell is empty")
    }
    const amountOf = (f: Field): number | null => {
      if (text(f) === "") return null
      const normal = normaliseBankAmount(get(f), decimal)
      if (normal === null) fail(f, `"${text(f)}" is not an amount`)
      try {
        return decimalTextToMinor(normal, currency || "XXX", f)
      } catch (e) {
        return fail(f, (e as Error).message)
      }
    }
    let amount: number
    if (col.amount !== undefined) {
      const a = amountOf("amount")
      if (a === null) fail("amount", "the cell is empty")
      if (a! <= 0) continue
      amount = a!
    } else {
      const c = amountOf("credit")
      if (c === null) {
        if (col.debit !== undefined && text("debit") === "") fail("credit", "the credit and debit cells are both empty")
        continue
      }
      if (c <= 0) continue
      amount = c
    }
    if (!currency) fail("currency", "the cell is empty")
    if (text("date") === "") fail("date", "the cell is empty")
    const date = bankDate(get("date"), dateFormat)
    if (!date) fail("date", `"${text("date")}" is not a date in the format ${dateFormat}`)
    const txId = text("bank_transaction_id")
    if (txId === "") fail("bank_transaction_id", "the cell is empty")
    const raw: Record<string, string> = {}
    header.forEach((h, i) => {
      if (h !== "" && !(h in raw)) raw[h] = cellText(cells[i] ?? null)
    })
    yield {
      line,
      date: date!,
      amount_minor: amount,
      currency,
      reference_text: text("reference"),
      payer_name: text("payer_name") || null,
      bank_transaction_id: txId,
      raw,
    }
  }
}
