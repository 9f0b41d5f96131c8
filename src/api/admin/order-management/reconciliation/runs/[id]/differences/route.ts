import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RECONCILIATION_MODULE } from "../../../../../../../modules/reconciliation"
import type ReconciliationModuleService from "../../../../../../../modules/reconciliation/service"
import { sendLifecycleError } from "../../../../../../utils/errors"

/**
 * GET /admin/order-management/reconciliation/runs/:id/differences?type=&state=&present=&q=&limit=&offset= — the
 * run's differences in the bill's order, each with the bill row (`platform`) and the store's record (`store`) side
 * by side: `{ differences, count, limit, offset }`. 404 unknown run.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const q = req.validatedQuery as any
    const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
    await recon.retrieveRun(req.params.id)
    const limit = q.limit ?? 50
    const offset = q.offset ?? 0
    const [differences, count] = await recon.listDifferences(req.params.id, { type: q.type, state: q.state, present: q.present, q: q.q }, { limit, offset })
    res.json({ differences, count, limit, offset })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
