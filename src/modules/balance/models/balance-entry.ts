import { model } from "@medusajs/framework/utils"
import BalanceAccount from "./balance-account"

export const ENTRY_DIRECTIONS = ["credit", "debit"] as const
/** What an entry stands for: a payment debit (source: payment session), its reversal, a refund (source: Medusa refund), an admin adjustment. */
export const ENTRY_SOURCES = ["payment", "payment_reversal", "refund", "adjustment"] as const

/**
 * One line of the append-only ledger. `seq` numbers an account's entries
 * (unique per account); `balance_after_minor` is the balance once this entry
 * is applied (never negative: a CHECK constraint backs the service's rule);
 * (source_type, source_id) is unique, so posting the same thing twice is a no-op.
 */
const BalanceEntry = model
  .define("balance_entry", {
    id: model.id({ prefix: "bent" }).primaryKey(),
    account: model.belongsTo(() => BalanceAccount, { mappedBy: "entries" }),
    seq: model.number(),
    direction: model.enum([...ENTRY_DIRECTIONS]),
    amount_minor: model.bigNumber(),
    balance_after_minor: model.bigNumber(),
    source_type: model.enum([...ENTRY_SOURCES]),
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

export default BalanceEntry
