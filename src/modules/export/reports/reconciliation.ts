import { sumToMinorUnits } from "../../../utils/money"

/** One line of the financial reconciliation: a day × currency × payment channel. Amounts in integer minor units. */
export type ReconciliationLine = {
  day: string
  currency_code: string
  provider_id: string
  /** orders whose payment was confirmed that day */
  orders: number
  /** money captured that day (Medusa's captures) */
  paid_minor: number
  /** money refunded that day (Medusa's refunds) */
  refunded_minor: number
  /** the channel's fees recorded on the orders confirmed that day (option paymentChannels.<channel>.fee) */
  fee_minor: number
  /** paid − refunded − fees */
  net_minor: number
}

/**
 * The financial reconciliation of the days `from`–`to` (YYYY-MM-DD, inclusive, calendar days in time zone `tz`): per
 * day, currency and payment channel, the orders confirmed, the money captured and refunded (Medusa's `capture` and
 * `refund` rows by their creation day, only payments of orders), the fees recorded on the confirmed orders, and the
 * net. Read from the raw tables (not the statistics rollups, so it never waits for a refresh), amounts summed exactly
 * and rounded once per line. `currency` narrows it to one currency. Sorted by day, currency, channel.
 */
export async function readReconciliation(knex: any, tz: string, from: string, to: string, currency?: string | null): Promise<ReconciliationLine[]> {
  const b = { tz, from, to, currency: currency ?? null }
  const day = (col: string) => `to_char(${col} at time zone :tz, 'YYYY-MM-DD')`
  const start = `(:from::date::timestamp at time zone :tz)`
  const end = `((:to::date + 1)::timestamp at time zone :tz)`
  /** Medusa's captures or refunds (`table`) by their day, currency and provider, only payments of orders */
  const movement = (table: "capture" | "refund", a: string) =>
    knex.raw(
      `select ${day(`${a}.created_at`)} as day, p.currency_code, p.provider_id, sum(${a}.amount)::text as amount
       from ${table} ${a} join payment p on p.id = ${a}.payment_id and p.deleted_at is null
       where ${a}.deleted_at is null and ${a}.created_at >= ${start} and ${a}.created_at < ${end} and (:currency::text is null or p.currency_code = :currency)
         and exists (select 1 from order_payment_collection opc where opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null)
       group by 1, 2, 3`,
      b
    )
  const [paid, captured, refunded] = await Promise.all([
    knex.raw(
      `select ${day("l.paid_at")} as day, l.currency_code, coalesce(l.payment_provider, '') as provider_id, count(*)::int as orders,
         coalesce(sum(l.payment_fee_minor), 0)::bigint::text as fee_minor
       from order_lifecycle l
       where l.deleted_at is null and l.paid_at >= ${start} and l.paid_at < ${end} and (:currency::text is null or l.currency_code = :currency)
       group by 1, 2, 3`,
      b
    ),
    movement("capture", "c"),
    movement("refund", "r"),
  ])
  const lines = new Map<string, ReconciliationLine>()
  const at = (r: { day: string; currency_code: string; provider_id: string }) => {
    const key = `${r.day}|${r.currency_code}|${r.provider_id}`
    let l = lines.get(key)
    if (!l) lines.set(key, (l = { day: r.day, currency_code: r.currency_code, provider_id: r.provider_id, orders: 0, paid_minor: 0, refunded_minor: 0, fee_minor: 0, net_minor: 0 }))
    return l
  }
  for (const r of paid.rows) Object.assign(at(r), { orders: r.orders, fee_minor: Number(r.fee_minor) })
  for (const r of captured.rows) at(r).paid_minor = sumToMinorUnits([r.amount], r.currency_code)
  for (const r of refunded.rows) at(r).refunded_minor = sumToMinorUnits([r.amount], r.currency_code)
  const out = [...lines.values()].map((l) => ({ ...l, net_minor: l.paid_minor - l.refunded_minor - l.fee_minor }))
  return out.sort((a, b) => a.day.localeCompare(b.day) || a.currency_code.localeCompare(b.currency_code) || a.provider_id.localeCompare(b.provider_id))
}
