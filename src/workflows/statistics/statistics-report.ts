import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { STATISTICS_MODULE } from "../../modules/statistics"
import type StatisticsModuleService from "../../modules/statistics/service"
import { comparisonRange, daysBetween, growth, periodReport, type Compare, type Granularity } from "../../modules/statistics/report"
import { readLowStock } from "../../modules/statistics/low-stock"

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)
const MAX_DAYS = 1096

/**
 * The store's currencies (lower case, sorted): those it supports and those its statistics hold (an order in a
 * currency the store dropped since). The statistics and the reports accept only these.
 */
export async function storeCurrencies(scope: MedusaContainer): Promise<string[]> {
  const stats: StatisticsModuleService = scope.resolve(STATISTICS_MODULE)
  const [{ data: stores }, withData] = await Promise.all([
    scope.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "store", fields: ["supported_currencies.currency_code"] }),
    stats.currencies(),
  ])
  const store = (stores[0]?.supported_currencies ?? []).map((c: any) => String(c.currency_code).toLowerCase())
  return [...new Set<string>([...store, ...withData])].sort()
}

/** What a statistics report is asked for (GET /admin/order-management/statistics's query, validated). */
export type StatisticsReportQuery = {
  from?: string
  to?: string
  currency_code?: string
  compare?: Compare
  granularity?: Granularity
  limit?: number
  low_stock_limit?: number
}

/**
 * The statistics page's numbers for a period and its comparison (the response of GET
 * /admin/order-management/statistics; see that route for the shape and docs/statistics.md for every definition),
 * read from the rollups. Shared by the route and the sales report PDF.
 * Throws INVALID_DATA (400) naming the field: not a calendar day, `from` after `to`, over 1,096 days, a currency
 * missing when the store has several, a currency the store does not have.
 */
export async function buildStatisticsReport(scope: MedusaContainer, q: StatisticsReportQuery) {
  const om: OrderManagementModuleService = scope.resolve(ORDER_MANAGEMENT_MODULE)
  const stats: StatisticsModuleService = scope.resolve(STATISTICS_MODULE)
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

  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const currenciesOf = () => storeCurrencies(scope)
  const limit = q.limit ?? 10
  const read = (code: string) =>
    Promise.all([
      stats.readPeriods(code, [{ from, to }, prev], limit),
      stats.dayStates(prev.from < from ? prev.from : from, to),
      readLowStock(scope.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any, lowStockThreshold, q.low_stock_limit ?? 50),
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

  return {
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
  }
}
