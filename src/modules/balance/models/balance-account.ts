import { model } from "@medusajs/framework/utils"
import BalanceEntry from "./balance-entry"

/**
 * A customer's balance in one currency. The row holds no amount: the balance
 * is what the ledger says (the newest entry's balance_after_minor, which is
 * the running sum of the entries). The row is what a posting locks.
 */
const BalanceAccount = model
  .define("balance_account", {
    id: model.id({ prefix: "bacc" }).primaryKey(),
    customer_id: model.text(),
    currency_code: model.text(),
    entries: model.hasMany(() => BalanceEntry, { mappedBy: "account" }),
  })
  .indexes([{ on: ["customer_id", "currency_code"], unique: true, where: "deleted_at IS NULL" }])

export default BalanceAccount
