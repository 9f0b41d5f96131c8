import { model } from "@medusajs/framework/utils"
import { ACTOR_TYPES, NOTE_KINDS } from "../lifecycle/statuses"
import OrderLifecycle from "./order-lifecycle"

/** Notes, customer-communication records and special-order marks. */
const OrderNote = model
  .define("order_note", {
    id: model.id({ prefix: "onote" }).primaryKey(),
    kind: model.enum([...NOTE_KINDS]).default("note"),
    body: model.text(),
    /** communication: channel (phone, email, chat, ...); mark: the mark's label */
    channel: model.text().nullable(),
    label: model.text().nullable(),
    author_type: model.enum([...ACTOR_TYPES]),
    author_id: model.text().nullable(),
    lifecycle: model.belongsTo(() => OrderLifecycle, { mappedBy: "notes" }),
  })
  .indexes([{ on: ["lifecycle_id", "created_at"] }, { on: ["kind", "label"] }])

export default OrderNote
