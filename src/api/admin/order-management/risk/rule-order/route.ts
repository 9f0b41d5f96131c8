import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RISK_MODULE } from "../../../../../modules/risk"
import type RiskModuleService from "../../../../../modules/risk/service"
import { sendLifecycleError } from "../../../../utils/errors"
import type { RuleOrderBodyType } from "../validators"

/**
 * POST /admin/order-management/risk/rule-order { ids: string[] } — set the order rules are evaluated in (the first
 * matching rule decides): every rule once, first evaluated first; priorities become 10, 20, 30, … in one transaction.
 * Answers `{ rules }` in the new order. 400 when a rule is missing, repeated or unknown.
 */
export async function POST(req: AuthenticatedMedusaRequest<RuleOrderBodyType>, res: MedusaResponse) {
  try {
    res.json({ rules: await (req.scope.resolve(RISK_MODULE) as RiskModuleService).reorderRules(req.validatedBody.ids) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
