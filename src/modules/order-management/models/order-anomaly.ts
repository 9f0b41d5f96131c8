import { model } from "@medusajs/framework/utils"
import { ACTOR_TYPES } from "../lifecycle/statuses"
import { ANOMALY_TYPES } from "../anomaly-types"

export { ANOMALY_TYPES }
/**
 * The anomaly desk's process (the legal moves: src/modules/anomaly-desk/transitions.ts): open → investigating →
 * waiting_customer → resolved (with a resolution) or dismissed; resolved and dismissed are final.
 */
export const ANOMALY_STATUSES = ["open", "investigating", "waiting_customer", "resolved", "dismissed"] as const
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number]

/**
 * Something about an order's (or, before there is an order, a cart's) money that a person must look at. Created by the
 * system (late payment after a cancel, mismatches from callbacks, ...), handled
 * by an admin: investigate, then resolve with a note (refund, revive, ...).
 * `dedupe_key` makes each real-world anomaly one row however often it is seen.
 */
const OrderAnomaly = model
  .define("order_anomaly", {
    id: model.id({ prefix: "oanom" }).primaryKey(),
    /** null while the money belongs to a cart that never became an order (paid_no_order, unmatched_payment) */
    order_id: model.text().nullable(),
    cart_id: model.text().nullable(),
    /** the payment session the money came through (it may since have been deleted by Medusa) */
    session_id: model.text().nullable(),
    /** our number at the platform */
    out_trade_no: model.text().nullable(),
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
    /** when it reached resolved or dismissed */
    resolved_at: model.dateTime().nullable(),
    /** the admin user handling it (Medusa's user id); null: unassigned */
    assignee_id: model.text().nullable(),
    assigned_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["status", "type", "created_at"], where: "deleted_at IS NULL" },
    { on: ["order_id"], where: "deleted_at IS NULL" },
    { on: ["cart_id"], where: "deleted_at IS NULL AND cart_id IS NOT NULL" },
    { on: ["assignee_id", "status"], where: "deleted_at IS NULL AND assignee_id IS NOT NULL" },
  ])

export default OrderAnomaly
