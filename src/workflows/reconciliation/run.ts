import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { RECONCILIATION_MODULE } from "../../modules/reconciliation"
import type ReconciliationModuleService from "../../modules/reconciliation/service"
import type { RunView } from "../../modules/reconciliation/service"
import { DayReconciler, type StorePayment } from "../../modules/reconciliation/match"
import { BillNotReadyError, NoBillError, type BillRow, type ParsedBill } from "../../modules/reconciliation/bills/types"
import { assertBillDay, billTimezone, fetchBill, reconcilableProvider } from "./sources"
import { storePaymentsByPaymentData, storePaymentsByTradeNo, storePaymentsOfDay } from "./store-side"
import { dayRangeIn } from "../../utils/time-zone"
import { openDifferenceAnomalies } from "./anomalies"

/** Medusa event asking a worker to run a queued reconciliation (data: { id }). */
export const RECONCILIATION_REQUESTED_EVENT = "order_management.reconciliation.requested"

const BATCH = 2000

/**
 * Queue the reconciliation of a provider's bill for a day and announce it (a worker runs it: executeRun). The day is
 * YYYY-MM-DD in the platform's time zone and must be over (before today there). Returns the run (status queued).
 * 400: unknown provider or one without a bill, a malformed or future day; 409: that day is running now.
 */
export async function requestRun(container: MedusaContainer, input: { provider_id: string; date: string; requested_by?: string | null }): Promise<RunView> {
  const p = reconcilableProvider(container, input.provider_id)
  assertBillDay(p, input.date)
  if (p.identifier === "bank-transfer") throw new MedusaError(MedusaError.Types.INVALID_DATA, "provider_id: a bank statement is uploaded (POST …/reconciliation/imports with bank_profile), not fetched")
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const run = await recon.queueRun({ provider_id: p.provider_id, date: input.date, source: "api", requested_by: input.requested_by ?? null })
  await container.resolve(Modules.EVENT_BUS).emit({ name: RECONCILIATION_REQUESTED_EVENT, data: { id: run.id } })
  return run
}

/**
 * Reconcile a bill against the store: stream its rows in batches, look up the store's record of each row's trade
 * (the day's captured and refunded payments at once, other trades by out-trade-number per batch), then close the
 * day (DayReconciler.finish) and store the result (completeRun: differences replaced, decisions kept). The run is
 * then completed; the anomalies for money the store never recorded are opened right after by the caller
 * (executeRun, importBill: openDifferenceAnomalies), so a day with many of them does not hold the result back.
 */
export async function reconcileBill(container: MedusaContainer, run: RunView, bill: ParsedBill): Promise<RunView> {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const p = reconcilableProvider(container, run.provider_id)
  const range = dayRangeIn(run.date, billTimezone(p))
  const dayPayments = await storePaymentsOfDay(container, p.provider_id, range)
  const byTrade = new Map<string, StorePayment>()
  for (const s of dayPayments) if (s.out_trade_no) byTrade.set(s.out_trade_no, s)
  const byPlatform = new Map<string, StorePayment>()
  for (const s of dayPayments) if (s.platform_trade_no) byPlatform.set(s.platform_trade_no, s)
  const reconciler = new DayReconciler({ feeToleranceMinor: recon.getReconciliationOptions().feeToleranceMinor })
  let batch: BillRow[] = []
  // rows whose trade has no Medusa payment through the trade map: looked up once more at the end by the payment's own
  // data (payments made before the plugin kept the map), in one statement for the whole bill
  const deferred: Array<{ row: BillRow; store: StorePayment | null }> = []
  const flush = async () => {
    const unknown = [...new Set(batch.map((r) => r.out_trade_no).filter((n): n is string => !!n && !byTrade.has(n)))]
    const found = await storePaymentsByTradeNo(container, p.provider_id, unknown, range)
    for (const r of batch) {
      const store = (r.out_trade_no ? byTrade.get(r.out_trade_no) ?? found.get(r.out_trade_no) : undefined) ?? (r.platform_trade_no ? byPlatform.get(r.platform_trade_no) : undefined) ?? null
      if (r.out_trade_no && (!store || !store.payment_id)) deferred.push({ row: r, store })
      else reconciler.feed(r, store)
    }
    batch = []
  }
  for await (const row of bill.rows) {
    batch.push(row)
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  if (deferred.length) {
    const byData = await storePaymentsByPaymentData(container, p.provider_id, [...new Set(deferred.map((d) => d.row.out_trade_no!))], range)
    for (const d of deferred) reconciler.feed(d.row, byData.get(d.row.out_trade_no!) ?? d.store)
  }
  reconciler.setSummary(bill.summary())
  const result = reconciler.finish(dayPayments)
  return recon.completeRun(run.id, { rows: result.rows, matched: result.matched, currency_code: result.totals.currency_code, totals: result.totals as any, differences: result.differences })
}

/**
 * Run a queued (or due) reconciliation once: take it (one worker wins), fetch the bill and reconcile it. A bill not
 * published yet marks the run not_ready and a failure marks it failed, each retried after `retryMinutes` until
 * `maxAttempts`; a day without trades at the platform is an empty bill. Returns the run as it ends, or null when
 * another worker had taken it.
 */
export async function executeRun(container: MedusaContainer, runId: string): Promise<RunView | null> {
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (!(await recon.startRun(runId))) return null
  const run = await recon.retrieveRun(runId)
  const o = recon.getReconciliationOptions()
  const retryAt = run.attempts < o.maxAttempts ? new Date(Date.now() + o.retryMinutes * 60_000) : null
  try {
    const p = reconcilableProvider(container, run.provider_id)
    let bill: ParsedBill
    try {
      bill = await fetchBill(p, run.date)
    } catch (e) {
      if (!(e instanceof NoBillError)) throw e
      bill = { rows: (async function* () {})(), summary: () => null }
    }
    const done = await reconcileBill(container, run, bill)
    // money the platform took that the store never recorded: paid_not_received anomalies, at once
    await openDifferenceAnomalies(container, done)
    return recon.retrieveRun(runId)
  } catch (e) {
    const message = (e as Error)?.message ?? String(e)
    if (e instanceof BillNotReadyError) {
      await recon.failRun(runId, { status: "not_ready", error: message, retry_at: retryAt })
    } else {
      logger.warn(`order_management: reconciliation ${runId} (${run.provider_id} ${run.date}) failed: ${message}`)
      await recon.failRun(runId, { status: "failed", error: message, retry_at: retryAt })
    }
    return recon.retrieveRun(runId)
  }
}
