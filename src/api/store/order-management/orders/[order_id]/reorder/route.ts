import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { reorderToCart } from "../../../../../../workflows/reorder"
import { sendLifecycleError } from "../../../../../utils/errors"

/**
 * POST /store/order-management/orders/:order_id/reorder { email? }: turn an
 * unpaid or canceled order back into a cart so the buyer keeps their basket.
 * A logged-in customer reorders their own orders; a guest proves the order
 * with its email. Items no longer for sale are listed in `skipped`.
 */
export async function POST(req: AuthenticatedMedusaRequest<{ email?: string }>, res: MedusaResponse) {
  try {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data: [order] } = await query.graph({ entity: "order", fields: ["id", "customer_id", "email"], filters: { id: req.params.order_id } })
    const customerId = req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id : null
    const o = order as any
    const owns = !!o && (customerId ? o.customer_id === customerId : !!req.validatedBody.email && o.email?.toLowerCase() === req.validatedBody.email.toLowerCase())
    if (!owns) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${req.params.order_id} was not found`)
    }
    const result = await reorderToCart(req.scope, o.id)
    res.status(201).json(result)
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
