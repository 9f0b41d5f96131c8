import { DateTime } from "luxon"

/** A calendar day written `YYYY-MM-DD` (no time, no offset). */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/**
 * One bound of a date filter as an instant. A calendar day (`2026-11-30`) is that day in the store's time zone `tz`
 * (IANA name): its first millisecond for a lower bound (`gte`), its last for an upper bound (`lte`), so a range of
 * days is inclusive at both ends. Anything else is an ISO 8601 date-time taken as written (its own offset, UTC when
 * it has none). Returns null when the value is neither (the caller answers 400 naming the field).
 */
export function boundInstant(value: string, edge: "gte" | "lte", tz: string): Date | null {
  if (DAY_PATTERN.test(value)) {
    const day = DateTime.fromISO(value, { zone: tz })
    if (!day.isValid) return null
    return (edge === "gte" ? day.startOf("day") : day.endOf("day")).toJSDate()
  }
  const at = DateTime.fromISO(value, { zone: "utc", setZone: true })
  return at.isValid ? at.toJSDate() : null
}

/**
 * The first instant of the day, week (Monday first, ISO 8601) or month that contains `at`, in time zone `tz`; the
 * admin's "today", "this week" and "this month" are [periodStart, now].
 */
export function periodStart(at: Date, period: "day" | "week" | "month", tz: string): Date {
  return DateTime.fromJSDate(at, { zone: tz }).startOf(period === "week" ? "week" : period).toJSDate()
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDay(value: unknown): value is string {
  return typeof value === "string" && DAY_PATTERN.test(value) && DateTime.fromISO(value, { zone: "utc" }).isValid
}

/** The calendar day (`YYYY-MM-DD`) that contains `at` in time zone `tz`. */
export function dayIn(tz: string, at: Date = new Date()): string {
  return DateTime.fromJSDate(at, { zone: tz }).toISODate()!
}

/** A calendar day in time zone `tz` as a UTC range: [its first instant, the next day's first instant). */
export function dayRangeIn(day: string, tz: string): { from: Date; to: Date } {
  const start = DateTime.fromISO(day, { zone: tz }).startOf("day")
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() }
}
