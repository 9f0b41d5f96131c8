import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../modules/order-management/service"
import { STATISTICS_MODULE } from "../../../../../modules/statistics"
import type StatisticsModuleService from "../../../../../modules/statistics/service"
import { daysBetween } from "../../../../../modules/statistics/report"
import { refreshStatistics } from "../../../../../workflows/statistics/refresh-statistics"
import type { RefreshStatisticsBodyType } from "../../validators"

/**
 * POST /admin/order-management/statistics/refresh — brings the statistics up to date now instead of at the refresh
 * job's next minute: recomputes the changed days and today, plus, with body `{from, to}` (YYYY-MM-DD, store time
 * zone, at most 400 days), every day of that range (e.g. days before the plugin was installed). Works up to 31 days
 * and 20 s per request; the rest stays for the job (`pending`).
 * Response: `{ refreshed_days: string[], pending_days: number }`.
 * Errors: 400 for an unreadable day, `from` after `to`, or a range over 400 days.
 */
export async function POST(req: AuthenticatedMedusaRequest<RefreshStatisticsBodyType>, res: MedusaResponse) {
  const b = req.validatedBody as RefreshStatisticsBodyType
  const tz = (req.scope.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  if (b.from && b.to) {
    const days = daysBetween(b.from, b.to)
    if (days.length > 400) throw new MedusaError(MedusaError.Types.INVALID_DATA, `the range is ${days.length} days; at most 400 (the rebuild command takes any range)`)
    const today = DateTime.now().setZone(tz).toISODate()!
    await (req.scope.resolve(STATISTICS_MODULE) as StatisticsModuleService).markDirty(days.filter((d) => d <= today))
  }
  const report = await refreshStatistics(req.scope, { maxDays: 31, budgetMs: 20_000, includeToday: true })
  res.json({ refreshed_days: report.days, pending_days: report.pending })
}
