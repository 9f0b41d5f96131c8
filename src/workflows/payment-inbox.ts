import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import type { PlatformReport } from "../providers/shared/platform-report"
import { applyPlatformReport, type ReportOutcome } from "./apply-platform-report"

export type InboxResult =
  | { status: "processed" | "ignored"; outcome: ReportOutcome; order_id: string | null; event_id: string }
  | { status: "duplicate"; event_id: string; order_id: string | null }
  | { status: "failed"; error: string; event_id: string; order_id: string | null }

const IGNORED: ReportOutcome[] = ["unknown_session", "not_paid", "recorded"]

/**
 * Inbox first, then work: the event is stored under a unique (provider, event
 * key) before it is applied, so a duplicate (retry, second link, concurrent
 * copy) is acknowledged without changing anything, and a failure is kept and
 * retried when the platform sends again.
 */
export async function processPlatformReport(container: MedusaContainer, report: PlatformReport, source: "callback" | "query"): Promise<InboxResult> {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const { event, claimed } = await service.receivePaymentEvent({
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
    payload: { ...report.summary, paid_at: report.paid_at ?? null, payer: report.payer ?? null },
  })
  if (!claimed) return { status: "duplicate", event_id: event.id, order_id: event.order_id ?? null }
  try {
    const r = await applyPlatformReport(container, report)
    const status = IGNORED.includes(r.outcome) ? "ignored" : "processed"
    await service.finishPaymentEvent(event.id, { status, outcome: r.outcome, order_id: r.order_id })
    return { status, outcome: r.outcome, order_id: r.order_id, event_id: event.id }
  } catch (e) {
    const error = (e as Error).message
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: ${report.provider} event ${report.event_key} failed, the platform will retry: ${error}`)
    await service.finishPaymentEvent(event.id, { status: "failed", error })
    return { status: "failed", error, event_id: event.id, order_id: null }
  }
}
