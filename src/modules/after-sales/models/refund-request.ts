import { model } from "@medusajs/framework/utils"
import RefundRequestEvent from "./refund-request-event"

/**
 * requested → approved → processing → refunded | failed; requested → rejected | withdrawn; failed → processing
 * (retry, to the original method or the balance) or rejected (given up, with a reason).
 */
export const REFUND_REQUEST_STATUSES = ["requested", "approved", "processing", "refunded", "failed", "rejected", "withdrawn"] as const
/** Statuses in which the request still holds part of the order's refundable amount (one such request per order). */
export const OPEN_REFUND_REQUEST_STATUSES = ["requested", "approved", "processing", "failed"] as const
export const REFUND_DESTINATIONS = ["original", "balance"] as const

/**
 * A customer's (or, on the customer's behalf, an admin's) request for money back on one order, its review and its
 * processing. Amounts are minor units of the order's currency. `refunds` lists each money move made for it (Medusa
 * refund id, the platform's refund number, its state at the platform); `failure` is the last failure's cause.
 */
const RefundRequest = model
  .define("refund_request", {
    id: model.id({ prefix: "rfreq" }).primaryKey(),
    order_id: model.text(),
    customer_id: model.text().nullable(),
    status: model.enum([...REFUND_REQUEST_STATUSES]).default("requested"),
    currency_code: model.text(),
    /** what was asked for */
    requested_amount_minor: model.bigNumber(),
    /** what is (to be) refunded: the requested amount until an admin approves another */
    amount_minor: model.bigNumber(),
    /** what went back so far (a WeChat refund still processing counts once it succeeds) */
    refunded_minor: model.bigNumber().default(0),
    destination: model.enum([...REFUND_DESTINATIONS]).nullable(),
    reason_code: model.text(),
    note: model.text().nullable(),
    /** [{ item_id, quantity }] the customer names (optional) */
    items: model.json().nullable(),
    /** [{ file_id, mime_type, size_bytes, name }] evidence images, stored privately in Medusa's file module */
    evidence: model.json().nullable(),
    /** shipped items come back through Medusa's return flow; restock them at `return_location_id` */
    return_items: model.boolean().default(false),
    return_location_id: model.text().nullable(),
    return_id: model.text().nullable(),
    opened_by_type: model.text(),
    opened_by_id: model.text().nullable(),
    reviewed_by_type: model.text().nullable(),
    reviewed_by_id: model.text().nullable(),
    reviewed_at: model.dateTime().nullable(),
    review_note: model.text().nullable(),
    reject_reason: model.text().nullable(),
    /** { cause, message, platform_code, retryable } of the last failure */
    failure: model.json().nullable(),
    /** [{ refund_id, payment_id, provider_id, amount_minor, destination, platform_refund_no, status, created_at }] */
    refunds: model.json().nullable(),
    /** processing attempts so far: each attempt's money moves carry `<id>:<attempt>` as their idempotency key */
    attempt: model.number().default(0),
    metadata: model.json().nullable(),
    events: model.hasMany(() => RefundRequestEvent, { mappedBy: "refund_request" }),
  })
  .indexes([
    { on: ["status", "created_at"], where: "deleted_at IS NULL" },
    { on: ["order_id"], where: "deleted_at IS NULL" },
    // one open request per order at a time
    { name: "IDX_refund_request_one_open_per_order", on: ["order_id"], unique: true, where: "deleted_at IS NULL AND status IN ('requested', 'approved', 'processing', 'failed')" },
  ])

export default RefundRequest
