import { model } from "@medusajs/framework/utils"

/**
 * The weekly tier of product_stats_daily: one product's sums over the seven days of an ISO week (`week` = its Monday,
 * YYYY-MM-DD, days in the store's time zone) in one currency. Written only by `replaceDays`, in the same transaction
 * as the days, as the sum of the week's daily rows, so it always equals them. A period's whole weeks are read from
 * here and only its edge days from the daily rows: about five times fewer rows for a 30-day window. No title: the
 * best sellers' titles come from their latest day.
 */
const ProductStatsWeekly = model
  .define("product_stats_weekly", {
    id: model.id({ prefix: "psw" }).primaryKey(),
    week: model.text(),
    currency_code: model.text(),
    product_id: model.text(),
    quantity: model.number().default(0),
    orders: model.number().default(0),
    revenue_amount: model.bigNumber().default(0),
  })
  .indexes([{ on: ["currency_code", "week", "product_id"], unique: true, where: "deleted_at IS NULL" }])

export default ProductStatsWeekly
