import { model } from "@medusajs/framework/utils"

/**
 * Sales and payments of one day (`day`, YYYY-MM-DD in the store's time zone) in one currency through one payment
 * provider (`provider_id`, Medusa's `pp_…` id; "" for orders with no payment session). A pure function of Medusa's
 * and the lifecycle's rows: `refreshStatisticsWorkflow` deletes and recomputes whole days, so it is never
 * incremented in place and a recompute is idempotent. Amounts (`*_amount`) are exact sums in major units, as Medusa
 * stores them; the API turns a period's sum into minor units once.
 * - orders / canceled_orders: orders placed that day (canceled ones still count as orders)
 * - paid_orders, paid_orders_minor: orders whose payment was confirmed that day (lifecycle paid_at) and the sum of
 *   their totals (minor units, the lifecycle's total_minor)
 * - captured_amount / refunded_amount: Medusa captures and refunds created that day (refunds reduce revenue the day
 *   they happen)
 * - sessions / paid_sessions: payment sessions created that day, and of those the ones whose payment was captured
 * - time_to_pay_seconds: sum over that day's paid orders of seconds from placement to payment (the mean's numerator)
 */
const OrderStatsDaily = model
  .define("order_stats_daily", {
    id: model.id({ prefix: "osd" }).primaryKey(),
    day: model.text(),
    currency_code: model.text(),
    provider_id: model.text(),
    orders: model.number().default(0),
    canceled_orders: model.number().default(0),
    paid_orders: model.number().default(0),
    paid_orders_minor: model.bigNumber().default(0),
    captured_amount: model.bigNumber().default(0),
    refunded_amount: model.bigNumber().default(0),
    sessions: model.number().default(0),
    paid_sessions: model.number().default(0),
    time_to_pay_seconds: model.bigNumber().default(0),
  })
  .indexes([{ on: ["currency_code", "day", "provider_id"], unique: true, where: "deleted_at IS NULL" }])

export default OrderStatsDaily
