import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../../../../modules/order-management/service"
import { sendLifecycleError } from "../../../../../../../../utils/errors"

/** GET …/bank-transfer/proofs/:proof_id/file — the slip itself (private file) for an admin to look at. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const proof = (await service.listProofsOf(req.params.order_id)).find((p: any) => p.id === req.params.proof_id)
    if (!proof) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Proof ${req.params.proof_id} not found on this order`)
    const bytes = await req.scope.resolve(Modules.FILE).getAsBuffer(proof.file_id)
    res.setHeader("content-type", proof.mime_type)
    res.setHeader("content-disposition", `inline; filename="proof-${proof.id}"`)
    res.setHeader("x-content-type-options", "nosniff")
    res.setHeader("cache-control", "private, no-store")
    res.status(200).send(bytes)
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
