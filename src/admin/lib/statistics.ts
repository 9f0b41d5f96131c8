/**
 * The statistics page's state and its pure helpers: the period presets (days in the store's time zone), the URL
 * form of the page's choices, the query sent to GET /admin/order-management/statistics, and the rows of the CSV
 * downloads. No React here, so the unit tests read it directly.
 */
import { dayIn } from "./filters"
import { currencyDigits, minorToDecimal } from "./money"

export const PERIODS = ["today", "7d", "30d", "month", "last_month", "90d", "custom"] as const
export type Period = (typeof PERIODS)[number]
export const COMPARES = ["previous_period", "previous_year"] as const
export type Compare = (typeof COMPARES)[number]
export const GRANULARITIES = ["auto", "day", "week", "month"] as const
export type GranularityChoice = (typeof GRANULARITIES)[number]

export type StatsState = {
  period: Period
  /** yyyy-mm-dd, with period=custom */
  from: string
  to: string
  compare: Compare
  granularity: GranularityChoice
  /** lower-case ISO code; "" until the admin picks one (the page then sends the store's default) */
  currency: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const isDay = (v: string | null): v is string => !!v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v

export const DEFAULT_STATE: StatsState = { period: "30d", from: "", to: "", compare: "previous_period", granularity: "auto", currency: "" }

/** URL → state; anything unreadable falls back to the default (the last 30 days, previous period, automatic). */
export function parseStats(sp: URLSearchParams): StatsState {
  const pick = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T => (v && (allowed as readonly string[]).includes(v) ? (v as T) : fallback)
  const period = pick(sp.get("period"), PERIODS, "30d")
  const currency = sp.get("currency") ?? ""
  return {
    period,
    from: period === "custom" && isDay(sp.get("from")) ? (sp.get("from") as string) : "",
    to: period === "custom" && isDay(sp.get("to")) ? (sp.get("to") as string) : "",
    compare: pick(sp.get("compare"), COMPARES, "previous_period"),
    granularity: pick(sp.get("granularity"), GRANULARITIES, "auto"),
    currency: /^[a-z]{3}$/i.test(currency) ? currency.toLowerCase() : "",
  }
}

/** State → URL: only what differs from the default, in a stable order. */
export function statsToSearchParams(s: StatsState): URLSearchParams {
  const sp = new URLSearchParams()
  if (s.period !== "30d") sp.set("period", s.period)
  if (s.period === "custom" && s.from) sp.set("from", s.from)
  if (s.period === "custom" && s.to) sp.set("to", s.to)
  if (s.compare !== "previous_period") sp.set("compare", s.compare)
  if (s.granularity !== "auto") sp.set("granularity", s.granularity)
  if (s.currency) sp.set("currency", s.currency)
  return sp
}

const utc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
/** `day` plus `n` calendar days (n may be negative). */
export const addDays = (day: string, n: number) => iso(utc(day) + n * 86_400_000)
/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export const dayCount = (from: string, to: string) => Math.max(0, Math.round((utc(to) - utc(from)) / 86_400_000) + 1)

/**
 * The days (yyyy-mm-dd, inclusive) a period covers, counted in the store's time zone `tz` at `now`: today, the last
 * 7 / 30 / 90 days ending today, this month to today, the whole previous month, or the custom days (a missing or
 * reversed custom bound falls back to the last 30 days' one). Calendar arithmetic only.
 */
export function periodDays(s: Pick<StatsState, "period" | "from" | "to">, now: Date, tz: string): { from: string; to: string } {
  const today = dayIn(now, tz)
  const monthStart = `${today.slice(0, 7)}-01`
  switch (s.period) {
    case "today":
      return { from: today, to: today }
    case "7d":
      return { from: addDays(today, -6), to: today }
    case "month":
      return { from: monthStart, to: today }
    case "last_month": {
      const last = addDays(monthStart, -1)
      return { from: `${last.slice(0, 7)}-01`, to: last }
    }
    case "90d":
      return { from: addDays(today, -89), to: today }
    case "custom": {
      const to = s.to || today
      const from = s.from || addDays(to, -29)
      return from <= to ? { from, to } : { from: to, to: from }
    }
    default:
      return { from: addDays(today, -29), to: today }
  }
}

/** The statistics API's query for this state (`currency`: the one to send; always one, the API needs it when the store has several). */
export function statsQuery(s: StatsState, now: Date, tz: string, currency: string): Record<string, string | number> {
  const { from, to } = periodDays(s, now, tz)
  const q: Record<string, string | number> = { from, to, compare: s.compare, currency_code: currency, limit: 10, low_stock_limit: 50 }
  if (s.granularity !== "auto") q.granularity = s.granularity
  return q
}

/** (a − b) / b, or null when there is nothing to compare with (b is 0 or either is missing). */
export function change(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0) return null
  return (a - b) / b
}

/** a − b for rates (shown in percentage points), null when either is missing. */
export function pointChange(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null ? null : a - b
}

/** Minor units → major units as a number (charts only: never summed or stored). */
export const minorToMajor = (minor: number, currency: string) => minor / 10 ** currencyDigits(currency)

/** A rate 0–1 as a CSV cell ("0.4567"), "" when null. */
const rateCell = (r: number | null | undefined) => (r == null ? "" : r.toFixed(4))
const cell = (v: number | string | null | undefined) => (v == null ? "" : v)

// ---- the API's response --------------------------------------------------------------------------------------

