import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retryRefundRequest } from "../../../../../../workflows/after-sales/review-refund"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { RetryRefundBodyType } from "../../validators"

/**
 * POST /admin/order-management/refund-requests/:id/retry { destination?: "original" | "balance" } — process a
 * failed request again, to the same destination or another: `{ refund_request }`. 409 unless it is failed.
 */
export async function POST(req: AuthenticatedMedusaRequest<RetryRefundBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    res.json({ refund_request: await retryRefundRequest(req.scope, req.params.id, { destination: req.validatedBody.destination ?? null }, { type: "user", id: actor.id ?? null, email: actor.email ?? null }) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
