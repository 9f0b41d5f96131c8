import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { AFTER_SALES_MODULE } from "../../../../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../../../../modules/after-sales/service"
import { sendLifecycleError } from "../../../../../../utils/errors"
import { sendPrivateFile } from "../../../../../../utils/upload"

/** GET /admin/order-management/refund-requests/:id/evidence/:file_id — one evidence file (private) for an admin to look at; 404. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const r = await (req.scope.resolve(AFTER_SALES_MODULE) as AfterSalesModuleService).viewRefundRequest(req.params.id)
    const file = r.evidence.find((e) => e.file_id === req.params.file_id)
    if (!file) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Evidence ${req.params.file_id} not found on this refund request`)
    await sendPrivateFile(req.scope, res, { file_id: file.file_id, mime_type: file.mime_type, filename: `evidence-${r.id}` })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
