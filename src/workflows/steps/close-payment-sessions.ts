import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"

import { CLOSE_FLAG } from "../../providers/shared/session-data"
const OPEN = ["pending", "pending_authorization", "requires_more"]

/**
 * Before an unpaid order is canceled, close its open trades at the payment
 * platform, so the buyer can no longer pay a canceled order. Medusa's payment
 * module only reaches a provider through its public methods; updatePayment
 * with CLOSE_FLAG in the session data is that call (providers that know
 * no closing ignore the flag). A provider that refuses (the trade was paid
 * meanwhile) throws, and the cancel is abandoned.
 */
export const closePaymentSessionsStep = createStep(
  "order-management-close-payment-sessions",
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: [order] } = await query.graph({
      entity: "order",
      fields: ["id", "payment_collections.payment_sessions.id", "payment_collections.payment_sessions.status", "payment_collections.payment_sessions.amount", "payment_collections.payment_sessions.currency_code", "payment_collections.payment_sessions.data"],
      filters: { id: input.order_id },
    })
    const sessions = ((order?.payment_collections ?? []) as any[]).flatMap((c) => c?.payment_sessions ?? []).filter((s: any) => OPEN.includes(s.status))
    const payment = container.resolve(Modules.PAYMENT)
    const closed: string[] = []
    for (const s of sessions) {
      try {
        await payment.updatePaymentSession({
          id: s.id,
          amount: s.amount,
          currency_code: s.currency_code,
          data: { ...(s.data ?? {}), [CLOSE_FLAG]: true },
        })
        closed.push(s.id)
      } catch (e) {
        // the provider's structured error (channelErrorOf) stays reachable as `cause`
        throw Object.assign(new MedusaError(MedusaError.Types.CONFLICT, `Cannot cancel this order: the payment platform refused to close its trade (${(e as Error).message}); the payment may have arrived`), { cause: e })
      }
    }
    return new StepResponse(closed)
  }
)
