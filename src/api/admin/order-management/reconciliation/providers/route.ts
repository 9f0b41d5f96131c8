import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { configuredProviders } from "../../../../utils/payment-channels"
import { BILL_PLATFORMS } from "../../../../../workflows/reconciliation/sources"
import { RECONCILIATION_MODULE } from "../../../../../modules/reconciliation"
import type ReconciliationModuleService from "../../../../../modules/reconciliation/service"

/**
 * GET /admin/order-management/reconciliation/providers → `{ providers: [{ provider_id, identifier, timezone, fetch,
 * daily }], options: { cron, timezone } }`: the configured payment providers that can be reconciled, the time zone of
 * their bill days, whether their bill can be fetched from the platform (else uploaded) and whether the daily job runs
 * them.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
  const o = recon.getReconciliationOptions()
  const providers = configuredProviders(req.scope)
    .filter((p) => BILL_PLATFORMS[p.identifier])
    .map((p) => {
      const fetch = p.identifier !== "bank-transfer"
      return { provider_id: p.provider_id, identifier: p.identifier, timezone: BILL_PLATFORMS[p.identifier].timezone, fetch, daily: fetch && (!o.providers || o.providers.some((x) => x === p.provider_id || x === p.identifier)) }
    })
  res.json({ providers, options: { cron: o.cron, timezone: o.timezone } })
}
