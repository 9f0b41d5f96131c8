import { model } from "@medusajs/framework/utils"

export const PROOF_STATUSES = ["submitted", "accepted", "rejected"] as const

/** A buyer's evidence of a bank transfer (file in Medusa's file module) and how an admin judged it. */
const PaymentProof = model
  .define("order_payment_proof", {
    id: model.id({ prefix: "oproof" }).primaryKey(),
    order_id: model.text(),
    session_id: model.text(),
    file_id: model.text(),
    file_url: model.text(),
    mime_type: model.text(),
    size_bytes: model.number(),
    payer_name: model.text(),
    account_last4: model.text().nullable(),
    transfer_date: model.dateTime().nullable(),
    status: model.enum([...PROOF_STATUSES]).default("submitted"),
    reject_reason: model.text().nullable(),
    reviewed_by: model.text().nullable(),
    reviewed_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["order_id", "created_at"], where: "deleted_at IS NULL" }])

export default PaymentProof
