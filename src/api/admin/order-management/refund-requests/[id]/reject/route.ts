import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { rejectRefundRequest } from "../../../../../../workflows/after-sales/review-refund"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { RejectRefundBodyType } from "../../validators"

/**
 * POST /admin/order-management/refund-requests/:id/reject { reason } — reject a requested refund (or give up a
 * failed one): `{ refund_request }`. 400 without a reason; 409 when it is no longer requested or failed.
 */
export async function POST(req: AuthenticatedMedusaRequest<RejectRefundBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    res.json({ refund_request: await rejectRefundRequest(req.scope, req.params.id, req.validatedBody.reason, { type: "user", id: actor.id ?? null, email: actor.email ?? null }) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
