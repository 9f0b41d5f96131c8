import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RISK_MODULE } from "../../../../../../modules/risk"
import type RiskModuleService from "../../../../../../modules/risk/service"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { RiskRulePatchType } from "../../validators"

/** POST /admin/order-management/risk/rules/:id { any of name, condition, params, action, weight, priority, enabled } — change a rule: `{ rule }`; 400, 404. */
export async function POST(req: AuthenticatedMedusaRequest<RiskRulePatchType>, res: MedusaResponse) {
  try {
    res.json({ rule: await (req.scope.resolve(RISK_MODULE) as RiskModuleService).changeRule(req.params.id, req.validatedBody as any) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/** DELETE /admin/order-management/risk/rules/:id — remove a rule: `{ id, deleted: true }`; 404. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    await (req.scope.resolve(RISK_MODULE) as RiskModuleService).removeRule(req.params.id)
    res.json({ id: req.params.id, deleted: true })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
