import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { POINTS_MODULE } from "../../modules/points"
import type PointsModuleService from "../../modules/points/service"
import { maxPointsFor, valueOfPoints } from "../../modules/points/options"
import { cartPointsFacts, POINTS_CREDIT_LINE_REFERENCE } from "./cart"
import { redeemPointsForOrder, refundPointsForOrder } from "./index"

/**
 * The points on a cart are debited when the cart becomes an order: in completeCartWorkflow's
 * `beforePaymentAuthorization` hook — after Medusa created the order (and linked it to the cart), before the payment
 * is authorized — with the order id as the posting's source (once per order). When the balance no longer covers them
 * (spent meanwhile, say by a concurrent checkout), or they are now more than maxSharePercent of the cart's total (the
 * cart changed after they were applied), completion is refused with a 400 naming the reason, and Medusa's
 * compensation removes the order; nothing is debited. A failure after the debit (the payment not authorized) runs
 * this hook's compensation, which gives the points back.
 */
export async function debitCartPoints(container: { resolve: (k: string) => any }, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  // every completion passes here: a cheap look at the credit lines first, the cart's totals only when points are on it
  const { data: [lines] } = await query.graph({ entity: "cart", fields: ["id", "credit_lines.reference"], filters: { id: cartId } })
  if (!((lines as any)?.credit_lines ?? []).some((l: any) => l?.reference === POINTS_CREDIT_LINE_REFERENCE)) return null
  const facts = await cartPointsFacts(container, cartId)
  if (!facts || !facts.lines.length) return null
  const points = facts.lines.reduce((s, l) => s + l.points, 0)
  const valueMinor = facts.lines.reduce((s, l) => s + l.amount_minor, 0)
  if (!facts.customer_id) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Paying with points needs a logged-in customer")
  const opts = (container.resolve(POINTS_MODULE) as PointsModuleService).getPointsOptions()
  if (valueOfPoints(points, facts.currency_code, opts) !== valueMinor) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The points on this cart no longer match what points are worth; apply them again")
  }
  const max = maxPointsFor(facts.total_before_points_minor, facts.currency_code, opts)
  if (points > max) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The ${points} points on this cart are more than ${opts.maxSharePercent}% of its total now (at most ${max}); apply points again`)
  }
  const { data: [c] } = await query.graph({ entity: "cart", fields: ["id", "order.id"], filters: { id: cartId } })
  const orderId = (c as any)?.order?.id as string | undefined
  if (!orderId) throw new Error(`points: cart ${cartId} has no order at payment authorization`)
  const r = await redeemPointsForOrder(container, {
    customer_id: facts.customer_id,
    order_id: orderId,
    points,
    currency_code: facts.currency_code,
    actor: { type: "customer", id: facts.customer_id },
  })
  return { order_id: orderId, points, duplicate: r.duplicate }
}

;(completeCartWorkflow.hooks as any).beforePaymentAuthorization(
  async ({ input }: { input: { id: string } }, { container }: { container: any }) => {
    const r = await debitCartPoints(container, input.id)
    return new StepResponse(r, r && !r.duplicate ? { order_id: r.order_id } : null)
  },
  async (comp: { order_id: string } | null, { container }: { container: any }) => {
    if (!comp) return
    await refundPointsForOrder(container, { order_id: comp.order_id, reason: `checkout of order ${comp.order_id} failed: redeemed points given back` })
  }
)
