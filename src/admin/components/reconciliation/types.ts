/**
 * The difference types and states of a reconciliation run, as the server's model names them
 * (src/modules/reconciliation/models/reconciliation-difference.ts). Kept here because that model file imports
 * Medusa's DML (`model` from @medusajs/framework/utils), which cannot load in the browser; the unit test
 * (__tests__/types.unit.spec.ts) keeps both lists equal.
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

export const DIFFERENCE_STATES = ["open", "explained", "anomaly_opened", "assigned"] as const
export type DifferenceState = (typeof DIFFERENCE_STATES)[number]

/** A run's statuses (the run model's enum): queued → running → completed | failed; not_ready while the platform has no bill yet. */
export const RUN_STATUSES = ["queued", "running", "completed", "failed", "not_ready"] as const
export type RunStatus = (typeof RUN_STATUSES)[number]
