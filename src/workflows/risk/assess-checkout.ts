import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"
import type { AssessmentView } from "../../modules/risk/service"
import { evaluateRules, type RiskFacts } from "../../modules/risk/evaluate"
import { normalizePhone } from "../../modules/risk/normalize"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { toMinorUnits } from "../../utils/money"
import { runLifecycleAction } from "../run-lifecycle-action"

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
 */
export async function assessCheckout(container: MedusaContainer, subject: CheckoutSubject, now = new Date()): Promise<AssessmentView> {
  // one form of the phone for matching and counting: E.164, read in the shipping address's country
  const s = { ...subject, phone: subject.phone ? normalizePhone(subject.phone, subject.address?.country_code ?? undefined) : null }
  const risk: RiskModuleService = container.resolve(RISK_MODULE)
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000)
  const who = s.customer_id ? { column: "customer_id", value: s.customer_id } : s.email ? { column: "email", value: s.email.toLowerCase() } : null
  const facts: RiskFacts = {
    currency_code: s.currency_code,
    total_minor: s.total_minor,
    blacklisted: async () => (await risk.matchBlacklist({ customer_id: s.customer_id, email: s.email, phone: s.phone, ip: s.ip, device_id: s.device_id, address: s.address })).map((e) => e.type),
    customerTotal: async (hours) => {
      if (!who) return 0
      const [row] = (await pg.raw(
        `select coalesce(sum(total_minor), 0) as s from order_lifecycle where deleted_at is null and ${who.column === "email" ? "lower(email)" : "customer_id"} = ? and currency_code = ? and payment_status <> 'canceled' and placed_at >= ?`,
        [who.value, s.currency_code, since(hours * 60)]
      )).rows
      return Number(row.s)
    },
    velocity: async (subject, minutes) => {
      const value = { customer: s.customer_id, email: s.email, phone: s.phone, ip: s.ip, device: s.device_id }[subject]
      if (!value) return null
      return risk.countCheckouts(subject === "device" ? "device_id" : subject === "customer" ? "customer_id" : subject, value, since(minutes))
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
  return risk.recordAssessment({ cart_id: s.cart_id, customer_id: s.customer_id, email: s.email, phone: s.phone, ip: s.ip, device_id: s.device_id, currency_code: s.currency_code, total_minor: s.total_minor, decision })
}

/**
 * A placed order takes its cart's assessment; a "review" assessment puts it on hold (actor system, the matching
 * rules as the reason), so once paid it waits in the review queue for a person instead of being approved
 * automatically. Returns the assessment (null when its cart was not assessed).
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
  if (a.action !== "review" || !l || l.on_hold) return a
  try {
    await runLifecycleAction(container, { order_id: orderId, action: "hold", actor: { type: "system", id: "risk" }, reason: `risk review (score ${a.score}): ${a.rules.filter((h) => h.action === "review" || h.action === "block").map((h) => `${h.name}: ${h.detail}`).join("; ") || a.rules.map((h) => h.name).join("; ")}` } as any)
  } catch (e) {
    if ((e as MedusaError)?.type !== MedusaError.Types.CONFLICT && (e as MedusaError)?.type !== MedusaError.Types.NOT_ALLOWED) throw e
  }
  return a
}
