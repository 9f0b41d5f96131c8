import { applyLifecycleFilters, type LifecycleFilters } from "../order-management/lifecycle/filters"
import type { ExportField, FieldSource } from "./fields"

/** What to read: the orders (all, filtered by the list's filters, or the selected ids), the fields, one row per order or per item. */
export type ExportSelection = {
  filters?: LifecycleFilters | null
  order_ids?: string[] | null
  fields: ExportField[]
  row_mode: "order" | "item"
  /** the store's time zone (IANA): datetimes are written as its wall-clock time */
  time_zone: string
}

/** One row as read: the order's keys and each field's raw value under its key (money in minor units or as Medusa's decimal, see fields.ts). */
export type RawRow = { __lifecycle_id: string; __order_id: string; __currency: string } & Record<string, unknown>

/** The orders of a selection (a builder over order_lifecycle, unaliased columns as the list's filters expect). */
function ordersOf(knex: any, sel: ExportSelection) {
  const qb = knex("order_lifecycle").whereNull("deleted_at")
  if (sel.filters) applyLifecycleFilters(qb, sel.filters)
  if (sel.order_ids) qb.whereIn("order_id", sel.order_ids)
  return qb
}

/** How many orders (and rows, for a row per item) the selection will write: the progress bar's total. */
export async function countSelection(knex: any, sel: ExportSelection): Promise<number> {
  const orders = ordersOf(knex, sel).select("order_id")
  if (sel.row_mode === "order") {
    const [{ n }] = await knex.count({ n: "*" }).from(orders.as("o"))
    return Number(n)
  }
  const { rows } = await knex.raw(
    `select count(*)::bigint as n from (${orders.toString()}) l join "order" o on o.id = l.order_id
     left join order_item it on it.order_id = o.id and it.version = o.version and it.deleted_at is null`
  )
  return Number(rows[0].n)
}

const JOINS: Record<Exclude<FieldSource, "lifecycle" | "breakdown">, string> = {
  order: ``,
  customer: `left join customer c on c.id = o.customer_id`,
  address: `left join order_address sa on sa.id = o.shipping_address_id`,
  summary: `left join order_summary s on s.order_id = o.id and s.version = o.version and s.deleted_at is null`,
  payment: `left join lateral (
      select coalesce(p.data->'platform'->>'transaction_id', p.data->>'transaction_id',
               (select e.transaction_id from order_payment_event e where e.order_id = l.order_id and e.platform_status = 'paid' and e.deleted_at is null order by e.created_at limit 1)) as transaction_id,
             p.data->>'out_trade_no' as out_trade_no
      from order_payment_collection opc join payment p on p.payment_collection_id = opc.payment_collection_id and p.deleted_at is null
      where opc.order_id = l.order_id and opc.deleted_at is null
      order by p.captured_at desc nulls last, p.created_at desc limit 1) pay on true`,
  notes: `left join lateral (select count(*)::int as count from order_note n where n.lifecycle_id = l.id and n.deleted_at is null and n.kind in ('note', 'communication')) nc on true`,
  items: `left join lateral (
      select string_agg(li.product_title || ' × ' || x.quantity, '; ' order by li.created_at, li.id) as products,
             string_agg(coalesce(li.variant_title, ''), '; ' order by li.created_at, li.id) as variants,
             string_agg(coalesce(li.variant_sku, ''), '; ' order by li.created_at, li.id) as skus,
             sum(x.quantity)::int as quantity
      from order_item x join order_line_item li on li.id = x.item_id and li.deleted_at is null
      where x.order_id = o.id and x.version = o.version and x.deleted_at is null) items on true`,
}

/** The joins a selection's fields need (and the items, for a row per item), aliased as fields.ts expects. */
export function JOINS_FOR(sel: ExportSelection): string[] {
  const sources = new Set(sel.fields.map((f) => f.source))
  const needsOrder = sel.row_mode === "item" || [...sources].some((s) => s !== "lifecycle" && s !== "breakdown")
  const joins: string[] = []
  if (needsOrder) joins.push(`join "order" o on o.id = l.order_id`)
  for (const s of ["customer", "address", "summary", "payment", "notes"] as const) if (sources.has(s)) joins.push(JOINS[s])
  if (sources.has("customer") && !sources.has("address")) joins.push(JOINS.address) // the customer's phone falls back to the shipping address's
  if (sel.row_mode === "order" && sources.has("items")) joins.push(JOINS.items)
  if (sel.row_mode === "item") {
    // left joins: an order without items still gets its row (and the page's last order is the last row's)
    joins.push(`left join order_item it on it.order_id = o.id and it.version = o.version and it.deleted_at is null
      left join order_line_item li on li.id = it.item_id and li.deleted_at is null`)
  }
  return joins
}

