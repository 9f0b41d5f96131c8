import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { providerMatches } from "../modules/order-management/options"
import type { Actor } from "../modules/order-management/lifecycle/statuses"
import { ANOMALY_OPENED_EVENT } from "../modules/order-management/lifecycle/events"
import type { PlatformReport } from "../providers/shared/platform-report"
import { QUERY_FLAG } from "../providers/shared/session-data"
import { processPlatformReport, type InboxResult } from "./payment-inbox"
import { orderPaymentContext } from "./utils/order-payment-context"
import { recordChannelFailure } from "./utils/channel-errors"

const OPEN_SESSION = ["pending", "pending_authorization", "requires_more"]

export type SyncedSession = { session_id: string; provider_id: string; platform_status: string | null; result: InboxResult["status"] | "unsupported"; outcome?: string; error?: string }

/**
 * "Ask the platform": query each open session's trade (through the provider,
 * via the query flag on updatePaymentSession) and apply what it says through
 * the same inbox and checks as a callback. Seed 000's "manually trigger
 * callback processing"; also what the pending-payment job runs.
 */
export async function syncOrderPayment(
  container: MedusaContainer,
  orderId: string,
  actor: Actor,
  opts: { recordWhenUnchanged?: boolean } = { recordWhenUnchanged: true }
): Promise<{ order_id: string; sessions: SyncedSession[] }> {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const payment = container.resolve(Modules.PAYMENT)
  const queryable = service.getOptions().queryablePaymentProviders
  const ctx = await orderPaymentContext(container, orderId)
  const results: SyncedSession[] = []
  for (const s of ctx.sessions.filter((x) => OPEN_SESSION.includes(x.status))) {
    if (!providerMatches(s.provider_id, queryable)) {
      results.push({ session_id: s.id, provider_id: s.provider_id, platform_status: null, result: "unsupported" })
      continue
    }
    try {
      const updated = await payment.updatePaymentSession({
        id: s.id,
        data: { ...(s.data ?? {}), [QUERY_FLAG]: true },
        amount: s.amount as any,
        currency_code: s.currency_code,
      })
      const report = (updated.data as any)?.platform as PlatformReport | null
      if (!report) {
        results.push({ session_id: s.id, provider_id: s.provider_id, platform_status: null, result: "unsupported" })
        continue
      }
      const r = await processPlatformReport(container, { ...report, provider: s.provider_id }, "query")
      results.push({ session_id: s.id, provider_id: s.provider_id, platform_status: report.status, result: r.status, ...("outcome" in r ? { outcome: r.outcome } : {}), ...("error" in r ? { error: r.error } : {}) })
    } catch (e) {
      results.push({ session_id: s.id, provider_id: s.provider_id, platform_status: null, result: "failed", error: (e as Error).message })
      await recordChannelFailure(container, { provider_id: s.provider_id, error: e, order_id: orderId, source: actor.id === "payment-query-job" ? "pending_payment_job" : "sync" })
    }
  }
  const changed = results.some((r) => r.result === "processed")
  if (changed || opts.recordWhenUnchanged) {
    await service.recordEvent(orderId, {
      action: "payment_synced",
      actor,
      reason: results.length ? results.map((r) => `${r.provider_id}: ${r.platform_status ?? r.error ?? r.result}${r.outcome ? ` → ${r.outcome}` : ""}`).join("; ") : "no open payment session",
      metadata: { sessions: results },
    }).catch(() => undefined)
  }
  return { order_id: orderId, sessions: results }
}

/**
 * The pending-payment job's body: orders still unpaid some minutes after
 * placement whose provider can be queried (missing or late callbacks).
 */
export async function queryPendingPayments(container: MedusaContainer, now = new Date()) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const o = service.getOptions()
  const rows = await service.listPendingPayments(new Date(now.getTime() - o.paymentQueryAfterMinutes * 60_000), o.queryablePaymentProviders, o.paymentQueryBatchSize)
  const report = { queried: 0, changed: 0, failed: 0 }
  for (const row of rows) {
    report.queried++
    await service.touchLifecycle(row.order_id)
    const r = await syncOrderPayment(container, row.order_id, { type: "system", id: "payment-query-job" }, { recordWhenUnchanged: false })
    if (r.sessions.some((s) => s.result === "processed")) report.changed++
    if (r.sessions.some((s) => s.result === "failed")) report.failed++
    // the platform says paid, the store could not confirm it: "paid but not received", for a person (the anomaly desk)
    for (const lost of r.sessions.filter((s) => s.platform_status === "paid" && s.result === "failed")) {
      await openPaidNotReceived(container, row, lost)
    }
  }
  return report
}

/**
 * Open (once per payment session) a `paid_not_received` anomaly: the pending-payment job's query found the payment
 * paid at the platform, but applying it failed, so the order still shows unpaid. The money is the order's total (minor
 * units); the reason carries the error. The inbox keeps the failed event: "Re-process callback" on the Anomalies page
 * replays it once the cause is fixed. Announced as order_management.anomaly.opened (desk timeline, admin feed).
 */
async function openPaidNotReceived(container: MedusaContainer, row: { order_id: string; total_minor?: number | null; currency_code?: string | null }, s: SyncedSession) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const { anomaly, created } = await service.openAnomaly({
    order_id: row.order_id,
    session_id: s.session_id,
    type: "paid_not_received",
    dedupe_key: `paid_not_received:${s.session_id}`,
    amount_minor: row.total_minor ?? null,
    currency_code: row.currency_code ?? null,
    provider_id: s.provider_id,
    metadata: { reason: `the platform reports this payment paid, but the store could not confirm it: ${s.error ?? "unknown error"}`, detected_by: "payment-query-job" },
  } as any)
  if (created) await container.resolve(Modules.EVENT_BUS).emit({ name: ANOMALY_OPENED_EVENT, data: { id: anomaly.id, order_id: anomaly.order_id, type: anomaly.type } })
}
