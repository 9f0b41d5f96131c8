import { model } from "@medusajs/framework/utils"

/** What a blacklist entry matches: a customer id, an email, every email of a domain, a phone, an IP or CIDR range, a device id, a shipping address. */
export const BLACKLIST_TYPES = ["customer", "email", "email_domain", "phone", "ip", "device", "address"] as const

/**
 * One blacklist entry: `value` is the normalised form matching compares (see normalize.ts), `display_value` what the
 * admin typed. An entry with `expires_at` in the past no longer matches. Unique per (type, value) among live entries.
 */
const BlacklistEntry = model
  .define("risk_blacklist_entry", {
    id: model.id({ prefix: "rbl" }).primaryKey(),
    type: model.enum([...BLACKLIST_TYPES]),
    value: model.text(),
    display_value: model.text(),
    reason: model.text(),
    created_by_type: model.text(),
    created_by_id: model.text().nullable(),
    expires_at: model.dateTime().nullable(),
    /** where it came from: manual, import, order:<order id> */
    source: model.text().default("manual"),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["type", "value"], unique: true, where: "deleted_at IS NULL" },
    { on: ["created_at"], where: "deleted_at IS NULL" },
  ])

export default BlacklistEntry
