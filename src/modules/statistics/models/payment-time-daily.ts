import { model } from "@medusajs/framework/utils"

/**
 * Time to pay as a histogram: how many orders paid on one day (store time zone), in one currency, through one
 * provider took `bucket_seconds` from placement to payment, the seconds rounded down to the bucket (see
 * `timeToPayBucket`: 5 s steps under a minute, then 30 s, 5 min, 30 min and 6 h steps). Percentiles of any period are
 * read from summed buckets, exact at that resolution, without a row per order.
 */
const PaymentTimeDaily = model
  .define("payment_time_daily", {
    id: model.id({ prefix: "ptd" }).primaryKey(),
    day: model.text(),
    currency_code: model.text(),
    provider_id: model.text(),
    bucket_seconds: model.number(),
    payments: model.number().default(0),
  })
  .indexes([{ on: ["currency_code", "day", "provider_id", "bucket_seconds"], unique: true, where: "deleted_at IS NULL" }])

export default PaymentTimeDaily
