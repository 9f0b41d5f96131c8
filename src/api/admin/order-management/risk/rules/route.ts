import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RISK_MODULE } from "../../../../../modules/risk"
import type RiskModuleService from "../../../../../modules/risk/service"
import { sendLifecycleError } from "../../../../utils/errors"
import type { RiskRuleBodyType } from "../validators"

/** GET /admin/order-management/risk/rules — the rules in evaluation order: `{ rules: [{ id, name, priority, enabled, condition, params, action, weight }] }`. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    res.json({ rules: await (req.scope.resolve(RISK_MODULE) as RiskModuleService).listRules() })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/**
 * POST /admin/order-management/risk/rules { name, condition, params?, action: allow | review | block, weight?,
 * priority?, enabled? } — add a rule (see docs/risk.md for each condition's params): 201 `{ rule }`; 400 naming the
 * params a condition needs.
 */
export async function POST(req: AuthenticatedMedusaRequest<RiskRuleBodyType>, res: MedusaResponse) {
  try {
    res.status(201).json({ rule: await (req.scope.resolve(RISK_MODULE) as RiskModuleService).addRule(req.validatedBody as any) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
