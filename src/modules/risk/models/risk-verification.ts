import { model } from "@medusajs/framework/utils"

/** pending: waiting for the shopper's code; verified: the code was confirmed; locked: too many wrong codes (a new
 * code must be requested); skipped: an admin released the hold without it. */
export const VERIFICATION_STATUSES = ["pending", "verified", "locked", "skipped"] as const
export const VERIFICATION_CHANNELS = ["email", "phone"] as const

/**
 * An identity-verification challenge for an order a "verify" rule held: one per order. The one-time code is never
 * stored, only its scrypt hash (`code_hash`, "salt:hash" in hex); `sends` and `attempts` count the codes sent and the
 * wrong tries of the current code.
 */
const RiskVerification = model
  .define("risk_verification", {
    id: model.id({ prefix: "rver" }).primaryKey(),
    order_id: model.text(),
    assessment_id: model.text().nullable(),
    /** the rule that asked for it */
    rule_id: model.text().nullable(),
    status: model.enum([...VERIFICATION_STATUSES]).default("pending"),
    channel: model.enum([...VERIFICATION_CHANNELS]).nullable(),
    /** where the current code went (email or E.164 phone) */
    destination: model.text().nullable(),
    code_hash: model.text().nullable(),
    expires_at: model.dateTime().nullable(),
    attempts: model.number().default(0),
    sends: model.number().default(0),
    last_sent_at: model.dateTime().nullable(),
    verified_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["order_id"], unique: true, where: "deleted_at IS NULL" }])

export default RiskVerification
