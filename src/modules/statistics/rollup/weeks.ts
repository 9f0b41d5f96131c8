const DAY_MS = 86_400_000
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`)
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** A run of days or of week starts, inclusive (YYYY-MM-DD). */
export type DayRange = { from: string; to: string }

/**
 * How a period of days (`from`–`to`, YYYY-MM-DD inclusive, calendar days of the store's time zone) is read from a
 * daily and a weekly tier: `weeks` the Mondays of the ISO weeks lying wholly inside it (null when none does), `days`
 * the edge days before the first and after the last whole week (all of the period when there is no whole week).
 * Together they cover each day of the period exactly once.
 */
export function splitWeeks(from: string, to: string): { weeks: DayRange | null; days: DayRange[] } {
  const f = utc(from)
  const t = utc(to)
  const firstMonday = f + ((8 - new Date(f).getUTCDay()) % 7) * DAY_MS
  const lastSunday = t - (new Date(t).getUTCDay() % 7) * DAY_MS
  if (firstMonday + 6 * DAY_MS > t || lastSunday < firstMonday) return { weeks: null, days: [{ from, to }] }
  const days: DayRange[] = []
  if (firstMonday > f) days.push({ from, to: iso(firstMonday - DAY_MS) })
  if (lastSunday < t) days.push({ from: iso(lastSunday + DAY_MS), to })
  return { weeks: { from: iso(firstMonday), to: iso(lastSunday - 6 * DAY_MS) }, days }
}
