import { model } from "@medusajs/framework/utils"
import { ACTOR_TYPES } from "../lifecycle/statuses"

export const ANOMALY_TYPES = [
  "paid_after_cancel",
  "duplicate_payment",
  "amount_mismatch",
  "currency_mismatch",
  "paid_not_received",
  "malicious_order",
  "paid_late",
] as const
export const ANOMALY_STATUSES = ["open", "investigating", "resolved"] as const

/**
 * Something about an order's money that a person must look at. Created by the
 * system (late payment after a cancel, mismatches from callbacks, ...), handled
 * by an admin: investigate, then resolve with a note (refund, revive, ...).
 * `dedupe_key` makes each real-world anomaly one row however often it is seen.
 */
const OrderAnomaly = model
  .define("order_anomaly", {
    id: model.id({ prefix: "oanom" }).primaryKey(),
    order_id: model.text(),
    type: model.enum([...ANOMALY_TYPES]),
    status: model.enum([...ANOMALY_STATUSES]).default("open"),
    dedupe_key: model.text().unique(),
    amount_minor: model.bigNumber().nullable(),
    currency_code: model.text().nullable(),
    provider_id: model.text().nullable(),
    payment_id: model.text().nullable(),
    platform_transaction_id: model.text().nullable(),
    resolution: model.text().nullable(),
    resolution_note: model.text().nullable(),
    actor_type: model.enum([...ACTOR_TYPES]).nullable(),
    actor_id: model.text().nullable(),
    resolved_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["status", "type", "created_at"], where: "deleted_at IS NULL" },
    { on: ["order_id"], where: "deleted_at IS NULL" },
  ])

export default OrderAnomaly
