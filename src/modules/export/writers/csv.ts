import { stringify } from "csv-stringify"
import type { Writable } from "node:stream"
import { minorToMajor, type Cell } from "../format"
import type { Column, ExportWriter } from "./types"

/** A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) gets a leading apostrophe (OWASP CSV injection). */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** One cell as CSV text: money as the exact decimal in major units, booleans in the export's language. */
export function csvText(c: Cell, yes: string, no: string): string {
  if (c === null) return ""
  switch (c.t) {
    case "money":
      return minorToMajor(c.minor, c.digits)
    case "int":
      return String(c.v)
    case "bool":
      return c.v ? yes : no
    case "datetime":
      return c.v
    default:
      return neutralizeFormula(c.v)
  }
}

/**
 * CSV (RFC 4180, csv-stringify) in UTF-8 with a byte-order mark so Excel opens Chinese text correctly, the header row
 * first, CRLF line ends.
 */
export function csvWriter(out: Writable, columns: Column[], locale: "en" | "zh"): ExportWriter {
  const yes = locale === "zh" ? "是" : "yes"
  const no = locale === "zh" ? "否" : "no"
  const csv = stringify({ bom: true, record_delimiter: "windows" })
  csv.pipe(out)
  const write = (record: string[]) => (csv.write(record) ? Promise.resolve() : new Promise<void>((r) => csv.once("drain", r)))
  let started = write(columns.map((c) => c.header))
  return {
    async addRows(rows) {
      await started
      for (const row of rows) {
        if (!csv.write(row.map((c) => csvText(c, yes, no)))) await new Promise<void>((r) => csv.once("drain", r))
      }
    },
    async end() {
      await started
      await new Promise<void>((resolve, reject) => {
        out.once("finish", resolve)
        out.once("error", reject)
        csv.end()
      })
    },
    abort(error) {
      csv.unpipe(out)
      out.destroy(error)
    },
  }
}
