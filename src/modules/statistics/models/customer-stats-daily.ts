import { model } from "@medusajs/framework/utils"

/**
 * Repurchase counts of one day (store time zone) and currency, kept so that distinct customers of any period are a
 * sum (see docs/statistics.md, "Repurchase"):
 * - kind "paid": the orders paid that day, by `ref_day` = the day of the same customer's previous paid order in the
 *   currency ("" when it is their first). Customers of a period = such orders in it whose ref_day is before the
 *   period (or "").
 * - kind "second": the customers whose second paid order was that day, by `ref_day` = the day of their first.
 */
const CustomerStatsDaily = model
  .define("customer_stats_daily", {
    id: model.id({ prefix: "cusd" }).primaryKey(),
    day: model.text(),
    currency_code: model.text(),
    kind: model.enum(["paid", "second"]),
    ref_day: model.text(),
    customers: model.number().default(0),
  })
  .indexes([{ on: ["currency_code", "day", "kind", "ref_day"], unique: true, where: "deleted_at IS NULL" }])

export default CustomerStatsDaily
