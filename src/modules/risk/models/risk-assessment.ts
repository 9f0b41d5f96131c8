import { model } from "@medusajs/framework/utils"

/**
 * One evaluation of a checkout (every completion attempt, refused ones too: velocity counts them): who, from where,
 * which rules matched, the score and the action taken. `order_id` is set once the cart became an order.
 */
const RiskAssessment = model
  .define("risk_assessment", {
    id: model.id({ prefix: "rasmt" }).primaryKey(),
    cart_id: model.text(),
    /**
     * where it ran: payment_session (a payment attempt, Medusa's payment-session creation: only a block acts there)
     * or completion (cart completion; the one an order takes)
     */
    stage: model.enum(["payment_session", "completion"]).default("completion"),
    order_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    email: model.text().nullable(),
    phone: model.text().nullable(),
    ip: model.text().nullable(),
    /** the client IP's country (ISO 3166-1 alpha-2, GeoIP); null for a private, loopback or unknown address */
    ip_country: model.text().nullable(),
    device_id: model.text().nullable(),
    currency_code: model.text().nullable(),
    total_minor: model.bigNumber().nullable(),
    /** allow, review, block, verify, cancel */
    action: model.text(),
    /** low, medium, high */
    level: model.text(),
    score: model.number().default(0),
    /** [{ rule_id, name, condition, action, weight, detail }] every rule that matched, in order */
    hits: model.json().nullable(),
  })
  .indexes([
    { on: ["cart_id", "created_at"] },
    { on: ["order_id"], where: "order_id IS NOT NULL" },
    { on: ["ip", "created_at"], where: "ip IS NOT NULL" },
    { on: ["device_id", "created_at"], where: "device_id IS NOT NULL" },
    { on: ["email", "created_at"], where: "email IS NOT NULL" },
    { on: ["customer_id", "created_at"], where: "customer_id IS NOT NULL" },
    { on: ["phone", "created_at"], where: "phone IS NOT NULL" },
    { on: ["level", "created_at"] },
  ])

export default RiskAssessment
