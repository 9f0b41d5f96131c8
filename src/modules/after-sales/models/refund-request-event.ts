import { model } from "@medusajs/framework/utils"
import RefundRequest from "./refund-request"

/** One step of a refund request's timeline: who moved it from which status to which, and why. */
const RefundRequestEvent = model
  .define("refund_request_event", {
    id: model.id({ prefix: "rfrev" }).primaryKey(),
    refund_request: model.belongsTo(() => RefundRequest, { mappedBy: "events" }),
    /** requested, withdrawn, approved, rejected, processing, refunded, failed, retried, refund_succeeded, refund_closed, … */
    action: model.text(),
    from_status: model.text().nullable(),
    to_status: model.text().nullable(),
    actor_type: model.text(),
    actor_id: model.text().nullable(),
    message: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([{ on: ["refund_request_id", "created_at"] }])

export default RefundRequestEvent
