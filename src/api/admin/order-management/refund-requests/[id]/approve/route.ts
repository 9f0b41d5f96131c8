import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { approveRefundRequest } from "../../../../../../workflows/after-sales/review-refund"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { ApproveRefundBodyType } from "../../validators"

/**
 * POST /admin/order-management/refund-requests/:id/approve { amount? (minor units; default the requested amount),
 * destination: "original" | "balance", note? } — approve and process at once: `{ refund_request }` as it ends
 * (refunded; processing while WeChat settles; failed with `failure.cause`). 400 amount above what is refundable or
 * balance for a guest; 403 above the admin's approval limit (permissions.approveRefund); 409 already reviewed.
 */
export async function POST(req: AuthenticatedMedusaRequest<ApproveRefundBodyType>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const actor = await adminActor(req)
    const r = await approveRefundRequest(req.scope, req.params.id, { amount_minor: b.amount ?? null, destination: b.destination, note: b.note ?? null }, { type: "user", id: actor.id ?? null, email: actor.email ?? null })
    res.json({ refund_request: r })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
