import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendLifecycleError } from "../../../../../utils/errors"
import { customerPoints, type PointsLedgerQueryType } from "../../../../../store/order-management/points/helpers"

/**
 * GET /admin/order-management/customers/:customer_id/points?limit=&offset= — the customer's points balance, the
 * options' value of a point per currency, and the ledger newest first (each entry with the admin's `actor_email`
 * behind an adjustment): `{ points: { customer_id, balance, value_minor_per_point, earn_per_major_unit,
 * max_share_percent, entries, count, limit, offset } }`. 404 for an unknown customer.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    res.json({ points: await customerPoints(req.scope, req.params.customer_id, req.validatedQuery as unknown as PointsLedgerQueryType, { withActors: true }) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
