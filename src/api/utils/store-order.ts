import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * The logged-in customer's own order, or 401 / 404: another customer's order
 * is reported as not found, so order ids cannot be probed.
 */
export async function customerOrder(req: AuthenticatedMedusaRequest, fields: string[] = []) {
  const customerId = req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id : null
  if (!customerId) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Log in to manage your orders")
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({
    entity: "order",
    fields: ["id", "customer_id", "email", ...fields],
    filters: { id: req.params.order_id },
  })
  if (!order || (order as any).customer_id !== customerId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${req.params.order_id} was not found`)
  }
  return order as any
}
