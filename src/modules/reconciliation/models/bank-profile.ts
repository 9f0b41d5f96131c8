import { model } from "@medusajs/framework/utils"

/**
 * A merchant's saved column mapping for one bank's statement export (CSV or XLSX): which column is the booking date,
 * amount (or credit/debit), currency, the remark with the BT-… reference, payer name and the bank's transaction id,
 * plus the file's encoding, delimiter, date format and lines to skip (BankProfileMapping in bills/types.ts).
 */
const BankProfile = model
  .define("reconciliation_bank_profile", {
    id: model.id({ prefix: "bankprof" }).primaryKey(),
    name: model.text(),
    mapping: model.json(),
    created_by: model.text().nullable(),
  })
  .indexes([{ on: ["name"], unique: true, where: "deleted_at IS NULL" }])

export default BankProfile
