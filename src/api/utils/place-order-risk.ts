import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { syncOrder } from "../../workflows/sync-order"
import { applyOrderRiskOnce } from "../../workflows/risk/apply-once"

/**
 * Middleware for Medusa's POST /store/carts/:id/complete: when Medusa answers with the placed order
 * (`{ type: "order", order }`), the order's lifecycle record and its cart's risk assessment (the level, a review's
 * hold, a verification challenge, a cancel) are applied before the answer leaves, so a storefront that reads the order
 * or asks for its verification code right after checkout sees them. The order.placed subscriber does the same for
 * orders placed any other way and finds nothing left to do here. A failure is logged, never turned into an error
 * for a checkout that has succeeded.
 */
export function applyRiskBeforeAnswer(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const json = res.json.bind(res)
  ;(res as any).json = (body: any) => {
    const orderId = body?.type === "order" && typeof body?.order?.id === "string" ? (body.order.id as string) : null
    if (!orderId || res.statusCode >= 300) return json(body)
    ;(async () => {
      try {
        await syncOrder(req.scope, orderId)
        await applyOrderRiskOnce(req.scope, orderId)
      } catch (e) {
        req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: risk of order ${orderId} not applied at checkout (the order.placed subscriber retries): ${(e as Error).message}`)
      }
      json(body)
    })()
    return res
  }
  next()
}
