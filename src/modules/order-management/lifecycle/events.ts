import type { LifecycleAction } from "./transitions"

/** The Medusa event each lifecycle action emits, so a store can react (activate a service, notify the buyer). */
export const LIFECYCLE_EVENTS: Record<LifecycleAction, string> = {
  payment_processing: "order_management.payment.processing",
  payment_partially_paid: "order_management.payment.partially_paid",
  payment_confirmed: "order_management.payment.confirmed",
  payment_suspected_fraud: "order_management.payment.suspected_fraud",
  submit_review: "order_management.order.review_requested",
  revive: "order_management.order.revived",
  approve: "order_management.order.approved",
  reject: "order_management.order.rejected",
  hold: "order_management.order.held",
  release: "order_management.order.released",
  dispatch: "order_management.order.dispatched",
  complete: "order_management.order.completed",
  cancel: "order_management.order.canceled",
  refund: "order_management.order.refunded",
}

export const DISPATCH_SCHEDULED_EVENT = "order_management.order.dispatch_scheduled"
export const NOTE_ADDED_EVENT = "order_management.order.note_added"
export const ANOMALY_OPENED_EVENT = "order_management.anomaly.opened"
export const ANOMALY_RESOLVED_EVENT = "order_management.anomaly.resolved"
/** A verified platform callback was stored in the inbox; the subscriber applies it. */
export const PAYMENT_EVENT_RECEIVED = "order_management.payment_event.received"
/** An inbox event was applied (data: id, order_id, outcome). */
export const PAYMENT_EVENT_PROCESSED = "order_management.payment_event.processed"
