import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildStatisticsReport } from "../../../../workflows/statistics/statistics-report"
import type { StatisticsQueryType } from "../validators"

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
  res.json(await buildStatisticsReport(req.scope, req.validatedQuery as StatisticsQueryType))
}
