import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { planPaymentFee } from "../payment-fee-line"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"

/** The required fields the address leaves empty (all of them when there is no address), in the option's order. */
export function missingAddressFields(required: readonly string[], address: Record<string, unknown> | null | undefined): string[] {
  return required.filter((f) => !String(address?.[f] ?? "").trim())
}

/**
 * Completing a cart (Medusa's one validate hook of completeCartWorkflow, so both checks live here):
 * - the shipping address carries every field the store requires (option `requiredAddressFields`, FecShop's
 *   requiredAddressAttr): refused with 400 naming each missing field;
 * - its payment fee line is the one of the channel it is being paid with. The session route keeps them in step and
 *   Medusa drops the session whenever the cart changes, so this only refuses a cart that reached completion another way.
 */
completeCartWorkflow.hooks.validate(async ({ cart }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [c] } = await query.graph({
    entity: "cart", fields: ["id", "completed_at", "shipping_address.*", "payment_collection.payment_sessions.provider_id", "payment_collection.payment_sessions.status"], filters: { id: (cart as any).id },
  })
  if (!c || (c as any).completed_at) return
  const missing = missingAddressFields((container.resolve(RISK_MODULE) as RiskModuleService).getRiskOptions().requiredAddressFields, (c as any).shipping_address)
  if (missing.length) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `The shipping address is missing: ${missing.join(", ")}`)
  }
  const session = ((c as any).payment_collection?.payment_sessions ?? []).find((s: any) => s?.status === "pending" || s?.status === "pending_authorization")
  if (!session) return // Medusa's own validation refuses a cart without a session
  const plan = await planPaymentFee(container, (c as any).id, session.provider_id)
  if (plan.remove.length || plan.add) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The payment fee on this cart does not match the chosen payment method; choose the payment method again")
  }
})
