import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { daysBetween } from "../modules/statistics/report"
import { consecutiveRuns, refreshStatisticsWorkflow } from "../workflows/statistics/refresh-statistics"

/**
 * `npx medusa exec ./node_modules/medusa-order-management/.medusa/server/src/scripts/rebuild-statistics.js [from] [to]`
 * (or `./src/scripts/rebuild-statistics.ts` in this repo): recomputes the statistics rollups of every day from
 * `from` to `to` (YYYY-MM-DD in the store's time zone; default the last 90 days to today), a month per workflow run,
 * idempotently. Run it after changing the `timeZone` option, or to compute history older than the refresh job's first
 * 400 days. Prints days, rows and seconds.
 * @throws INVALID_DATA for a day it cannot read or `from` after `to`
 */
export default async function rebuildStatistics({ container, args }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const today = DateTime.now().setZone(tz)
  const to = args?.[1] ?? today.toISODate()!
  const from = args?.[0] ?? today.minus({ days: 89 }).toISODate()!
  for (const [name, v] of [["from", from], ["to", to]]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !DateTime.fromISO(v).isValid) throw new MedusaError(MedusaError.Types.INVALID_DATA, `${name} must be a day written YYYY-MM-DD, got ${v}`)
  }
  if (from > to) throw new MedusaError(MedusaError.Types.INVALID_DATA, "from must not be after to")
  const t0 = Date.now()
  let rows = 0
  for (const run of consecutiveRuns(daysBetween(from, to))) {
    const { result } = await refreshStatisticsWorkflow(container).run({ input: run })
    rows += result.rows
    logger.info(`order-management statistics: ${run.from} – ${run.to} recomputed (${result.rows} rows)`)
  }
  // a rebuild replaced every row of the range: reclaim the old ones and refresh the planner's statistics now rather
  // than at autovacuum's next pass (the page's range reads plan on them)
  await (container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any).raw(
    "vacuum (analyze) order_stats_daily, cart_stats_daily, product_stats_daily, payment_time_daily, customer_stats_daily, product_stats_weekly, payment_time_weekly, customer_stats_weekly, stats_day"
  )
  logger.info(`order-management statistics: ${daysBetween(from, to).length} days, ${rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s (time zone ${tz})`)
}
