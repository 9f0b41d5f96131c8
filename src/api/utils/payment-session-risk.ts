import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"
import { assessCheckout, checkoutSubjectOf } from "../../workflows/risk/assess-checkout"
import { CHECKOUT_REFUSED_MESSAGE, requestOrigin } from "./risk-guard"

/**
 * Middleware for Medusa's POST /store/payment-collections/:id/payment-sessions, after the blacklist: the store's risk
 * rules run on the payment attempt too (stage `payment_session`). Every attempt is recorded (a velocity rule with
 * `counts: "payment_attempts"` counts them); a "block" is refused here with 403 and the checkout's generic message
 * (the shopper learns before paying, not after), anything else goes on to Medusa and is decided at completion. A
 * collection without a cart, or a store without rules, passes straight through (one indexed read of the rules).
 */
export async function assessPaymentAttemptRisk(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    if (!(await risk.listRules()).some((r: any) => r.enabled)) return next()
    const { data: [pc] } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "payment_collection", fields: ["id", "cart.id"], filters: { id: req.params.id } })
    const cartId = (pc as any)?.cart?.id
    if (!cartId) return next()
    const subject = await checkoutSubjectOf(req.scope, cartId, requestOrigin(req))
    if (!subject) return next()
    const a = await assessCheckout(req.scope, subject, new Date(), "payment_session")
    if (a.action !== "block") return next()
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: payment attempt for cart ${cartId} refused by risk rule(s) ${a.rules.map((h) => h.rule_id).join(", ")} (assessment ${a.id})`)
    res.status(403).json({ type: "not_allowed", code: "checkout_refused", message: CHECKOUT_REFUSED_MESSAGE })
  } catch (e) {
    next(e)
  }
}
