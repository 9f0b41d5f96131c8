import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { PAYMENT_EVENT_PROCESSED } from "../modules/order-management/lifecycle/events"
import type { PlatformReport } from "../providers/shared/platform-report"
import { applyPlatformReport, type ReportOutcome } from "./apply-platform-report"

export type InboxResult =
  | { status: "processed" | "ignored"; outcome: ReportOutcome; order_id: string | null; event_id: string }
  | { status: "duplicate"; event_id: string; order_id: string | null }
  | { status: "failed"; error: string; event_id: string; order_id: string | null }

const IGNORED: ReportOutcome[] = ["unknown_session", "foreign_payment", "not_paid", "recorded"]

/**
 * Store a verified platform event in the inbox under its unique (provider,
 * event key). `claimed` is false for a duplicate (retry, second link,
 * concurrent copy, or one already being processed): it changes nothing.
 */
export async function receivePlatformReport(container: MedusaContainer, report: PlatformReport, source: "callback" | "query") {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  return service.receivePaymentEvent({
    provider: report.provider,
    event_key: source === "query" ? `query:${report.event_key}` : report.event_key,
    source,
    kind: report.kind,
    session_id: report.session_id,
    out_trade_no: report.out_trade_no,
    transaction_id: report.transaction_id ?? null,
    platform_status: report.status,
    amount_minor: report.amount_minor ?? null,
    currency_code: report.currency ?? null,
    payload: { ...report.summary, paid_at: report.paid_at ?? null, payer: report.payer ?? null, report },
  })
}

/**
 * Apply one inbox event (its stored report): amount/currency checks, capture
 * or flag, under the order's lock; the row records the outcome, or the error
 * for the retry job. The event is claimed first (received → processing), so of
 * the worker's subscriber and a buyer's poll only one applies it; `claimed`:
 * the caller claimed it already (the retry job).
 */
export async function processPaymentEvent(container: MedusaContainer, eventId: string, opts: { claimed?: boolean } = {}): Promise<InboxResult> {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const event = opts.claimed ? await service.findPaymentEvent(eventId) : await service.claimPaymentEvent(eventId)
  if (!event) {
    const current = await service.findPaymentEvent(eventId)
    return { status: "duplicate", event_id: eventId, order_id: current.order_id ?? null }
  }
  const report = event.payload?.report as PlatformReport | undefined
  if (!report) {
    await service.finishPaymentEvent(event.id, { status: "ignored", outcome: "no_report" })
    return { status: "ignored", outcome: "recorded", order_id: null, event_id: event.id }
  }
  try {
    const r = await applyPlatformReport(container, report)
    const status = IGNORED.includes(r.outcome) ? "ignored" : "processed"
    await service.finishPaymentEvent(event.id, { status, outcome: r.outcome, order_id: r.order_id })
    await container.resolve(Modules.EVENT_BUS).emit({ name: PAYMENT_EVENT_PROCESSED, data: { id: event.id, order_id: r.order_id, outcome: r.outcome } })
    return { status, outcome: r.outcome, order_id: r.order_id, event_id: event.id }
  } catch (e) {
    const error = (e as Error).message
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: ${report.provider} event ${report.event_key} failed (attempt ${event.attempts}), will retry: ${error}`)
    await service.finishPaymentEvent(event.id, { status: "failed", error })
    return { status: "failed", error, event_id: event.id, order_id: null }
  }
}

/** Inbox, then apply, inline (status queries: the admin and the jobs want the result now). */
export async function processPlatformReport(container: MedusaContainer, report: PlatformReport, source: "callback" | "query"): Promise<InboxResult> {
  const { event, claimed } = await receivePlatformReport(container, report, source)
  if (!claimed) return { status: "duplicate", event_id: event.id, order_id: event.order_id ?? null }
  return processPaymentEvent(container, event.id)
}
