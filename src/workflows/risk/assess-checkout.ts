import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"
import type { AssessmentView } from "../../modules/risk/service"
import { evaluateRules, type RiskFacts, type RiskStage } from "../../modules/risk/evaluate"
import { normalizePhone } from "../../modules/risk/normalize"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { toMinorUnits } from "../../utils/money"
import { runLifecycleAction } from "../run-lifecycle-action"
import { countryOfIp } from "../../modules/risk/geoip"
import { openMaliciousOrderAnomaly } from "../anomalies"
import { VERIFICATION_HOLD_REASON } from "../../modules/risk/verification-code"
import { sendVerificationCodeWorkflow } from "./verification"

/** A cart about to complete, as the assessment reads it. */
export type CheckoutSubject = {
  cart_id: string
  customer_id: string | null
  email: string | null
  phone: string | null
  currency_code: string
  total_minor: number
  ip: string | null
  device_id: string | null
  address: Record<string, any> | null
  /** its money already arrived: a block becomes a review (the order must exist to refund it) */
  paid: boolean
}

/** The cart's subject for the assessment (minor units of its currency). Null when there is no such cart. */
export async function checkoutSubjectOf(container: MedusaContainer, cartId: string, origin: { ip: string | null; device_id: string | null }): Promise<CheckoutSubject | null> {
  const { data: [c] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: ["id", "email", "customer_id", "currency_code", "total", "shipping_address.*", "billing_address.phone", "payment_collection.payment_sessions.status"],
    filters: { id: cartId },
  })
  if (!c) return null
  const cart = c as any
  const currency = String(cart.currency_code).toLowerCase()
  return {
    cart_id: cart.id,
    customer_id: cart.customer_id ?? null,
    email: cart.email ?? null,
    phone: cart.shipping_address?.phone ?? cart.billing_address?.phone ?? null,
    currency_code: currency,
    total_minor: toMinorUnits(cart.total ?? 0, currency),
    ip: origin.ip,
    device_id: origin.device_id,
    address: cart.shipping_address ?? null,
    paid: ((cart.payment_collection?.payment_sessions ?? []) as any[]).some((s) => s?.status === "authorized" || s?.status === "captured"),
  }
}

/**
 * Evaluate the store's risk rules for a checkout and record the assessment (every attempt is recorded: velocity
 * counts them). The facts come from the risk module (blacklist, earlier checkouts by customer, email, phone, IP and
 * device) and the plugin's order records (`order_lifecycle`: the customer's totals, whether they ordered before).
 * Returns the assessment; its `action` is what the caller does (block: refuse; review: hold the order once placed).
 * `stage`: "completion" (cart completion, the assessment the order takes) or "payment_session" (a payment attempt,
 * recorded for the payment-attempt velocity; the caller acts on a block only).
 */
export async function assessCheckout(container: MedusaContainer, subject: CheckoutSubject, now = new Date(), stage: RiskStage = "completion"): Promise<AssessmentView> {
  // one form of the phone for matching and counting: E.164, read in the shipping address's country
  const s = { ...subject, phone: subject.phone ? normalizePhone(subject.phone, subject.address?.country_code ?? undefined) : null }
  const risk: RiskModuleService = container.resolve(RISK_MODULE)
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000)
  const who = s.customer_id ? { column: "customer_id", value: s.customer_id } : s.email ? { column: "email", value: s.email.toLowerCase() } : null
  const ipCountry = countryOfIp(s.ip)
  const facts: RiskFacts = {
    stage,
    currency_code: s.currency_code,
    total_minor: s.total_minor,
    ip_country: ipCountry,
    shipping_country: typeof s.address?.country_code === "string" && s.address.country_code ? s.address.country_code.toUpperCase() : null,
    blacklisted: async () => (await risk.matchBlacklist({ customer_id: s.customer_id, email: s.email, phone: s.phone, ip: s.ip, device_id: s.device_id, address: s.address })).map((e) => e.type),
    customerTotal: async (hours) => {
      if (!who) return 0
      const [row] = (await pg.raw(
        `select coalesce(sum(total_minor), 0) as s from order_lifecycle where deleted_at is null and ${who.column === "email" ? "lower(email)" : "customer_id"} = ? and currency_code = ? and payment_status <> 'canceled' and placed_at >= ?`,
        [who.value, s.currency_code, since(hours * 60)]
      )).rows
      return Number(row.s)
    },
    velocity: async (subject, minutes, counts = "checkouts") => {
      const value = { customer: s.customer_id, email: s.email, phone: s.phone, ip: s.ip, device: s.device_id }[subject]
      if (!value) return null
      return risk.countCheckouts(subject === "device" ? "device_id" : subject === "customer" ? "customer_id" : subject, value, since(minutes), counts === "payment_attempts" ? "payment_session" : "completion")
    },
    accountsPer: async (kind, minutes) => {
      const value = kind === "ip" ? s.ip : s.device_id
      if (!value) return null
      const accounts = new Set(await risk.countAccounts(kind === "ip" ? "ip" : "device_id", value, since(minutes)))
      const mine = s.customer_id ?? s.email?.toLowerCase()
      if (mine) accounts.add(mine)
      return accounts.size
    },
    isNewCustomer: async () => {
      if (!who) return true
      const [row] = (await pg.raw(`select 1 from order_lifecycle where deleted_at is null and ${who.column === "email" ? "lower(email)" : "customer_id"} = ? limit 1`, [who.value])).rows
      return !row
    },
  }
  const decision = await evaluateRules(await risk.listRules(), facts)
  if (s.paid && decision.action === "block") decision.action = "review"
  return risk.recordAssessment({ stage, cart_id: s.cart_id, customer_id: s.customer_id, email: s.email, phone: s.phone, ip: s.ip, ip_country: ipCountry, device_id: s.device_id, currency_code: s.currency_code, total_minor: s.total_minor, decision })
}

