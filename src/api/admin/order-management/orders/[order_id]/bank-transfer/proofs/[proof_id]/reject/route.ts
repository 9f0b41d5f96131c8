import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../../../../modules/order-management/service"
import { BANK_TRANSFER_PROOF_REJECTED } from "../../../../../../../../../workflows/bank-transfer"
import { adminActor } from "../../../../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../../../../utils/errors"

/**
 * POST /admin/order-management/orders/:order_id/bank-transfer/proofs/:proof_id/reject { reason } —
 * the slip does not show the payment: recorded, and an event a store can use to tell the buyer.
 */
export async function POST(req: AuthenticatedMedusaRequest<{ reason: string }>, res: MedusaResponse) {
  try {
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const actor = await adminActor(req)
    const proof = await service.reviewProof(req.params.proof_id, req.params.order_id, "rejected", { by: actor.id ?? null, reason: req.validatedBody.reason })
    await service.recordEvent(req.params.order_id, { action: "bank_transfer_proof_rejected", actor: { type: "user", id: actor.id }, reason: req.validatedBody.reason, metadata: { proof_id: proof.id } })
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: BANK_TRANSFER_PROOF_REJECTED, data: { id: proof.id, order_id: req.params.order_id, reason: req.validatedBody.reason } })
    res.json({ proof: { id: proof.id, status: proof.status, reject_reason: proof.reject_reason } })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
