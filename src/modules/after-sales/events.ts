/**
 * Events of the after-sales module (refund requests). Each payload carries what a subscriber needs to tell the
 * customer or the admin without reading the request again; amounts are minor units of `currency_code`.
 */

/** A request was opened. Data: RefundRequestEventData. */
export const REFUND_REQUEST_CREATED = "order_management.refund_request.created"
/** The customer withdrew it before review. */
export const REFUND_REQUEST_WITHDRAWN = "order_management.refund_request.withdrawn"
/** An admin approved it (data.amount_minor is the approved amount, data.destination where it goes). */
export const REFUND_REQUEST_APPROVED = "order_management.refund_request.approved"
/** An admin rejected it (data.reason). */
export const REFUND_REQUEST_REJECTED = "order_management.refund_request.rejected"
/** The money went back (data.refunded_minor; data.full: the order is now fully refunded). */
export const REFUND_REQUEST_REFUNDED = "order_management.refund_request.refunded"
/** The refund failed (data.failure: {cause, message}). */
export const REFUND_REQUEST_FAILED = "order_management.refund_request.failed"
/**
 * Activated service items of a refunded order: a store switches the access off. Data:
 * `{ order_id, refund_request_id, items: [{ item_id, quantity, title?, variant_id? }] }`.
 */
export const SERVICE_REVOKED = "order_management.service.revoked"

export type RefundRequestEventData = {
  id: string
  order_id: string
  /** the order's number as the customer knows it (Medusa's display_id) */
  display_id: number | null
  customer_id: string | null
  status: string
  currency_code: string
  /** asked for (created, withdrawn) or approved (approved, refunded, failed) */
  amount_minor: number
  refunded_minor: number
  destination: "original" | "balance" | null
  reason_code: string
  note: string | null
  /** rejected: the admin's reason */
  reason?: string | null
  /** failed: the cause in one of the spec's words and the platform's message */
  failure?: { cause: string; message: string } | null
  /** refunded: nothing is left to refund on the order */
  full?: boolean
  /** who acted: customer, user (admin), system, gateway */
  actor_type: string
  /** the request's timeline row of this occurrence (null on created): a subscriber acts once per event_id */
  event_id?: string | null
}
