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
 * zone, at most 400 days), the days of that range never computed (e.g. before the plugin was installed), or with
 * `force: true` every day of it. Works up to 31 days and 20 s per request, the range's days first, newest first; the rest stays marked for
 * the next request or the job.
 * Response: `{ refreshed_days: string[], pending_days: number, range_pending_days?: number }`: days still waiting in
 * the whole store, and (with a range) in that range up to today.
 * Errors: 400 for an unreadable day, `from` after `to`, `force` without a range, or a range over 400 days.
 */
export async function POST(req: AuthenticatedMedusaRequest<RefreshStatisticsBodyType>, res: MedusaResponse) {
  const b = req.validatedBody as RefreshStatisticsBodyType
  const tz = (req.scope.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  if (b.from && b.to) {
    const days = daysBetween(b.from, b.to)
    if (days.length > 400) throw new MedusaError(MedusaError.Types.INVALID_DATA, `the range is ${days.length} days; at most 400 (the rebuild command takes any range)`)
    const today = DateTime.now().setZone(tz).toISODate()!
    const stats = req.scope.resolve(STATISTICS_MODULE) as StatisticsModuleService
    const upToToday = days.filter((d) => d <= today)
    await (b.force ? stats.markDirty(upToToday) : stats.markMissing(upToToday))
  }
  const report = await refreshStatistics(req.scope, { maxDays: 31, budgetMs: 20_000, includeToday: true, prefer: b.from && b.to ? { from: b.from, to: b.to } : undefined })
  let rangePending: number | undefined
  if (b.from && b.to) {
    const today = DateTime.now().setZone(tz).toISODate()!
    const states = new Map((await (req.scope.resolve(STATISTICS_MODULE) as StatisticsModuleService).dayStates(b.from, b.to)).map((s) => [s.day, s]))
    rangePending = daysBetween(b.from, b.to < today ? b.to : today).filter((d) => {
      const s = states.get(d)
      return !s?.computed_at || !!s.dirty_at || s.time_zone !== tz
    }).length
  }
  res.json({ refreshed_days: report.days, pending_days: report.pending, ...(rangePending === undefined ? {} : { range_pending_days: rangePending }) })
}
