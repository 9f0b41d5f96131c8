import type { Writable } from "node:stream"
import { selectionCopyStatement, streamCopy } from "./copy-csv"
import type { ExportSelection } from "./read-orders"
import type { Column } from "./writers/types"
import { startSheetWorker } from "./writers/xlsx"

/**
 * The XLSX fast path: PostgreSQL's COPY (text format) reads and formats every row — masked, labelled, money in major
 * units, times in the store's zone, as the CSV's COPY does (csvStatement with `sheet`: no formula guard, each row's
 * currency first) — and the worker thread that builds the workbook parses the text into typed cells
 * (copyTextParser). The export's own thread only passes bytes, about 256 KB at a time, one batch in flight, so memory
 * stays flat on both sides. Progress every `progressEvery` rows (default 50,000): `onProgress(rows)` returning false
 * (canceled) stops the COPY (streamCopy) and aborts the workbook. Used when every chosen field has an SQL form.
 * Returns the rows written; `out` is ended when the workbook is complete.
 */
export async function copyXlsx(
  knex: any,
  sel: ExportSelection,
  opts: { masked: boolean; locale: "en" | "zh"; columns: Column[]; sheetName: string; progressEvery?: number },
  out: Writable,
  onProgress: (rowsDone: number) => Promise<boolean>
): Promise<{ rows: number; stopped: boolean }> {
  const every = Math.max(1, opts.progressEvery ?? 50_000)
  const select = selectionCopyStatement(knex, sel, opts.masked, opts.locale, true)
  const sheet = startSheetWorker(out, opts.columns, opts.locale, opts.sheetName)
  const BATCH = 256 * 1024
  let batch: Buffer[] = []
  let size = 0
  let rows = 0
  let next = every
  let lastReport = Date.now()
  const flush = async () => {
    if (!size) return true
    const bytes = batch.length === 1 ? batch[0] : Buffer.concat(batch, size)
    batch = []
    size = 0
    rows += await sheet.copy(bytes)
    if (rows >= next || Date.now() - lastReport > 10_000) {
      while (next <= rows) next += every
      lastReport = Date.now()
      return onProgress(rows)
    }
    return true
  }
  try {
    const r = await streamCopy(knex, `copy (${select}) to stdout`, async (chunk) => {
      batch.push(chunk)
      size += chunk.length
      return size >= BATCH ? flush() : true
    })
    let stopped = r.stopped || !(await flush())
    if (stopped) {
      sheet.abort()
      return { rows, stopped }
    }
    if (rows % every !== 0) stopped = !(await onProgress(rows))
    if (stopped) {
      sheet.abort()
      return { rows, stopped }
    }
    await sheet.finish()
    return { rows, stopped: false }
  } catch (e) {
    sheet.abort(e as Error)
    throw e
  }
}
