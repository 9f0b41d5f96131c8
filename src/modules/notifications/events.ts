import { LIFECYCLE_EVENTS, ANOMALY_OPENED_EVENT } from "../order-management/lifecycle/events"
import {
  REFUND_REQUEST_APPROVED,
  REFUND_REQUEST_CREATED,
  REFUND_REQUEST_FAILED,
  REFUND_REQUEST_REFUNDED,
  REFUND_REQUEST_REJECTED,
} from "../after-sales/events"

/**
 * `BANK_TRANSFER_PROOF_REJECTED` of src/workflows/bank-transfer.ts, spelled here so that loading this module does not
 * load the workflows (a unit test keeps the two equal). Data: `{ id (the proof), order_id, reason }`.
 */
export const BANK_TRANSFER_PROOF_REJECTED = "order_management.bank_transfer.proof_rejected"

/**
 * The events that send the customer a message, each with the stable template id the notification carries
 * (`notification.template`: what a real provider such as SendGrid maps to its own template, and what the store's
 * overrides and the tests look for). Keys are the Medusa event names the plugin emits.
 */
export const CUSTOMER_NOTIFICATION_EVENTS = {
  [LIFECYCLE_EVENTS.payment_confirmed]: "order-management.payment.confirmed",
  [LIFECYCLE_EVENTS.approve]: "order-management.order.approved",
  [LIFECYCLE_EVENTS.reject]: "order-management.order.rejected",
  [LIFECYCLE_EVENTS.dispatch]: "order-management.order.dispatched",
  [LIFECYCLE_EVENTS.cancel]: "order-management.order.canceled",
  [BANK_TRANSFER_PROOF_REJECTED]: "order-management.bank-transfer.proof-rejected",
  [REFUND_REQUEST_CREATED]: "order-management.refund-request.received",
  [REFUND_REQUEST_APPROVED]: "order-management.refund-request.approved",
  [REFUND_REQUEST_REJECTED]: "order-management.refund-request.rejected",
  [REFUND_REQUEST_REFUNDED]: "order-management.refund-request.refunded",
  [REFUND_REQUEST_FAILED]: "order-management.refund-request.failed",
} as const satisfies Record<string, string>

/** A customer-message event name (the lifecycle names are typed `string`, so this is a documented string). */
export type CustomerNotificationEvent = Extract<keyof typeof CUSTOMER_NOTIFICATION_EVENTS, string>

/** The events announced in the admin's notification feed (Medusa's admin notifications: channel "feed"). */
export const ADMIN_FEED_EVENTS = {
  [REFUND_REQUEST_CREATED]: "order-management.admin.refund-request-created",
  [ANOMALY_OPENED_EVENT]: "order-management.admin.anomaly-opened",
} as const satisfies Record<string, string>

export type AdminFeedEvent = Extract<keyof typeof ADMIN_FEED_EVENTS, string>

/** Every customer-message event name, in a stable order (the subscriber's list, option checks, the docs). */
export const CUSTOMER_EVENT_NAMES = Object.keys(CUSTOMER_NOTIFICATION_EVENTS) as CustomerNotificationEvent[]
export const ADMIN_FEED_EVENT_NAMES = Object.keys(ADMIN_FEED_EVENTS) as AdminFeedEvent[]

/** True when `name` is one of the customer-message events. */
export function isCustomerEvent(name: string): name is CustomerNotificationEvent {
  return Object.prototype.hasOwnProperty.call(CUSTOMER_NOTIFICATION_EVENTS, name)
}
