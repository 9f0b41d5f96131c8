import { createGzip } from "node:zlib"
import type { Writable } from "node:stream"
import { minorToMajor, type Cell } from "../format"
import type { Column, ExportWriter } from "./types"

/** One cell as a JSON value: money as the exact decimal string in major units (never a float), datetimes as written, the rest as they are. */
export function jsonValue(c: Cell): string | number | boolean | null {
  if (c === null) return null
  switch (c.t) {
    case "money":
      return minorToMajor(c.minor, c.digits)
    case "int":
      return c.v
    case "bool":
      return c.v
    default:
      return c.v
  }
}

/**
 * Gzipped JSON Lines (the backup archive): one order per line, `{ order_id, <field>: value, …, items: [...] }`, the
 * extras (items) given per row. Gzip through node:zlib with back-pressure.
 */
export function jsonlGzWriter(out: Writable, columns: Column[]): ExportWriter {
  const gzip = createGzip()
  gzip.pipe(out)
  return {
    async addRows(rows, extras) {
      for (let i = 0; i < rows.length; i++) {
        const record: Record<string, unknown> = {}
        columns.forEach((c, j) => (record[c.key] = jsonValue(rows[i][j])))
        if (extras) Object.assign(record, extras[i])
        if (!gzip.write(JSON.stringify(record) + "\n")) await new Promise<void>((r) => gzip.once("drain", r))
      }
    },
    async end() {
      await new Promise<void>((resolve, reject) => {
        out.once("finish", resolve)
        out.once("error", reject)
        gzip.end()
      })
    },
    abort(error) {
      gzip.unpipe(out)
      out.destroy(error)
    },
  }
}
