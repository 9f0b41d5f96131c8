import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { RECONCILIATION_MODULE } from "../../../../../modules/reconciliation"
import type ReconciliationModuleService from "../../../../../modules/reconciliation/service"
import { requestRun } from "../../../../../workflows/reconciliation/run"
import { adminActor } from "../../../../utils/actor"
import { sendLifecycleError } from "../../../../utils/errors"
import type { CreateRunBodyType } from "../validators"

/**
 * POST /admin/order-management/reconciliation/runs { provider_id, date: YYYY-MM-DD (the platform's time zone) } —
 * fetch that day's bill from the platform and reconcile it, in the background: answers 202 `{ run }` (status
 * queued); poll GET …/runs/:id. Running a day again replaces its result and keeps the decisions taken.
 * 400: a provider without a bill, a malformed day or one not over yet; 409: the day is running now.
 */
export async function POST(req: AuthenticatedMedusaRequest<CreateRunBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const run = await requestRun(req.scope, { provider_id: req.validatedBody.provider_id, date: req.validatedBody.date, requested_by: actor.id ?? null })
    res.status(202).json({ run })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/**
 * GET /admin/order-management/reconciliation/runs?provider_id=&date=&date_from=&date_to=&status=&source=&limit=&offset=
 * — runs, latest day first: `{ runs: [{ id, provider_id, source, date, status, rows, matched, differences_by_type,
 * open_differences, platform_total_minor, store_total_minor, fee_total_minor, … }], count, limit, offset }`. Amounts
 * in minor units of the run's currency_code.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as any
  const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
  const limit = q.limit ?? 50
  const offset = q.offset ?? 0
  const [runs, count] = await recon.listRuns({ provider_id: q.provider_id, date: q.date, date_from: q.date_from, date_to: q.date_to, status: q.status, source: q.source }, { limit, offset })
  res.json({ runs, count, limit, offset })
}
