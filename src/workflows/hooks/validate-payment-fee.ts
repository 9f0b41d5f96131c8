import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { planPaymentFee } from "../payment-fee-line"

/**
 * Completing a cart: its payment fee line must be the one of the channel it
 * is being paid with. The session route keeps them in step and Medusa drops
 * the session whenever the cart changes, so this only refuses a cart that
 * reached completion another way.
 */
completeCartWorkflow.hooks.validate(async ({ cart }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [c] } = await query.graph({
    entity: "cart", fields: ["id", "completed_at", "payment_collection.payment_sessions.provider_id", "payment_collection.payment_sessions.status"], filters: { id: (cart as any).id },
  })
  if (!c || (c as any).completed_at) return
  const session = ((c as any).payment_collection?.payment_sessions ?? []).find((s: any) => s?.status === "pending" || s?.status === "pending_authorization")
  if (!session) return // Medusa's own validation refuses a cart without a session
  const plan = await planPaymentFee(container, (c as any).id, session.provider_id)
  if (plan.remove.length || plan.add) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The payment fee on this cart does not match the chosen payment method; choose the payment method again")
  }
})
