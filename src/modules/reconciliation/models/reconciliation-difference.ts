import { model } from "@medusajs/framework/utils"

/**
 * The difference types a run finds (pure list: the dashboard imports it too):
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

/**
 * One difference between a bill (or bank statement) row and the store, with both sides as they were read. `key` is
 * stable across reruns of the day (type + the trade or transaction it concerns), so a rerun finds the decision taken
 * on it. Amounts are minor units.
 */
const ReconciliationDifference = model
  .define("reconciliation_difference", {
    id: model.id({ prefix: "recdiff" }).primaryKey(),
    run_id: model.text(),
    type: model.enum([...DIFFERENCE_TYPES]),
    key: model.text(),
    state: model.enum([...DIFFERENCE_STATES]).default("open"),
    /** false once a rerun no longer finds it (kept because a decision was taken on it) */
    present: model.boolean().default(true),
    order_id: model.text().nullable(),
    out_trade_no: model.text().nullable(),
    platform_trade_no: model.text().nullable(),
    /** platform minus store, minor units (amount, refund and fee differences); null when one side is missing */
    delta_minor: model.number().nullable(),
    currency_code: model.text().nullable(),
    /** the bill or statement row: { line, kind, status, amount_minor, currency, fee_minor, occurred_at, raw } */
    platform: model.json().nullable(),
    /** the store's record: { order_id, display_id, payment_id, amount_minor, currency, status, refunded_minor, expected_fee_minor, captured_at } */
    store: model.json().nullable(),
    /** a readable English line about what differs (the dashboard words it itself from type + sides) */
    detail: model.text().nullable(),
    note: model.text().nullable(),
    resolved_by: model.text().nullable(),
    resolved_at: model.dateTime().nullable(),
    anomaly_id: model.text().nullable(),
  })
  .indexes([
    { on: ["run_id", "key"], unique: true, where: "deleted_at IS NULL" },
    { on: ["run_id", "type"], where: "deleted_at IS NULL" },
    { on: ["state"], where: "deleted_at IS NULL" },
  ])

export default ReconciliationDifference
