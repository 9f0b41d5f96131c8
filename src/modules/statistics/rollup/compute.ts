import { timeToPayBucketSql } from "./buckets"

/** A knex instance (or transaction) on the store's database. */
type Knex = { raw: (sql: string, bindings?: unknown) => Promise<{ rows: any[] }> }

export type OrderStatsRow = {
  day: string
  currency_code: string
  provider_id: string
  orders: number
  canceled_orders: number
  paid_orders: number
  /** minor units (sum of the lifecycle's total_minor), integer as a decimal string */
  paid_orders_minor: string
  /** major units, exact decimal strings (Medusa's amounts) */
  captured_amount: string
  refunded_amount: string
  sessions: number
  paid_sessions: number
  time_to_pay_seconds: string
}
export type CartStatsRow = { day: string; currency_code: string; carts: number; checkouts: number; orders: number }
export type ProductStatsRow = { day: string; currency_code: string; product_id: string; title: string; quantity: number; orders: number; revenue_amount: string }
export type PaymentTimeRow = { day: string; currency_code: string; provider_id: string; bucket_seconds: number; payments: number }
export type CustomerStatsRow = { day: string; currency_code: string; kind: "paid" | "second"; ref_day: string; customers: number }

export type Rollups = {
  orders: OrderStatsRow[]
  carts: CartStatsRow[]
  products: ProductStatsRow[]
  paymentTimes: PaymentTimeRow[]
  customers: CustomerStatsRow[]
}

/**
 * Every rollup row of the days from `start` (inclusive) to `end` (exclusive), instants at the store's midnights in
 * time zone `tz` (IANA), computed from the raw tables in plain SQL: the plugin's order_lifecycle (placement, payment
 * time, provider, totals, customer) and Medusa 2.21's capture, refund, payment, payment_session, cart,
 * cart_line_item, cart_payment_collection, order, order_item, order_line_item and order_line_item_adjustment. It
 * reads only, so it runs outside the write transaction; grouping happens here, one statement per rollup, so a
 * 90-day rebuild is as many statements as a one-day refresh (each scans the tables Medusa does not index by
 * date once).
 *
 * Requires Medusa's order, payment and cart modules in the plugin's database (Medusa's default: one database). Throws
 * the database's error otherwise (42P01), which the refresh reports.
 */
