import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { STATISTICS_MODULE } from "../modules/statistics"
import type StatisticsModuleService from "../modules/statistics/service"
import { refreshStatistics } from "../workflows/statistics/refresh-statistics"

/**
 * Every minute: recompute the statistics days that events marked, and today (carts and payment sessions change
 * without an event). On a store's first run (nothing computed yet) it also builds the last 400 days, a month at a
 * time, newest first, within 50 s per run.
 */
export async function refreshStatisticsRun(container: MedusaContainer) {
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const stats: StatisticsModuleService = container.resolve(STATISTICS_MODULE)
  if (!(await stats.hasAnyDay())) {
    const today = DateTime.now().setZone(tz)
    await stats.markDirty(Array.from({ length: 400 }, (_, i) => today.minus({ days: i }).toISODate()!))
  }
  const report = await refreshStatistics(container, { includeToday: true })
  if (report.days.length > 1 || report.pending) {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: statistics of ${report.days.length} days recomputed, ${report.pending} still pending`)
  }
}

/** The scheduled run, unless the option `statisticsRefreshJob` is false. */
export default async function refreshStatisticsJob(container: MedusaContainer) {
  if (!(container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().statisticsRefreshJob) return
  await refreshStatisticsRun(container)
}

export const config = { name: "order-management-refresh-statistics", schedule: "* * * * *" }
