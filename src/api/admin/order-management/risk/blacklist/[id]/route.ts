import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RISK_MODULE } from "../../../../../../modules/risk"
import type RiskModuleService from "../../../../../../modules/risk/service"
import { sendLifecycleError } from "../../../../../utils/errors"

/** DELETE /admin/order-management/risk/blacklist/:id — take an entry off the list: `{ id, deleted: true }`; 404. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    await (req.scope.resolve(RISK_MODULE) as RiskModuleService).removeBlacklistEntry(req.params.id)
    res.json({ id: req.params.id, deleted: true })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
