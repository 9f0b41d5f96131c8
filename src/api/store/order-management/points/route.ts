import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { sendLifecycleError } from "../../../utils/errors"
import { customerPoints, type PointsLedgerQueryType } from "./helpers"

/**
 * GET /store/order-management/points?limit=&offset= — the logged-in customer's points:
 * `{ points: { customer_id, balance, value_minor_per_point: { cny: 1, usd: 1 }, earn_per_major_unit, max_share_percent,
 * entries (newest first: direction, points, balance_after, source_type, order_id, reason, created_at), count, limit,
 * offset } }`. 401 without a logged-in customer.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const customerId = req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id : null
    if (!customerId) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Log in to see your points")
    res.json({ points: await customerPoints(req.scope, customerId, req.validatedQuery as unknown as PointsLedgerQueryType) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
