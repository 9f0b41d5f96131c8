import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RECONCILIATION_MODULE } from "../../modules/reconciliation"
import type ReconciliationModuleService from "../../modules/reconciliation/service"
import { lastDueAt } from "../../modules/reconciliation/options"
import { configuredProviders } from "../../api/utils/payment-channels"
import { BILL_PLATFORMS } from "./sources"
import { executeRun } from "./run"
import { dayIn } from "../../utils/time-zone"

/**
 * The daily reconciliation, called every few minutes by the reconcile-bills job: once the configured time
 * (`reconciliation.cron` in `reconciliation.timezone`, default 10:30 Asia/Shanghai) has passed, queue the day
 * `daysBack` ago (in each platform's time zone) for every configured provider with a fetchable bill (or the ones
 * `reconciliation.providers` names) unless that day already has a run; then run every queued run and every
 * not_ready / failed run whose retry is due. Returns what it queued and ran.
 */
export async function runDailyReconciliation(container: MedusaContainer, now = new Date()): Promise<{ queued: string[]; ran: string[] }> {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const o = recon.getReconciliationOptions()
  const queued: string[] = []
  const due = lastDueAt(o, now)
  // only within a day of the due time, so a store that starts later does not queue a long-gone day
  if (now.getTime() - due.getTime() < 24 * 3600_000) {
    const providers = configuredProviders(container).filter((p) => BILL_PLATFORMS[p.identifier] && p.identifier !== "bank-transfer" && (!o.providers || o.providers.some((x) => x === p.provider_id || x === p.identifier)))
    for (const p of providers) {
      const day = dayIn(BILL_PLATFORMS[p.identifier].timezone, new Date(due.getTime() - o.daysBack * 24 * 3600_000))
      const [existing] = await recon.listRuns({ provider_id: p.provider_id, date: day }, { limit: 1, offset: 0 })
      if (existing.some((r) => r.provider_id === p.provider_id)) continue
      try {
        queued.push((await recon.queueRun({ provider_id: p.provider_id, date: day, source: "api", requested_by: null })).id)
      } catch (e) {
        // another worker queued it meanwhile (the day's unique run) or it is running: the next pass sees it
        container.resolve(ContainerRegistrationKeys.LOGGER).info(`order_management: reconciliation of ${p.provider_id} for ${day} not queued: ${(e as Error)?.message ?? e}`)
      }
    }
  }
  const ran: string[] = []
  for (const run of await recon.listDueRuns(now)) {
    const r = await executeRun(container, run.id)
    if (r) ran.push(r.id)
  }
  return { queued, ran }
}