/**
 * The statement of one page of a selection (or, with `pageSize` null, of all of it: the benchmark's COPY baseline
 * reads the same columns through the same joins): rows after `after` (the last row's placement time as text and
 * lifecycle id) in the export's order. Positional bindings, for knex.raw.
 */
export function selectionStatement(knex: any, sel: ExportSelection, after: { placed: string; id: string } | null, pageSize: number | null): { sql: string; bindings: unknown[] } {
  const joins = JOINS_FOR(sel)
  const bindings: unknown[] = []
  const columns = sel.fields
    .filter((f) => f.source !== "breakdown")
    .map((f) => {
      const sql = (sel.row_mode === "item" ? f.itemSql ?? f.sql : f.sql)!
      const withTz = sql.replace(/:tz\b/g, () => {
        bindings.push(sel.time_zone)
        return "?"
      })
      return `${withTz} as "${f.key}"`
    })
  const page = ordersOf(knex, sel)
    .select("*", knex.raw("placed_at::text as __placed"))
    .orderBy([{ column: "placed_at", order: "desc" }, { column: "id", order: "desc" }])
  if (pageSize !== null) page.limit(pageSize)
  if (after) page.whereRaw("(placed_at, id) < (?::timestamptz, ?)", [after.placed, after.id])
  const pageSql = page.toSQL().toNative()
  const order = sel.row_mode === "item" ? `l.placed_at desc, l.id desc, li.created_at, li.id` : `l.placed_at desc, l.id desc`
  const sql = `select l.id as __lifecycle_id, l.order_id as __order_id, l.currency_code as __currency, l.__placed${columns.length ? ", " + columns.join(", ") : ""}
      from (${pageSql.sql.replace(/\$(\d+)/g, "?")}) l ${joins.join("\n")}
      order by ${order}`
  return { sql, bindings: [...bindings, ...pageSql.bindings] }
}

/**
 * The selection's rows, page by page, newest order first (placed_at, then id, descending), with keyset paging: each
 * page is one statement that starts where the last ended, so memory stays flat and the millionth order costs what
 * the first did; the next page is read while the caller works on this one. `pageSize` orders per page (a row per item yields all their items). Only the tables the fields need
 * are joined. Values: see ExportField.sql.
 */
export async function* readSelection(knex: any, sel: ExportSelection, pageSize = 2000): AsyncGenerator<RawRow[]> {
  const read = (after: { placed: string; id: string } | null): Promise<RawRow[]> => {
    const { sql, bindings } = selectionStatement(knex, sel, after, pageSize)
    const pending = knex.raw(sql, bindings).then((r: { rows: RawRow[] }) => r.rows)
    pending.catch(() => undefined) // a read ahead that the consumer never awaits (it stopped) must not go unhandled
    return pending
  }
  // one page read ahead: the next page's statement runs in PostgreSQL while this one is formatted and written
  let next = read(null)
  for (;;) {
    const rows = await next
    if (!rows.length) return
    const last = rows[rows.length - 1]
    const orders = sel.row_mode === "item" ? new Set(rows.map((r: RawRow) => r.__lifecycle_id)).size : rows.length
    const more = orders >= pageSize
    if (more) next = read({ placed: last.__placed as string, id: last.__lifecycle_id })
    yield rows
    if (!more) return
  }
}

/** Totals of a selection for a PDF's summary: per currency (orders, total, paid; minor units) and per payment channel and currency (orders, paid). */
export async function summarizeSelection(knex: any, sel: ExportSelection) {
  const base = () => ordersOf(knex, sel)
  const [byCurrency, byChannel] = await Promise.all([
    base().select("currency_code").count({ orders: "*" }).sum({ total_minor: "total_minor" }).sum({ paid_minor: "paid_minor" }).groupBy("currency_code").orderBy("currency_code"),
    base()
      .select(knex.raw("coalesce(payment_provider, '') as provider_id"), "currency_code")
      .count({ orders: "*" })
      .sum({ paid_minor: "paid_minor" })
      .groupByRaw("1, 2")
      .orderByRaw("3 desc, 1, 2"),
  ])
  const n = (v: unknown) => Number(v ?? 0)
  return {
    currencies: byCurrency.map((r: any) => ({ currency_code: r.currency_code as string, orders: n(r.orders), total_minor: n(r.total_minor), paid_minor: n(r.paid_minor) })),
    channels: byChannel.map((r: any) => ({ provider_id: r.provider_id as string, currency_code: r.currency_code as string, orders: n(r.orders), paid_minor: n(r.paid_minor) })),
  }
}
