import { model } from "@medusajs/framework/utils"

/**
 * The weekly tier of payment_time_daily: the time-to-pay histogram of an ISO week (`week` = its Monday, YYYY-MM-DD,
 * store time zone) per currency and provider, the sum of the week's daily rows (written with them by `replaceDays`).
 * A period's whole weeks are read from here, its edge days from the daily rows.
 */
const PaymentTimeWeekly = model
  .define("payment_time_weekly", {
    id: model.id({ prefix: "ptw" }).primaryKey(),
    week: model.text(),
    currency_code: model.text(),
    provider_id: model.text(),
    bucket_seconds: model.number(),
    payments: model.number().default(0),
  })
  .indexes([{ on: ["currency_code", "week", "provider_id", "bucket_seconds"], unique: true, where: "deleted_at IS NULL" }])

export default PaymentTimeWeekly
