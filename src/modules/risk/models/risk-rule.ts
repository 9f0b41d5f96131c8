import { model } from "@medusajs/framework/utils"

/**
 * What a rule looks at (its `params`):
 * - blacklisted: any live blacklist entry matches the checkout
 * - order_total_above { amount_minor, currency_code }: the cart's total
 * - customer_total_above { amount_minor, currency_code, window_hours }: the customer's (or email's) orders in the
 *   window plus this one (24 = a day, 720 = a month)
 * - velocity { subject: customer | email | phone | ip | device, max, window_minutes }: checkouts (completion
 *   attempts) by that subject in the window, this one included, above `max`
 * - accounts_per_ip / accounts_per_device { max, window_minutes }: distinct customers or emails from the checkout's IP
 *   or device in the window, above `max`
 * - new_customer: no earlier order with this customer or email
 * - ip_country_mismatch { allow?: ["HK-CN", …] }: the client IP's country (GeoIP) differs from the shipping address's
 *   country, both known; `allow` lists "<IP country>-<shipping country>" pairs that do not count
 */
export const RULE_CONDITIONS = ["blacklisted", "order_total_above", "customer_total_above", "velocity", "accounts_per_ip", "accounts_per_device", "new_customer", "ip_country_mismatch"] as const
/**
 * allow: stop evaluating, let it through; review: place it and hold it for a person; block: refuse the checkout;
 * verify: place it, hold it until the shopper confirms a one-time code (identity first); cancel: place it and cancel it
 * right away as the system (a paid one is refunded by the cancel).
 */
export const RULE_ACTIONS = ["allow", "review", "block", "verify", "cancel"] as const

/** A stored risk rule; evaluated in `priority` order (lowest first), the first matching rule's action wins. */
const RiskRule = model
  .define("risk_rule", {
    id: model.id({ prefix: "rrule" }).primaryKey(),
    name: model.text(),
    priority: model.number(),
    enabled: model.boolean().default(true),
    condition: model.enum([...RULE_CONDITIONS]),
    params: model.json().nullable(),
    action: model.enum([...RULE_ACTIONS]),
    /** added to the score when the rule matches (whatever wins) */
    weight: model.number().default(0),
  })
  .indexes([{ on: ["priority"], where: "deleted_at IS NULL" }])

export default RiskRule
