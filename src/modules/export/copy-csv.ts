import { to as copyTo } from "pg-copy-streams"
import type { Writable } from "node:stream"
import { stringify } from "csv-stringify/sync"
import { applyLifecycleFilters } from "../order-management/lifecycle/filters"
import { csvStatement } from "./sql-format"
import { JOINS_FOR, type ExportSelection } from "./read-orders"

/**
 * Counts CSV records as bytes pass (a record ends at a line feed outside double quotes; a quoted field may hold line
 * feeds, and its doubled quotes toggle twice). `feed` returns the offset just after the `want`-th record end in the
 * chunk, counting from the records seen so far, or -1 when the chunk does not reach it.
 */
export class CsvRecordCounter {
  records = 0
  private quoted = false
  /** Scans `chunk` from `from`; stops after the record that makes `records` reach `until` (returns the offset after it), else -1 at the chunk's end. */
  feed(chunk: Buffer, from: number, until: number): number {
    let quoted = this.quoted
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i]
      if (b === 0x22) quoted = !quoted
      else if (b === 0x0a && !quoted && ++this.records >= until) {
        this.quoted = quoted
        return i + 1
      }
    }
    this.quoted = quoted
    return -1
  }
}

/**
 * The select a COPY of a selection runs: its orders (all, the list's filters, or the selected ids) with the joins the
 * fields need, newest first (items in their order), every value masked and formatted in SQL (csvStatement; `sheet`
 * for the XLSX path). Throws when a field has no SQL form (the caller checks csvSql first).
 */
export function selectionCopyStatement(knex: any, sel: ExportSelection, masked: boolean, locale: "en" | "zh", sheet: boolean): string {
  const qb = knex("order_lifecycle").whereNull("deleted_at")
  if (sel.filters) applyLifecycleFilters(qb, sel.filters)
  if (sel.order_ids) qb.whereIn("order_id", sel.order_ids)
  const order = sel.row_mode === "item" ? `l.placed_at desc, l.id desc, li.created_at, li.id` : `l.placed_at desc, l.id desc`
  const select = csvStatement(sel.fields, sel.row_mode, masked, locale, `(${qb.select("*").toString()}) l ${JOINS_FOR(sel).join("\n")}`, order, sel.time_zone, { sheet })
  if (!select) throw new Error("a chosen field has no SQL form: the export takes the JavaScript path")
  return select
}

/**
 * The CSV fast path: PostgreSQL's own COPY … TO STDOUT (FORMAT csv) writes the rows, every value formatted and
 * masked in SQL (sql-format.ts, the same rules as the JavaScript writers), so no row passes through JavaScript; a
 * UTF-8 byte-order mark and the header (csv-stringify) go first. One statement for the whole selection, so
 * PostgreSQL plans it as the plain COPY it is compared with (pages of it each joined Medusa's order, customer and
 * address tables whole again). Progress: the records are counted as the bytes pass, and `onProgress(rows)` is called
 * every `progressEvery` rows (default 50,000) and at least every 10 seconds while rows arrive; when it returns false
 * (canceled) the rows up to that point are written, the statement is canceled in PostgreSQL (pg_cancel_backend) and
 * `{ stopped: true }` returned. Returns the rows written. Used when every chosen field has an SQL form (not the amount
 * breakdown, which only Medusa's totals function computes). Line ends are LF (PostgreSQL's); Excel and every CSV
 * reader take them. Errors: PostgreSQL's, as thrown by the COPY.
 */
export async function copyCsv(
  knex: any,
  sel: ExportSelection,
  opts: { masked: boolean; locale: "en" | "zh"; headers: string[]; progressEvery?: number },
  out: Writable,
  onProgress: (rowsDone: number) => Promise<boolean>
): Promise<{ rows: number; stopped: boolean }> {
  const every = Math.max(1, opts.progressEvery ?? 50_000)
  const select = selectionCopyStatement(knex, sel, opts.masked, opts.locale, false)
  const write = (chunk: string | Buffer) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", r)))
  await write("\uFEFF" + stringify([opts.headers], { record_delimiter: "unix" }))
  const counter = new CsvRecordCounter()
  let next = every
  let lastReport = Date.now()
  const r = await streamCopy(knex, `copy (${select}) to stdout with (format csv)`, async (chunk) => {
    let start = 0
    for (;;) {
      const end = counter.feed(chunk, start, next)
      if (end < 0) break
      await write(chunk.subarray(start, end))
      start = end
      next += every
      lastReport = Date.now()
      if (!(await onProgress(counter.records))) return false
    }
    if (start < chunk.length) await write(start ? chunk.subarray(start) : chunk)
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now()
      // a record not finished yet is not counted
      if (!(await onProgress(counter.records))) return false
    }
    return true
  })
  let stopped = r.stopped
  if (!stopped && counter.records % every !== 0) stopped = !(await onProgress(counter.records))
  return { rows: counter.records, stopped }
}

/**
 * Runs `copy … to stdout` on a connection of its own and hands each chunk to `handle`, one at a time (the stream is
 * paused meanwhile). When `handle` returns false, the rest is dropped and the statement canceled in PostgreSQL
 * (`pg_cancel_backend`; the COPY then ends with "canceling statement due to user request", which is not an error
 * here). Resolves `{ stopped }` once PostgreSQL has ended the COPY, so the connection goes back to the pool idle.
 * Errors: PostgreSQL's, and `handle`'s.
 */
export async function streamCopy(knex: any, sql: string, handle: (chunk: Buffer) => Promise<boolean>): Promise<{ stopped: boolean }> {
  const conn = await knex.client.acquireConnection()
  let stopped = false
  try {
    const stream = conn.query(copyTo(sql))
    await new Promise<void>((resolve, reject) => {
      let failed: unknown = null
      stream.on("data", (chunk: Buffer) => {
        if (stopped || failed) return // after a stop: what PostgreSQL sent before the cancel reached it is dropped
        stream.pause()
        handle(chunk).then(
          (go) => {
            if (!go) {
              stopped = true
              if (!stream.readableEnded) void knex.raw("select pg_cancel_backend(?)", [conn.processID]).catch(() => undefined)
            }
            stream.resume()
          },
          (e) => {
            failed = e
            stream.resume()
          }
        )
      })
      stream.on("end", () => (failed ? reject(failed) : resolve()))
      stream.on("error", (e: Error) => (failed ? reject(failed) : stopped ? resolve() : reject(e)))
    })
    return { stopped }
  } finally {
    knex.client.releaseConnection(conn)
  }
}
