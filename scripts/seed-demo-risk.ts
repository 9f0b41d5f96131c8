import type { MedusaContainer } from "@medusajs/framework/types"
import { RISK_MODULE } from "../src/modules/risk"
import type RiskModuleService from "../src/modules/risk/service"
import { ORDER_MANAGEMENT_MODULE } from "../src/modules/order-management"
import type OrderManagementModuleService from "../src/modules/order-management/service"
import { assessCheckout, checkoutSubjectOf } from "../src/workflows/risk/assess-checkout"
import { applyOrderRiskOnce } from "../src/workflows/risk/apply-once"

type Placed = { order_id: string; cart_id: string }
type Place = (o: Record<string, unknown>) => Promise<Placed>

/**
 * The demo's risk control, so Settings → Risk, the Risk card, the list's risk column and the Anomalies page show real
 * data: the store's rules (review, verify, block, the payment-attempt velocity, the GeoIP country check, one disabled),
 * blacklist entries of every type, and assessed checkouts: the earlier orders assessed as they would have been (their
 * level shown, nothing held), a big order paid from an IP abroad (reviewed: held, a malicious_order anomaly) and an
 * order above ¥2,000 (verify: held, a code emailed through the local notification provider).
 */
export async function seedDemoRisk(container: MedusaContainer, admin: { type: "user"; id: string | null }, orders: { earlier: Placed[]; place: Place; paid: Place }) {
  const risk: RiskModuleService = container.resolve(RISK_MODULE)
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  await risk.addRule({ name: "Trusted repeat customers", condition: "customer_total_above", params: { amount_minor: 50_000_00, currency_code: "cny", window_hours: 720 }, action: "allow", weight: 0, priority: 5, enabled: false })
  await risk.addRule({ name: "Blacklisted", condition: "blacklisted", action: "block", weight: 100, priority: 10 })
  await risk.addRule({ name: "Too many payment attempts from one IP", condition: "velocity", params: { subject: "ip", max: 20, window_minutes: 10, counts: "payment_attempts" }, action: "block", weight: 50, priority: 20 })
  await risk.addRule({ name: "Several accounts on one device", condition: "accounts_per_device", params: { max: 3, window_minutes: 1440 }, action: "review", weight: 40, priority: 30 })
  await risk.addRule({ name: "Orders above ¥2,000: verify the email", condition: "order_total_above", params: { amount_minor: 2_000_00, currency_code: "cny" }, action: "verify", weight: 20, priority: 40 })
  await risk.addRule({ name: "IP abroad, shipping to China", condition: "ip_country_mismatch", params: { allow: ["HK-CN", "MO-CN"] }, action: "review", weight: 30, priority: 50 })
  await risk.addRule({ name: "Big order", condition: "order_total_above", params: { amount_minor: 1_000_00, currency_code: "cny" }, action: "review", weight: 30, priority: 60 })
  await risk.addRule({ name: "New customer", condition: "new_customer", action: "allow", weight: 10, priority: 70 })

  const week = new Date(Date.now() + 7 * 86400_000).toISOString()
  await risk.addBlacklistEntries([
    { type: "email", value: "chargeback.king@example.com", reason: "two chargebacks in March" },
    { type: "email_domain", value: "mailinator.com", reason: "throwaway mail" },
    { type: "phone", value: "+86 138 0000 1111", reason: "stolen card orders" },
    { type: "ip", value: "203.0.113.0/24", reason: "card testing from this range", expires_at: week },
    { type: "ip", value: "198.51.100.66", reason: "scripted checkouts" },
    { type: "device", value: "fp_emulator_farm_01", reason: "emulator farm" },
    { type: "address", value: "88 Freight Rd, Shenzhen, Warehouse 3, 518000, CN", reason: "reshipping warehouse" },
  ] as any, { type: "user", id: admin.id, source: "manual" })

  // earlier orders, assessed as they would have been: levels on the list, nothing held
  const ips = ["1.0.1.1", "1.0.8.8", "36.110.1.1", "8.8.8.8", "1.0.1.1", "101.6.6.6"]
  for (const [i, o] of orders.earlier.entries()) {
    const subject = await checkoutSubjectOf(container, o.cart_id, { ip: ips[i % ips.length], device_id: `fp_demo_${(i % 4) + 1}` })
    if (!subject) continue
    await assessCheckout(container, subject)
    const a = await risk.attachAssessment(o.cart_id, o.order_id)
    const l = await om.findLifecycleByOrder(o.order_id)
    if (a && l) await om.updateOrderLifecycles({ id: l.id, risk_level: a.level as any })
  }
  // a big order paid from an IP in the US, shipping to Shanghai: reviewed (held; a malicious_order anomaly)
  const abroad = await orders.paid({ email: "traveller@example.com", items: [{ variant: "teapot", quantity: 3 }] })
  const s1 = await checkoutSubjectOf(container, abroad.cart_id, { ip: "8.8.8.8", device_id: "fp_demo_travel" })
  if (s1) await assessCheckout(container, s1)
  await applyOrderRiskOnce(container, abroad.order_id)
  // an order above ¥2,000, not paid yet: verify (held until the code the customer was emailed is confirmed)
  const big = await orders.place({ provider: "pp_deferred_deferred", email: "first.big@example.com", items: [{ variant: "teapot", quantity: 6 }] })
  const s2 = await checkoutSubjectOf(container, big.cart_id, { ip: "1.0.8.8", device_id: "fp_demo_new" })
  if (s2) await assessCheckout(container, s2)
  await applyOrderRiskOnce(container, big.order_id)
}
