import { parseExpression } from "cron-parser"

/**
 * Plugin option `reconciliation`:
 * - `cron` (default "30 10 * * *"): when the daily run starts, read in `timezone` (default Asia/Shanghai). Alipay and
 *   WeChat Pay publish a day's bill by about 09:00–10:00 Beijing time the next day.
 * - `providers`: the payment channels to reconcile every day (entries like "alipay" or provider ids); default every
 *   configured Alipay, WeChat Pay, NOWPayments and BTCPay provider.
 * - `retryMinutes` (default 30) and `maxAttempts` (default 12): while the platform says the bill is not ready, or a
 *   download fails, the run is tried again this often, this many times.
 * - `daysBack` (default 1): the daily job reconciles the day this many days ago (in the platform's time zone).
 * - `feeToleranceMinor` (default 0): a fee difference up to this many minor units is not reported.
 */
export type ReconciliationOptions = {
  cron?: string
  timezone?: string
  providers?: string[]
  retryMinutes?: number
  maxAttempts?: number
  daysBack?: number
  feeToleranceMinor?: number
}

export type ResolvedReconciliationOptions = Required<Omit<ReconciliationOptions, "providers">> & { providers: string[] | null }

/** Options with their defaults; throws (at boot) naming the option when one is malformed. */
export function resolveReconciliationOptions(o: ReconciliationOptions | undefined): ResolvedReconciliationOptions {
  const r: ResolvedReconciliationOptions = {
    cron: o?.cron ?? "30 10 * * *",
    timezone: o?.timezone ?? "Asia/Shanghai",
    providers: o?.providers ?? null,
    retryMinutes: o?.retryMinutes ?? 30,
    maxAttempts: o?.maxAttempts ?? 12,
    daysBack: o?.daysBack ?? 1,
    feeToleranceMinor: o?.feeToleranceMinor ?? 0,
  }
  try {
    parseExpression(r.cron, { tz: r.timezone })
  } catch (e) {
    throw new Error(`order_management: reconciliation.cron "${r.cron}" (time zone ${r.timezone}) is not a cron expression: ${(e as Error).message}`)
  }
  for (const k of ["retryMinutes", "maxAttempts", "daysBack", "feeToleranceMinor"] as const) {
    if (!Number.isInteger(r[k]) || r[k] < 0) throw new Error(`order_management: reconciliation.${k} must be a whole number >= 0, got ${r[k]}`)
  }
  if (r.providers && (!Array.isArray(r.providers) || r.providers.some((p) => typeof p !== "string" || !p))) throw new Error("order_management: reconciliation.providers must be a list of provider ids or channel names")
  return r
}

/** The latest time at or before `now` when the daily run was due (option cron in its time zone). */
export function lastDueAt(o: ResolvedReconciliationOptions, now: Date): Date {
  return parseExpression(o.cron, { tz: o.timezone, currentDate: new Date(now.getTime() + 1) }).prev().toDate()
}
