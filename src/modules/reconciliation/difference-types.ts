/**
 * The reconciliation's difference types, difference states and run statuses (pure: the dashboard imports them too;
 * the models take their enums from here).
 * - missing_in_store: paid at the platform, but the store never recorded the money
 * - missing_at_platform: captured in the store, absent from the platform's bill
 * - amount_mismatch / currency_mismatch: the row and the store's payment disagree
 * - status_mismatch: refunded at the platform only, or confirmed in the store but closed at the platform
 * - refund_mismatch: refunds of a trade differ in amount, or refunded in the store only
 * - fee_mismatch: the platform's fee differs from the channel's configured fee
 * - bank_partial / bank_overpaid: a bank transfer matched to an order by its reference paid less / more than due
 * - bank_unmatched: incoming money on the statement that matches no open bank-transfer order (assign by hand)
 */
export const DIFFERENCE_TYPES = [
  "missing_in_store",
  "missing_at_platform",
  "amount_mismatch",
  "currency_mismatch",
  "status_mismatch",
  "refund_mismatch",
  "fee_mismatch",
  "bank_partial",
  "bank_overpaid",
  "bank_unmatched",
] as const
export type DifferenceType = (typeof DIFFERENCE_TYPES)[number]

/** open: to work off; explained: an admin's note says why; anomaly_opened: handed to the anomaly desk; assigned: a bank transfer assigned to an order by hand */
export const DIFFERENCE_STATES = ["open", "explained", "anomaly_opened", "assigned"] as const
export type DifferenceState = (typeof DIFFERENCE_STATES)[number]

/** A run's statuses: queued → running → completed | failed; not_ready while the platform has no bill yet. */
export const RUN_STATUSES = ["queued", "running", "completed", "failed", "not_ready"] as const
export type RunStatus = (typeof RUN_STATUSES)[number]
