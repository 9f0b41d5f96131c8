import { parseExpression } from "cron-parser"

/** Throws with a readable message when `expr` is not a valid cron expression. */
export function assertCron(expr: string, name: string): void {
  try {
    parseExpression(expr)
  } catch (e) {
    throw new Error(`order_management: ${name} is not a valid cron expression ("${expr}"): ${(e as Error).message}`)
  }
}

/** Whether the cron expression fires in the minute that contains `at` (UTC). */
export function cronFiresAt(expr: string, at: Date): boolean {
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000)
  const next = parseExpression(expr, { currentDate: new Date(minute.getTime() - 1), utc: true }).next()
  return next.getTime() === minute.getTime()
}
