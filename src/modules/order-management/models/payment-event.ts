import { model } from "@medusajs/framework/utils"

/** received (stored, waiting), processing (claimed by one applier), processed / ignored (done), failed (retried) */
export const PAYMENT_EVENT_STATUSES = ["received", "processing", "processed", "ignored", "failed"] as const

/**
 * The callback inbox: one row per real-world platform event, written (unique
 * on provider + event key) before anything else is done with it, so a
 * duplicate changes nothing and a failed one can be retried. Also records
 * what active queries found.
 */
const PaymentEvent = model
  .define("order_payment_event", {
    id: model.id({ prefix: "opevt" }).primaryKey(),
    provider: model.text(),
    event_key: model.text(),
    source: model.enum(["callback", "query"]).default("callback"),
    kind: model.text(),
    status: model.enum([...PAYMENT_EVENT_STATUSES]).default("received"),
    outcome: model.text().nullable(),
    session_id: model.text().nullable(),
    order_id: model.text().nullable(),
    out_trade_no: model.text().nullable(),
    transaction_id: model.text().nullable(),
    platform_status: model.text().nullable(),
    amount_minor: model.bigNumber().nullable(),
    currency_code: model.text().nullable(),
    attempts: model.number().default(1),
    error: model.text().nullable(),
    payload: model.json().nullable(),
    processed_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["provider", "event_key"], unique: true, where: "deleted_at IS NULL" },
    { on: ["order_id", "created_at"], where: "deleted_at IS NULL" },
    { on: ["session_id"], where: "deleted_at IS NULL" },
  ])

export default PaymentEvent
