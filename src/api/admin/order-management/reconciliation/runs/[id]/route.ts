import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RECONCILIATION_MODULE } from "../../../../../../modules/reconciliation"
import type ReconciliationModuleService from "../../../../../../modules/reconciliation/service"
import { sendLifecycleError } from "../../../../../utils/errors"

/**
 * GET /admin/order-management/reconciliation/runs/:id → `{ run: { id, provider_id, date, status, rows, matched,
 * differences_by_type, open_differences, platform_total_minor, store_total_minor, fee_total_minor,
 * expected_fee_total_minor, totals, error, attempts, next_attempt_at } }` (minor units). 404 unknown.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
    res.json({ run: await recon.retrieveRun(req.params.id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