/** What the order's hold says for a review: the score and each rule that asked for it with why. */
function reviewReason(a: AssessmentView): string {
  const asking = a.rules.filter((h) => h.action !== "allow")
  return `risk review (score ${a.score}): ${(asking.length ? asking : a.rules).map((h) => `${h.name}: ${h.detail}`).join("; ")}`
}

export { VERIFICATION_HOLD_REASON }

/** A lifecycle action as the risk system; a refusal because the order moved meanwhile (409/400) is not an error. */
async function actAsRisk(container: MedusaContainer, orderId: string, action: "hold" | "release" | "cancel" | "approve", reason: string) {
  try {
    return await runLifecycleAction(container, { order_id: orderId, action, actor: { type: "system", id: "risk" }, reason } as any)
  } catch (e) {
    if ((e as MedusaError)?.type !== MedusaError.Types.CONFLICT && (e as MedusaError)?.type !== MedusaError.Types.NOT_ALLOWED) throw e
    return null
  }
}

/**
 * A placed order takes its cart's assessment, and its action is carried out (actor system "risk"):
 * - review: the order is put on hold (the matching rules as the reason), so once paid it waits in the review queue
 *   for a person instead of being approved automatically;
 * - verify: held with the reason "waiting for identity verification" and an identity-verification challenge opened
 *   (the shopper asks for a one-time code and confirms it: POST /store/order-management/verification[/confirm]);
 * - cancel: canceled right away with the rule's name as the reason (the plugin's cancel: stock released, an unpaid
 *   payment canceled, a captured one refunded).
 * Review, verify and cancel also open a `malicious_order` anomaly for the desk. Returns the assessment (null when
 * its cart was not assessed).
 */
export async function applyOrderRisk(container: MedusaContainer, orderId: string): Promise<AssessmentView | null> {
  const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "cart.id"], filters: { id: orderId } })
  const cartId = (o as any)?.cart?.id
  if (!cartId) return null
  const risk: RiskModuleService = container.resolve(RISK_MODULE)
  const a = await risk.attachAssessment(cartId, orderId)
  if (!a) return a
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await om.findLifecycleByOrder(orderId)
  // the level on the order's record: the list's risk badge and filter read it
  if (l) await om.updateOrderLifecycles({ id: l.id, risk_level: a.level as any })
  if (!l || !["review", "verify", "cancel"].includes(a.action)) return a
  const decisive = a.rules.find((h) => h.action === a.action) ?? a.rules[0]
  if (a.action === "review" && !l.on_hold) await actAsRisk(container, orderId, "hold", reviewReason(a))
  if (a.action === "verify") {
    await risk.openVerification(orderId, { assessment_id: a.id, rule_id: decisive?.rule_id ?? null })
    if (!l.on_hold) await actAsRisk(container, orderId, "hold", VERIFICATION_HOLD_REASON)
    // the first code goes to the order's email right away (the storefront may ask for another, or for an SMS)
    if (l.email) {
      await sendVerificationCodeWorkflow(container)
        .run({ input: { order_id: orderId, channel: "email", destination: String(l.email).toLowerCase() } })
        .catch((e) => container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: no verification code sent for order ${orderId}: ${(e as Error).message}`))
    }
  }
  if (a.action === "cancel") await actAsRisk(container, orderId, "cancel", decisive?.name ?? "risk rule")
  const reason = `${a.action === "cancel" ? "canceled" : a.action === "verify" ? "identity verification asked" : "held for review"} by risk rule ${decisive?.name ?? ""} (score ${a.score}): ${decisive?.detail ?? ""}`.trim()
  await openMaliciousOrderAnomaly(container, { order_id: orderId, reason, actor: { type: "system", id: "risk" }, metadata: { assessment_id: a.id, rule_id: decisive?.rule_id ?? null, action: a.action } })
    .catch((e) => container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: no malicious_order anomaly opened for order ${orderId}: ${(e as Error).message}`))
  return a
}
