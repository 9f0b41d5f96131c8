import { model } from "@medusajs/framework/utils"
import PointsEntry from "./points-entry"

/**
 * A customer's points account (one per customer; points have no currency). The row holds no amount: the balance is
 * the newest entry's balance_after (the running sum of the ledger). The row is what a posting locks.
 */
const PointsAccount = model
  .define("points_account", {
    id: model.id({ prefix: "pacc" }).primaryKey(),
    customer_id: model.text(),
    entries: model.hasMany(() => PointsEntry, { mappedBy: "account" }),
  })
  .indexes([{ on: ["customer_id"], unique: true, where: "deleted_at IS NULL" }])

export default PointsAccount
