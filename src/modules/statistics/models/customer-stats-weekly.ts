import { model } from "@medusajs/framework/utils"

/**
 * The weekly tier of customer_stats_daily: the repurchase counts of an ISO week (`week` = its Monday, YYYY-MM-DD,
 * store time zone) per currency, kind and `ref_day` (kept to the day: a period compares it with its first day), the
 * sum of the week's daily rows (written with them by `replaceDays`). A period's whole weeks are read from here, its
 * edge days from the daily rows.
 */
const CustomerStatsWeekly = model
  .define("customer_stats_weekly", {
    id: model.id({ prefix: "cusw" }).primaryKey(),
    week: model.text(),
    currency_code: model.text(),
    kind: model.enum(["paid", "second"]),
    ref_day: model.text(),
    customers: model.number().default(0),
  })
  .indexes([{ on: ["currency_code", "week", "kind", "ref_day"], unique: true, where: "deleted_at IS NULL" }])

export default CustomerStatsWeekly
