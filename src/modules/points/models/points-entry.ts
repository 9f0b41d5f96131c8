import { model } from "@medusajs/framework/utils"
import PointsAccount from "./points-account"

export const POINTS_DIRECTIONS = ["credit", "debit"] as const
/**
 * What an entry stands for:
 * - `earn`: credited when an order completes (source: the order id);
 * - `earn_reversal`: a refund of that order takes its share back (source: the Medusa refund id);
 * - `redeem`: points spent on an order (source: the order id, or the caller's idempotency key);
 * - `redeem_reversal`: redeemed points given back when the order is canceled (source: the order id);
 * - `adjustment`: an admin's credit or debit with a reason (source: an idempotency key).
 */
export const POINTS_SOURCES = ["earn", "earn_reversal", "redeem", "redeem_reversal", "adjustment"] as const

/**
 * One line of the append-only points ledger. `seq` numbers an account's entries; `balance_after` is the balance in
 * points once this entry is applied (never negative: a CHECK constraint backs the service); (source_type, source_id)
 * is unique, so posting the same thing twice is a no-op.
 */
const PointsEntry = model
  .define("points_entry", {
    id: model.id({ prefix: "pent" }).primaryKey(),
    account: model.belongsTo(() => PointsAccount, { mappedBy: "entries" }),
    seq: model.number(),
    direction: model.enum([...POINTS_DIRECTIONS]),
    points: model.number(),
    balance_after: model.number(),
    source_type: model.enum([...POINTS_SOURCES]),
    source_id: model.text(),
    reason: model.text().nullable(),
    actor_type: model.text(),
    actor_id: model.text().nullable(),
    order_id: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["source_type", "source_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["account_id", "seq"], unique: true, where: "deleted_at IS NULL" },
    { on: ["order_id"], where: "deleted_at IS NULL AND order_id IS NOT NULL" },
  ])

export default PointsEntry