export async function computeRollups(knex: Knex, tz: string, start: Date, end: Date): Promise<Rollups> {
  const day = (col: string) => `to_char(${col} at time zone :tz, 'YYYY-MM-DD')`
  const b = { tz, start, end }
  const q = async (sql: string) => (await knex.raw(sql, b)).rows
  const [placed, paid, captured, refunded, sessions, carts, products, times, customers] = await Promise.all([
    q(`select ${day("l.placed_at")} as day, l.currency_code, coalesce(l.payment_provider, '') as provider_id,
         count(*)::int as orders, count(*) filter (where l.canceled_at is not null or l.payment_status = 'canceled')::int as canceled_orders
       from order_lifecycle l
       where l.deleted_at is null and l.placed_at >= :start and l.placed_at < :end
       group by 1, 2, 3`),
    q(`select ${day("l.paid_at")} as day, l.currency_code, coalesce(l.payment_provider, '') as provider_id,
         count(*)::int as paid_orders, sum(l.total_minor)::text as paid_orders_minor,
         sum(greatest(0, floor(extract(epoch from l.paid_at - l.placed_at))))::bigint::text as time_to_pay_seconds
       from order_lifecycle l
       where l.deleted_at is null and l.paid_at >= :start and l.paid_at < :end
       group by 1, 2, 3`),
    q(`select ${day("c.created_at")} as day, p.currency_code, p.provider_id, sum(c.amount)::text as amount
       from capture c join payment p on p.id = c.payment_id and p.deleted_at is null
       where c.deleted_at is null and c.created_at >= :start and c.created_at < :end
         and exists (select 1 from order_payment_collection opc where opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null)
       group by 1, 2, 3`),
    q(`select ${day("r.created_at")} as day, p.currency_code, p.provider_id, sum(r.amount)::text as amount
       from refund r join payment p on p.id = r.payment_id and p.deleted_at is null
       where r.deleted_at is null and r.created_at >= :start and r.created_at < :end
         and exists (select 1 from order_payment_collection opc where opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null)
       group by 1, 2, 3`),
    q(`select ${day("s.created_at")} as day, s.currency_code, s.provider_id, count(*)::int as sessions,
         count(*) filter (where exists (select 1 from payment p where p.payment_session_id = s.id and p.deleted_at is null and p.captured_at is not null))::int as paid_sessions
       from payment_session s
       where s.created_at >= :start and s.created_at < :end
       group by 1, 2, 3`),
    // the carts of the days, then those of them with a payment session: joins on the link tables' indexes (a
    // correlated EXISTS per cart would read payment_session once per cart)
    q(`with carts as materialized (
         select c.id, c.created_at, c.currency_code, c.completed_at from cart c
         where c.deleted_at is null and c.created_at >= :start and c.created_at < :end
           and exists (select 1 from cart_line_item li where li.cart_id = c.id and li.deleted_at is null)
       ), checkouts as (
         select distinct cpc.cart_id from carts x
         join cart_payment_collection cpc on cpc.cart_id = x.id and cpc.deleted_at is null
         join payment_session ps on ps.payment_collection_id = cpc.payment_collection_id and ps.deleted_at is null
       )
       select ${day("x.created_at")} as day, x.currency_code, count(*)::int as carts, count(k.cart_id)::int as checkouts,
         count(*) filter (where x.completed_at is not null)::int as orders
       from carts x left join checkouts k on k.cart_id = x.id
       group by 1, 2`),
    q(`select ${day("l.paid_at")} as day, l.currency_code, li.product_id,
         (array_agg(li.product_title order by l.paid_at desc))[1] as title,
         sum(oi.quantity)::bigint::int as quantity, count(distinct l.order_id)::int as orders,
         sum(li.unit_price * oi.quantity - coalesce(adj.amount, 0))::text as revenue_amount
       from order_lifecycle l
       join "order" o on o.id = l.order_id
       join order_item oi on oi.order_id = o.id and oi.version = o.version and oi.deleted_at is null
       join order_line_item li on li.id = oi.item_id and li.deleted_at is null
       left join lateral (select sum(a.amount) as amount from order_line_item_adjustment a where a.item_id = li.id and a.deleted_at is null) adj on true
       where l.deleted_at is null and l.paid_at >= :start and l.paid_at < :end and li.product_id is not null
       group by 1, 2, 3`),
    q(`select day, currency_code, provider_id, ${timeToPayBucketSql("s")}::int as bucket_seconds, count(*)::int as payments
       from (
         select ${day("l.paid_at")} as day, l.currency_code, coalesce(l.payment_provider, '') as provider_id,
           greatest(0, floor(extract(epoch from l.paid_at - l.placed_at)))::bigint as s
         from order_lifecycle l
         where l.deleted_at is null and l.paid_at >= :start and l.paid_at < :end
       ) t
       group by 1, 2, 3, 4`),
    // each paid order with its customer's previous paid order (same currency); the second paid order with the first
    q(`with buyers as (
         select distinct customer_id, currency_code from order_lifecycle
         where deleted_at is null and customer_id is not null and paid_at >= :start and paid_at < :end
       ), paid as (
         select l.currency_code, l.paid_at,
           lag(l.paid_at) over w as prev_at, first_value(l.paid_at) over w as first_at, row_number() over w as n
         from order_lifecycle l join buyers b on b.customer_id = l.customer_id and b.currency_code = l.currency_code
         where l.deleted_at is null and l.paid_at is not null and l.paid_at < :end
         window w as (partition by l.customer_id, l.currency_code order by l.paid_at, l.id)
       )
       select ${day("paid_at")} as day, currency_code, 'paid' as kind, coalesce(${day("prev_at")}, '') as ref_day, count(*)::int as customers
       from paid where paid_at >= :start group by 1, 2, 3, 4
       union all
       select ${day("paid_at")}, currency_code, 'second', ${day("first_at")}, count(*)::int
       from paid where paid_at >= :start and n = 2 group by 1, 2, 3, 4`),
  ])

  // placed, paid, captured, refunded and sessions share the day × currency × provider grain
  const orders = new Map<string, OrderStatsRow>()
  const at = (r: { day: string; currency_code: string; provider_id: string }) => {
    const key = `${r.day}|${r.currency_code}|${r.provider_id}`
    let row = orders.get(key)
    if (!row) {
      row = {
        day: r.day, currency_code: r.currency_code, provider_id: r.provider_id, orders: 0, canceled_orders: 0, paid_orders: 0,
        paid_orders_minor: "0", captured_amount: "0", refunded_amount: "0", sessions: 0, paid_sessions: 0, time_to_pay_seconds: "0",
      }
      orders.set(key, row)
    }
    return row
  }
  for (const r of placed) Object.assign(at(r), { orders: r.orders, canceled_orders: r.canceled_orders })
  for (const r of paid) Object.assign(at(r), { paid_orders: r.paid_orders, paid_orders_minor: r.paid_orders_minor, time_to_pay_seconds: r.time_to_pay_seconds })
  for (const r of captured) at(r).captured_amount = r.amount
  for (const r of refunded) at(r).refunded_amount = r.amount
  for (const r of sessions) Object.assign(at(r), { sessions: r.sessions, paid_sessions: r.paid_sessions })

  return {
    orders: [...orders.values()],
    carts: carts as CartStatsRow[],
    products: products.map((r: any) => ({ ...r, title: r.title ?? "" })) as ProductStatsRow[],
    paymentTimes: times as PaymentTimeRow[],
    customers: customers as CustomerStatsRow[],
  }
}
