/** The anomaly types the plugin opens (pure: the dashboard imports it too). */
export const ANOMALY_TYPES = [
  "paid_after_cancel",
  "duplicate_payment",
  "amount_mismatch",
  "currency_mismatch",
  "paid_not_received",
  "malicious_order",
  "paid_late",
  /** paid at the platform, but the cart could not become an order (an item sold out meanwhile) */
  "paid_no_order",
  /** paid on a trade whose session the store had replaced or deleted, for a cart that has no order */
  "unmatched_payment",
  /** a refund made at the platform (merchant console), not started by the store */
  "refunded_outside_store",
  /** a difference reconciliation found between a platform's bill (or the bank statement) and the store, handed to the desk */
  "reconciliation_difference",
] as const
