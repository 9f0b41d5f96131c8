import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { STATISTICS_MODULE } from "../../modules/statistics"
import type StatisticsModuleService from "../../modules/statistics/service"
import { computeRollups } from "../../modules/statistics/rollup/compute"
import { daysBetween } from "../../modules/statistics/report"

export type RefreshStatisticsInput = {
  /** first and last day (YYYY-MM-DD, inclusive) in the store's time zone; at most 400 days */
  from: string
  to: string
}

/**
 * Recomputes the statistics rollups of the days `from`–`to` from the raw tables and replaces them. One step: the
 * computation only reads, and the replacement is one database transaction (delete the days' rows, insert the new
 * ones, mark the days computed), so a failure leaves the previous rows in place and there is nothing to compensate.
 * Idempotent; safe to run concurrently (the replacement takes an advisory lock). Returns the number of rows written.
 */
export const refreshStatisticsDaysStep = createStep("order-statistics-refresh-days", async (input: RefreshStatisticsInput, { container }) => {
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const stats: StatisticsModuleService = container.resolve(STATISTICS_MODULE)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const startedAt = new Date()
  const start = DateTime.fromISO(input.from, { zone: tz }).startOf("day").toJSDate()
  const end = DateTime.fromISO(input.to, { zone: tz }).plus({ days: 1 }).startOf("day").toJSDate()
  const rows = await computeRollups(knex, tz, start, end)
  await stats.replaceDays(daysBetween(input.from, input.to), tz, rows, startedAt)
  return new StepResponse({ days: daysBetween(input.from, input.to).length, rows: rows.orders.length + rows.carts.length + rows.products.length + rows.paymentTimes.length + rows.customers.length })
})

export const refreshStatisticsWorkflow = createWorkflow("order-statistics-refresh", (input: RefreshStatisticsInput) => {
  return new WorkflowResponse(refreshStatisticsDaysStep(input))
})

/** Groups days (YYYY-MM-DD, any order) into runs of consecutive days, each at most `max` long, newest run first. */
export function consecutiveRuns(days: string[], max = 31): Array<{ from: string; to: string }> {
  const sorted = [...new Set(days)].sort().reverse()
  const runs: Array<{ from: string; to: string; n: number }> = []
  for (const d of sorted) {
    const last = runs[runs.length - 1]
    const before = last && DateTime.fromISO(last.from, { zone: "utc" }).minus({ days: 1 }).toISODate()
    if (last && before === d && last.n < max) {
      last.from = d
      last.n++
    } else runs.push({ from: d, to: d, n: 1 })
  }
  return runs.map(({ from, to }) => ({ from, to }))
}

export type RefreshReport = { days: string[]; rows: number; pending: number }

/**
 * Brings the rollups up to date: recomputes the days that changed (dirty), were computed in another time zone, or
 * (with `ensure`) were never computed, newest first (the days of `prefer` before others: the range an admin asked
 * for), until `maxDays` are done or `budgetMs` has passed; today (store
 * time zone) is recomputed too when `includeToday` (carts and payment sessions change without an event). Used by the
 * refresh job, the admin's "Refresh" and the rebuild command. `pending` = days still waiting.
 */
export async function refreshStatistics(
  container: MedusaContainer,
  opts: { maxDays?: number; budgetMs?: number; includeToday?: boolean; ensure?: { from: string; to: string }; prefer?: { from: string; to: string } } = {}
): Promise<RefreshReport> {
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const stats: StatisticsModuleService = container.resolve(STATISTICS_MODULE)
  const maxDays = opts.maxDays ?? 62
  const deadline = Date.now() + (opts.budgetMs ?? 50_000)
  const today = DateTime.now().setZone(tz).toISODate()!
  const wanted = await stats.daysToRefresh(tz, maxDays, opts.ensure, opts.prefer)
  if (opts.includeToday && !wanted.includes(today)) wanted.unshift(today)
  const done: string[] = []
  let rows = 0
  for (const run of consecutiveRuns(wanted.filter((d) => d <= today))) {
    if (Date.now() > deadline) break
    const { result } = await refreshStatisticsWorkflow(container).run({ input: run })
    done.push(...daysBetween(run.from, run.to))
    rows += result.rows
  }
  const pending = (await stats.daysToRefresh(tz, 10_000, opts.ensure)).filter((d) => d <= today).length
  return { days: done, rows, pending }
}
