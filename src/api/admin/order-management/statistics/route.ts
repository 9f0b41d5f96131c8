import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { STATISTICS_MODULE } from "../../../../modules/statistics"
import type StatisticsModuleService from "../../../../modules/statistics/service"
import { comparisonRange, daysBetween, growth, periodReport, type Granularity } from "../../../../modules/statistics/report"
import { readLowStock } from "../../../../modules/statistics/low-stock"
import type { StatisticsQueryType } from "../validators"

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)
const MAX_DAYS = 1096

/**
 * GET /admin/order-management/statistics — sales, payments and products of a period, read from the daily rollups
 * (docs/statistics.md has every definition).
 *
 * Query: `from`, `to` (YYYY-MM-DD, inclusive days in the store's time zone, option `timeZone`; default the last 30
 * days to today; at most 1,096 days); `currency_code` (required when the store has several currencies: no FX
 * conversion); `compare` previous_period (default: as many days just before) | previous_year; `granularity`
 * day | week (ISO, Monday) | month (default: day up to 62 days, week up to 182, else month); `limit` best sellers
 * (1–50, default 10); `low_stock_limit` (1–500, default 50).
 *
 * Response (amounts in the currency's minor units, rates 0–1 or null when the denominator is 0, times in seconds):
 * `{ currency_code, currencies, time_zone, from, to, granularity, comparison: {kind, from, to}, updated_at,
 *    pending_days, orders: {count, canceled, growth, series[{date, count}], previous},
 *    revenue: {paid_minor, captured_minor, refunded_minor, paid_orders, aov_minor, growth, series[{date, paid_minor,
 *    captured_minor, refunded_minor, paid_orders}], previous}, conversion: {carts, checkouts, orders,
 *    cart_to_order_rate, checkout_to_order_rate, previous}, repurchase: {customers, returning, rate, previous},
 *    payments: {providers[{provider_id, orders, placed_orders, paid_minor, captured_minor, refunded_minor,
 *    share_count, share_amount, sessions, paid_sessions, success_rate, time_to_pay_p50_seconds,
 *    time_to_pay_p90_seconds}], time_to_pay_p50_seconds, time_to_pay_p90_seconds, previous},
 *    products: {revenue_minor, best_sellers[{product_id, title, quantity, orders, revenue_minor, revenue_share}],
 *    low_stock[{variant_id, product_id, inventory_item_id, sku, title, location_id, location, stocked, reserved,
 *    available, threshold}], low_stock_total, previous} }`.
 * `updated_at`: the oldest time the period's days were recomputed (null: none yet); `pending_days`: days of either
 * period (up to today) changed since, or never computed (the refresh job catches up each minute; POST
 * …/statistics/refresh does it now).
 * Errors: 400 naming the field (not a calendar day, `from` after `to`, a period over 1,096 days, a currency missing
 * when the store has several, a currency the store does not have).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StatisticsQueryType>, res: MedusaResponse) {
  const q = req.validatedQuery as StatisticsQueryType
  const om: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const stats: StatisticsModuleService = req.scope.resolve(STATISTICS_MODULE)
  const { timeZone: tz, lowStockThreshold } = om.getOptions()
  const today = DateTime.now().setZone(tz).toISODate()!
  const to = q.to ?? (q.from ? DateTime.fromISO(q.from).plus({ days: 29 }).toISODate()! : today)
  const from = q.from ?? DateTime.fromISO(to).minus({ days: 29 }).toISODate()!
  if (from > to) throw invalid("from must not be after to")
  const length = daysBetween(from, to).length
  if (length > MAX_DAYS) throw invalid(`the period is ${length} days; at most ${MAX_DAYS}`)
  const granularity: Granularity = q.granularity ?? (length <= 62 ? "day" : length <= 182 ? "week" : "month")
  const compare = q.compare ?? "previous_period"
  const prev = comparisonRange(from, to, compare)

  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const currenciesOf = async () => {
    const [{ data: stores }, withData] = await Promise.all([
      query.graph({ entity: "store", fields: ["supported_currencies.currency_code"] }),
      stats.currencies(),
    ])
    const store = (stores[0]?.supported_currencies ?? []).map((c: any) => String(c.currency_code).toLowerCase())
    return [...new Set<string>([...store, ...withData])].sort()
  }
  const limit = q.limit ?? 10
  const read = (code: string) =>
    Promise.all([
      stats.readPeriods(code, [{ from, to }, prev], limit),
      stats.dayStates(prev.from < from ? prev.from : from, to),
      readLowStock(req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any, lowStockThreshold, q.low_stock_limit ?? 50),
    ])
  // with a currency named (the page always names one) the reads start at once, beside the store's currencies, and
  // are dropped if the currency turns out not to be the store's
  const early = q.currency_code ? read(q.currency_code) : null
  early?.catch(() => undefined)
  const currencies = await currenciesOf()
  if (!q.currency_code && currencies.length > 1) {
    throw invalid(`currency_code is required: this store has ${currencies.map((c) => c.toUpperCase()).join(", ")} (amounts are never converted)`)
  }
  const code: string = q.currency_code ?? currencies[0] ?? "cny"
  if (q.currency_code && currencies.length && !currencies.includes(code)) {
    throw invalid(`currency_code ${code.toUpperCase()} is not a currency of this store (${currencies.map((c) => c.toUpperCase()).join(", ")})`)
  }
  const [[cur, before], states, lowStock] = await (early ?? read(code))
  const now = periodReport(cur, code, from, to, granularity)
  const then = periodReport(before, code, prev.from, prev.to, granularity, { from, to })

  const wanted = new Set([...daysBetween(from, to), ...daysBetween(prev.from, prev.to)].filter((d) => d <= today))
  const byDay = new Map(states.map((s) => [s.day, s]))
  let pending = 0
  let oldest: Date | null = null
  for (const d of wanted) {
    const s = byDay.get(d)
    if (!s?.computed_at || s.dirty_at || s.time_zone !== tz) pending++
    if (s?.computed_at && (!oldest || new Date(s.computed_at) < oldest)) oldest = new Date(s.computed_at)
  }

  res.json({
    currency_code: code,
    currencies,
    time_zone: tz,
    from,
    to,
    granularity,
    comparison: { kind: compare, ...prev },
    updated_at: oldest?.toISOString() ?? null,
    pending_days: pending,
    orders: { ...now.orders, growth: growth(now.orders.count, then.orders.count), previous: then.orders },
    revenue: { ...now.revenue, growth: growth(now.revenue.paid_minor, then.revenue.paid_minor), previous: then.revenue },
    conversion: { ...now.conversion, previous: then.conversion },
    repurchase: { ...now.repurchase, previous: then.repurchase },
    payments: { ...now.payments, previous: then.payments },
    products: { ...now.products, low_stock: lowStock.rows, low_stock_total: lowStock.total, previous: { revenue_minor: then.products.revenue_minor, best_sellers: then.products.best_sellers } },
  })
}
