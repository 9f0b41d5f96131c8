import { to as copyTo } from "pg-copy-streams"
import type { Writable } from "node:stream"
import { stringify } from "csv-stringify/sync"
import { applyLifecycleFilters } from "../order-management/lifecycle/filters"
import { csvStatement } from "./sql-format"
import { JOINS_FOR, type ExportSelection } from "./read-orders"

/**
 * The CSV fast path: PostgreSQL's own COPY … TO STDOUT (FORMAT csv) writes the rows, every value formatted and
 * masked in SQL (sql-format.ts, the same rules as the JavaScript writers), so no row passes through JavaScript; a
 * UTF-8 byte-order mark and the header (csv-stringify) go first. Keyset pages of `pageSize` orders (default: an eighth
 * of `total`, at least 50,000): before each page
 * one index read finds the page's last key, then one COPY writes the orders between the keys, so progress and a
 * cancel are seen between pages. `onPage(rows)` after each page returns false to stop (canceled). Returns the rows
 * written. Used when every chosen field has an SQL form (not the amount breakdown, which only Medusa's totals
 * function computes). Line ends are LF (PostgreSQL's); Excel and every CSV reader take them.
 */
export async function copyCsv(
  knex: any,
  sel: ExportSelection,
  opts: { masked: boolean; locale: "en" | "zh"; headers: string[]; pageSize?: number; total?: number },
  out: Writable,
  onPage: (rowsDone: number) => Promise<boolean>
): Promise<{ rows: number; stopped: boolean }> {
  // at most about eight pages: each page's joins may read Medusa's order and customer tables whole (a hash join),
  // so fewer, larger pages cost less; progress and a cancel are still seen every eighth of the way
  const pageSize = opts.pageSize ?? Math.max(50_000, Math.ceil((opts.total ?? 0) / 8))
  const joins = JOINS_FOR(sel)
  const order = sel.row_mode === "item" ? `l.placed_at desc, l.id desc, li.created_at, li.id` : `l.placed_at desc, l.id desc`
  const write = (chunk: string | Buffer) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", r)))
  await write("\uFEFF" + stringify([opts.headers], { record_delimiter: "unix" }))
  const conn = await knex.client.acquireConnection()
  let rows = 0
  try {
    let after: { placed: string; id: string } | null = null
    for (;;) {
      const keys = () => {
        const qb = knex("order_lifecycle").whereNull("deleted_at")
        if (sel.filters) applyLifecycleFilters(qb, sel.filters)
        if (sel.order_ids) qb.whereIn("order_id", sel.order_ids)
        if (after) qb.whereRaw("(placed_at, id) < (?::timestamptz, ?)", [after.placed, after.id])
        return qb
      }
      const [last] = await keys().select(knex.raw("placed_at::text as placed"), "id").orderBy([{ column: "placed_at", order: "desc" }, { column: "id", order: "desc" }]).offset(pageSize - 1).limit(1)
      const page = keys().select("*")
      if (last) page.whereRaw("(placed_at, id) >= (?::timestamptz, ?)", [last.placed, last.id])
      const select = csvStatement(sel.fields, sel.row_mode, opts.masked, opts.locale, `(${page.toString()}) l ${joins.join("\n")}`, order, sel.time_zone)
      if (!select) throw new Error("copyCsv: a chosen field has no SQL form")
      const sql = `copy (${select}) to stdout with (format csv)`
      const stream = conn.query(copyTo(sql))
      for await (const chunk of stream) await write(chunk)
      rows += Number((stream as any).rowCount ?? 0)
      if (!(await onPage(rows))) return { rows, stopped: true }
      if (!last) return { rows, stopped: false }
      after = last
    }
  } finally {
    knex.client.releaseConnection(conn)
  }
}
