import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { applyCartPointsWorkflow } from "../../../../../../workflows/points/cart"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { StoreCartPointsBodyType } from "../../../points/helpers"

async function apply(req: AuthenticatedMedusaRequest, res: MedusaResponse, points: number) {
  try {
    const customerId = req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id : null
    if (!customerId) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Log in to pay with points")
    const { result } = await applyCartPointsWorkflow(req.scope).run({ input: { cart_id: req.params.cart_id, customer_id: customerId, points } })
    const { data: [cart] } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "cart",
      fields: ["id", "currency_code", "total", "subtotal", "credit_line_total", "credit_lines.*"],
      filters: { id: req.params.cart_id },
    })
    res.json({
      cart,
      points: { applied: result.points, value_minor: result.value_minor, max_points: result.max_points, balance: result.balance },
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/**
 * POST /store/order-management/carts/:cart_id/points { points } — pay part of the logged-in customer's own cart with
 * points: a whole number, at most their balance and maxSharePercent of the cart's total (0 takes them off). The points
 * become one Medusa credit line on the cart (reference "points"), so the cart's `total` and `credit_line_total` show
 * them and the order carries them; they are debited when the cart completes.
 * Answers `{ cart: { id, total, credit_line_total, credit_lines }, points: { applied, value_minor, max_points, balance } }`.
 * 401 without login; 404 for a cart that is not theirs; 400 naming `points` for too many or a bad value.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreCartPointsBodyType>, res: MedusaResponse) {
  await apply(req, res, req.validatedBody.points)
}

/** DELETE /store/order-management/carts/:cart_id/points — take the points off the cart (same answer as POST). */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await apply(req, res, 0)
}
