import { model } from "@medusajs/framework/utils"
import { DIFFERENCE_STATES, DIFFERENCE_TYPES } from "../difference-types"

export { DIFFERENCE_STATES, DIFFERENCE_TYPES, type DifferenceState, type DifferenceType } from "../difference-types"

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
