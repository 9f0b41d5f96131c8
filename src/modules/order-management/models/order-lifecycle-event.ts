import { model } from "@medusajs/framework/utils"
import { ACTOR_TYPES, FULFILLMENT_STATUSES, PAYMENT_STATUSES } from "../lifecycle/statuses"
import OrderLifecycle from "./order-lifecycle"

/** The status history and operation log: who did what, when, why. Append-only. */
const OrderLifecycleEvent = model
  .define("order_lifecycle_event", {
    id: model.id({ prefix: "olce" }).primaryKey(),
    action: model.text(),
    from_payment_status: model.enum([...PAYMENT_STATUSES]).nullable(),
    to_payment_status: model.enum([...PAYMENT_STATUSES]).nullable(),
    from_fulfillment_status: model.enum([...FULFILLMENT_STATUSES]).nullable(),
    to_fulfillment_status: model.enum([...FULFILLMENT_STATUSES]).nullable(),
    actor_type: model.enum([...ACTOR_TYPES]),
    actor_id: model.text().nullable(),
    reason: model.text().nullable(),
    metadata: model.json().nullable(),
    lifecycle: model.belongsTo(() => OrderLifecycle, { mappedBy: "history" }),
  })
  .indexes([{ on: ["lifecycle_id", "created_at"] }])

export default OrderLifecycleEvent