export type SeriesPoint = { date: string; count: number }
export type RevenuePoint = { date: string; paid_minor: number; captured_minor: number; refunded_minor: number; paid_orders: number }
export type ProviderStats = {
  provider_id: string
  orders: number
  placed_orders: number
  paid_minor: number
  captured_minor: number
  refunded_minor: number
  share_count: number | null
  share_amount: number | null
  sessions: number
  paid_sessions: number
  success_rate: number | null
  time_to_pay_p50_seconds: number | null
  time_to_pay_p90_seconds: number | null
}
export type BestSeller = { product_id: string; title: string; quantity: number; orders: number; revenue_minor: number; revenue_share: number | null }
export type LowStockRow = {
  variant_id: string
  product_id: string
  inventory_item_id: string
  sku: string | null
  title: string
  location_id: string
  location: string | null
  stocked: number
  reserved: number
  available: number
  threshold: number
}
type OrdersPart = { count: number; canceled: number; series: SeriesPoint[] }
type RevenuePart = { paid_minor: number; captured_minor: number; refunded_minor: number; paid_orders: number; aov_minor: number | null; series: RevenuePoint[] }
type ConversionPart = { carts: number; checkouts: number; orders: number; cart_to_order_rate: number | null; checkout_to_order_rate: number | null }
type RepurchasePart = { customers: number; returning: number; rate: number | null }
type PaymentsPart = { providers: ProviderStats[]; time_to_pay_p50_seconds: number | null; time_to_pay_p90_seconds: number | null }

export type StatisticsResponse = {
  currency_code: string
  currencies: string[]
  time_zone: string
  from: string
  to: string
  granularity: "day" | "week" | "month"
  comparison: { kind: Compare; from: string; to: string }
  updated_at: string | null
  pending_days: number
  orders: OrdersPart & { growth: number | null; previous: OrdersPart }
  revenue: RevenuePart & { growth: number | null; previous: RevenuePart }
  conversion: ConversionPart & { previous: ConversionPart }
  repurchase: RepurchasePart & { previous: RepurchasePart }
  payments: PaymentsPart & { previous: PaymentsPart }
  products: { revenue_minor: number; best_sellers: BestSeller[]; low_stock: LowStockRow[]; low_stock_total: number; previous: { revenue_minor: number; best_sellers: BestSeller[] } }
}

// ---- CSV tables -----------------------------------------------------------------------------------------------

export type CsvKind = "series" | "payments" | "best-sellers" | "low-stock"
export type CsvTable = { columns: string[]; rows: Array<Array<string | number>> }

/**
 * One of the page's tables as CSV columns and rows: plain values (amounts as decimals in the currency's major unit,
 * rates 0–1, seconds), so a spreadsheet reads numbers. `providerName` turns a provider id into its display name.
 */
export function csvTable(kind: CsvKind, r: StatisticsResponse, providerName: (id: string) => string): CsvTable {
  const cur = r.currency_code
  const money = (m: number | null | undefined) => (m == null ? "" : minorToDecimal(m, cur))
  switch (kind) {
    case "series": {
      const prevOrders = r.orders.previous.series
      const prevRevenue = r.revenue.previous.series
      return {
        columns: ["date", "orders", "paid_orders", "revenue", "captured", "refunded", "currency", "comparison_date", "comparison_orders", "comparison_revenue"],
        rows: r.orders.series.map((o, i) => {
          const rev = r.revenue.series[i]
          return [o.date, o.count, rev?.paid_orders ?? "", money(rev?.paid_minor), money(rev?.captured_minor), money(rev?.refunded_minor), cur.toUpperCase(), prevOrders[i]?.date ?? "", cell(prevOrders[i]?.count), money(prevRevenue[i]?.paid_minor)]
        }),
      }
    }
    case "payments":
      return {
        columns: ["provider_id", "channel", "paid_orders", "placed_orders", "revenue", "captured", "refunded", "currency", "share_of_orders", "share_of_revenue", "sessions", "paid_sessions", "success_rate", "time_to_pay_p50_seconds", "time_to_pay_p90_seconds"],
        rows: r.payments.providers.map((p) => [p.provider_id, providerName(p.provider_id), p.orders, p.placed_orders, money(p.paid_minor), money(p.captured_minor), money(p.refunded_minor), cur.toUpperCase(), rateCell(p.share_count), rateCell(p.share_amount), p.sessions, p.paid_sessions, rateCell(p.success_rate), cell(p.time_to_pay_p50_seconds), cell(p.time_to_pay_p90_seconds)]),
      }
    case "best-sellers":
      return {
        columns: ["product_id", "product", "quantity", "orders", "revenue", "currency", "revenue_share"],
        rows: r.products.best_sellers.map((b) => [b.product_id, b.title, b.quantity, b.orders, money(b.revenue_minor), cur.toUpperCase(), rateCell(b.revenue_share)]),
      }
    case "low-stock":
      return {
        columns: ["inventory_item_id", "variant_id", "product_id", "variant", "sku", "location", "stocked", "reserved", "available", "threshold"],
        rows: r.products.low_stock.map((l) => [l.inventory_item_id, l.variant_id, l.product_id, l.title, l.sku ?? "", l.location ?? l.location_id, l.stocked, l.reserved, l.available, l.threshold]),
      }
  }
}

/** The download's file name: statistics-<kind>-<currency>-<from>_<to>.csv */
export const csvFileName = (kind: CsvKind, r: Pick<StatisticsResponse, "currency_code" | "from" | "to">) => `statistics-${kind}-${r.currency_code}-${r.from}_${r.to}.csv`
