import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runDailyReconciliation } from "../workflows/reconciliation/daily"

/**
 * Every 10 minutes: queue the daily reconciliation of each payment platform's bill once its time has come (option
 * reconciliation.cron, default 10:30 Asia/Shanghai) and run queued runs and due retries (runDailyReconciliation).
 */
export default async function reconcileBills(container: MedusaContainer) {
  try {
    const r = await runDailyReconciliation(container)
    if (r.queued.length || r.ran.length) container.resolve(ContainerRegistrationKeys.LOGGER).info(`order_management: reconciliation queued ${r.queued.length}, ran ${r.ran.length}`)
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order_management: reconciliation job failed: ${(e as Error)?.message ?? e}`)
  }
}

export const config = {
  name: "order-management-reconcile-bills",
  schedule: "*/10 * * * *",
}
