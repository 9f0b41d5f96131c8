import { DateTime } from "luxon"
import { divideRounded } from "../../gateways/decimal"
import { sumToMinorUnits } from "../../utils/money"
import { histogramPercentile } from "./rollup/buckets"
import type { PeriodSums } from "./service"

export type Granularity = "day" | "week" | "month"
export type Compare = "previous_period" | "previous_year"

/**
 * The comparison period of `from`–`to` (YYYY-MM-DD, inclusive): the same number of days just before
 * (`previous_period`), or the same dates one year earlier (`previous_year`; 29 February maps to 28 February).
 */
export function comparisonRange(from: string, to: string, compare: Compare): { from: string; to: string } {
  const f = DateTime.fromISO(from, { zone: "utc" })
  const t = DateTime.fromISO(to, { zone: "utc" })
  if (compare === "previous_year") return { from: f.minus({ years: 1 }).toISODate()!, to: t.minus({ years: 1 }).toISODate()! }
  const days = Math.round(t.diff(f, "days").days) + 1
  return { from: f.minus({ days }).toISODate()!, to: f.minus({ days: 1 }).toISODate()! }
}

const DAY_MS = 86_400_000
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`)
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The first day (YYYY-MM-DD) of the day, ISO week (Monday) or month holding `day` (calendar arithmetic in UTC). */
export function bucketOf(day: string, g: Granularity): string {
  if (g === "day") return day
  if (g === "month") return `${day.slice(0, 7)}-01`
  const ms = utc(day)
  return iso(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS)
}

/** Every bucket start from the one holding `from` to the one holding `to`, in order. */
export function bucketsBetween(from: string, to: string, g: Granularity): string[] {
  const out: string[] = []
  const end = utc(to)
  if (g === "month") {
    const d = new Date(utc(bucketOf(from, g)))
    while (d.getTime() <= end) {
      out.push(iso(d.getTime()))
      d.setUTCMonth(d.getUTCMonth() + 1)
    }
    return out
  }
  const step = g === "week" ? 7 * DAY_MS : DAY_MS
  for (let ms = utc(bucketOf(from, g)); ms <= end; ms += step) out.push(iso(ms))
  return out
}

/** Days from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  return bucketsBetween(from, to, "day")
}

/** a / b, or null when b is 0 (a rate of nothing is not 0 %). */
const ratio = (a: number, b: number) => (b ? a / b : null)
/** (a − b) / b, or null when b is 0. */
export const growth = (a: number, b: number) => (b ? (a - b) / b : null)


/**
 * Sums of one period turned into the API's numbers (minor units, counts, rates 0–1, seconds).
 * Series points are labelled with the first day of each bucket that lies in the period (a partial first week or
 * month starts at `from`). With `align` (the current period, for the comparison's report), the series is laid on
 * the current period's buckets: each comparison day moves by the periods' offset in days, so point i of both series
 * covers the same stretch of each period; a point's `date` is then the comparison day its bucket starts at.
 */
export function periodReport(s: PeriodSums, currency: string, from: string, to: string, g: Granularity, align?: { from: string; to: string }) {
  const minor = (amounts: string[]) => sumToMinorUnits(amounts, currency)
  const target = align ?? { from, to }
  const offset = align ? utc(align.from) - utc(from) : 0
  const buckets = bucketsBetween(target.from, target.to, g)
  const bucketCache = new Map<string, string>()
  const bucket = (day: string) => {
    let b = bucketCache.get(day)
    if (b === undefined) {
      let moved = offset ? iso(utc(day) + offset) : day
      if (moved < target.from) moved = target.from
      if (moved > target.to) moved = target.to
      bucketCache.set(day, (b = bucketOf(moved, g)))
    }
    return b
  }
  /** the label of bucket `b`: its first day in the target period, moved back to this period's days when aligned */
  const label = (b: string) => {
    const first = b < target.from ? target.from : b
    return offset ? iso(utc(first) - offset) : first
  }
  const byBucket = new Map(buckets.map((b) => [b, { count: 0, captured: [] as string[], refunded: [] as string[], paid_orders: 0 }]))
  const byProvider = new Map<string, { orders: number; paid_orders: number; paid_orders_minor: bigint; captured: string[]; refunded: string[]; sessions: number; paid_sessions: number }>()
  let count = 0
  let canceled = 0
  let paidOrders = 0
  let paidOrdersMinor = 0n
  for (const r of s.orders) {
    const b = byBucket.get(bucket(r.day))!
    b.count += r.orders
    b.paid_orders += r.paid_orders
    b.captured.push(r.captured_amount)
    b.refunded.push(r.refunded_amount)
    count += r.orders
    canceled += r.canceled_orders
    paidOrders += r.paid_orders
    paidOrdersMinor += BigInt(r.paid_orders_minor)
    let p = byProvider.get(r.provider_id)
    if (!p) byProvider.set(r.provider_id, (p = { orders: 0, paid_orders: 0, paid_orders_minor: 0n, captured: [], refunded: [], sessions: 0, paid_sessions: 0 }))
    p.orders += r.orders
    p.paid_orders += r.paid_orders
    p.paid_orders_minor += BigInt(r.paid_orders_minor)
    p.captured.push(r.captured_amount)
    p.refunded.push(r.refunded_amount)
    p.sessions += r.sessions
    p.paid_sessions += r.paid_sessions
  }
  const captured = minor(s.orders.map((r) => r.captured_amount))
  const refunded = minor(s.orders.map((r) => r.refunded_amount))
  const paid = captured - refunded

  const times = new Map<string, Array<[number, number]>>()
  for (const t of s.paymentTimes) {
    if (!times.has(t.provider_id)) times.set(t.provider_id, [])
    times.get(t.provider_id)!.push([t.bucket_seconds, t.payments])
  }
  const providers = [...byProvider.entries()]
    .filter(([, p]) => p.orders || p.paid_orders || p.sessions || minor(p.captured) !== 0 || minor(p.refunded) !== 0)
    .map(([provider_id, p]) => {
      const pCaptured = minor(p.captured)
      const pRefunded = minor(p.refunded)
      const pPaid = pCaptured - pRefunded
      return {
        provider_id,
        /** orders whose payment through this provider was confirmed in the period */
        orders: p.paid_orders,
        /** orders placed in the period with this provider's session (paid or not) */
        placed_orders: p.orders,
        paid_minor: pPaid,
        captured_minor: pCaptured,
        refunded_minor: pRefunded,
        share_count: ratio(p.paid_orders, paidOrders),
        share_amount: ratio(pPaid, paid),
        sessions: p.sessions,
        paid_sessions: p.paid_sessions,
        success_rate: ratio(p.paid_sessions, p.sessions),
        time_to_pay_p50_seconds: histogramPercentile(times.get(provider_id) ?? [], 50),
        time_to_pay_p90_seconds: histogramPercentile(times.get(provider_id) ?? [], 90),
      }
    })
    .sort((a, b) => b.orders - a.orders || b.sessions - a.sessions || a.provider_id.localeCompare(b.provider_id))

  const productsRevenue = minor([s.productsRevenueAmount])
  const returning = s.customers.customers - (s.customers.first_time - s.customers.first_time_with_second)
  return {
    orders: {
      count,
      canceled,
      series: buckets.map((b) => ({ date: label(b), count: byBucket.get(b)!.count })),
    },
    revenue: {
      paid_minor: paid,
      captured_minor: captured,
      refunded_minor: refunded,
      paid_orders: paidOrders,
      aov_minor: paidOrders ? Number(divideRounded(paidOrdersMinor, BigInt(paidOrders))) : null,
      series: buckets.map((key) => {
        const date = label(key)
        const b = byBucket.get(key)!
        const c = minor(b.captured)
        const r = minor(b.refunded)
        return { date, paid_minor: c - r, captured_minor: c, refunded_minor: r, paid_orders: b.paid_orders }
      }),
    },
    conversion: {
      carts: s.carts.carts,
      checkouts: s.carts.checkouts,
      orders: s.carts.orders,
      cart_to_order_rate: ratio(s.carts.orders, s.carts.carts),
      checkout_to_order_rate: ratio(s.carts.orders, s.carts.checkouts),
    },
    repurchase: {
      customers: s.customers.customers,
      returning,
      rate: ratio(returning, s.customers.customers),
    },
    payments: {
      providers,
      time_to_pay_p50_seconds: histogramPercentile([...times.values()].flat(), 50),
      time_to_pay_p90_seconds: histogramPercentile([...times.values()].flat(), 90),
    },
    products: {
      revenue_minor: productsRevenue,
      best_sellers: s.products.map((p) => {
        const revenue = minor([p.revenue_amount])
        return { product_id: p.product_id, title: p.title, quantity: p.quantity, orders: p.orders, revenue_minor: revenue, revenue_share: ratio(revenue, productsRevenue) }
      }),
    },
  }
}

export type PeriodReport = ReturnType<typeof periodReport>
