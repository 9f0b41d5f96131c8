import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../../../../modules/order-management/service"
import { sendLifecycleError } from "../../../../../../../../utils/errors"
import { sendPrivateFile } from "../../../../../../../../utils/upload"

/** GET …/bank-transfer/proofs/:proof_id/file — the slip itself (private file) for an admin to look at. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const proof = (await service.listProofsOf(req.params.order_id)).find((p: any) => p.id === req.params.proof_id)
    if (!proof) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Proof ${req.params.proof_id} not found on this order`)
    await sendPrivateFile(req.scope, res, { file_id: proof.file_id, mime_type: proof.mime_type, filename: `proof-${proof.id}` })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
