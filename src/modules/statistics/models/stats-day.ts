import { model } from "@medusajs/framework/utils"

/**
 * The refresh state of one day's rollups: `computed_at` when they were last recomputed from the raw tables (null:
 * never), `dirty_at` when an event (order placed, paid, refunded, canceled) last changed something of that day after
 * that; `time_zone` the zone the day was computed in (a changed `timeZone` option makes every day stale).
 */
const StatsDay = model
  .define("stats_day", {
    id: model.id({ prefix: "sday" }).primaryKey(),
    day: model.text(),
    time_zone: model.text().nullable(),
    computed_at: model.dateTime().nullable(),
    dirty_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["day"], unique: true, where: "deleted_at IS NULL" },
    { on: ["dirty_at"], where: "deleted_at IS NULL AND dirty_at IS NOT NULL" },
  ])

export default StatsDay
