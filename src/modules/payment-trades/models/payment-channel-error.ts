import { model } from "@medusajs/framework/utils"

/**
 * A platform answer that was not a definite one (rate limit, signature error, system error, timeout, unknown key),
 * recorded where the plugin met it (the unpaid-order job, the pending-payment job, "Sync payment", a callback's
 * re-query). Nothing was canceled because of it; the Payment channels page lists each channel's recent ones.
 * Holds the platform's code and the trade number, never secrets.
 */
const PaymentChannelError = model
  .define("payment_channel_error", {
    id: model.id({ prefix: "pcerr" }).primaryKey(),
    provider_id: model.text(),
    operation: model.text().nullable(),
    failure: model.text().nullable(),
    platform_code: model.text().nullable(),
    http_status: model.number().nullable(),
    retryable: model.boolean().default(true),
    key_serial: model.text().nullable(),
    out_trade_no: model.text().nullable(),
    order_id: model.text().nullable(),
    /** where it was met: release_job, pending_payment_job, sync, callback */
    source: model.text(),
    message: model.text(),
  })
  .indexes([{ on: ["provider_id", "created_at"], where: "deleted_at IS NULL" }])

export default PaymentChannelError
