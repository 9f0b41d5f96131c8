import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { AFTER_SALES_MODULE } from "../../modules/after-sales"
import type AfterSalesModuleService from "../../modules/after-sales/service"
import type { RefundMove } from "../../modules/after-sales/service"
import type { PlatformReport } from "../../providers/shared/platform-report"
import { formatMinor } from "../../utils/money"
import { REFUND_QUERY_FLAG } from "../../providers/shared/session-data"
import { failRefundRequest } from "./process-refund"
import { finishRefundRequest, settledMinorOf } from "./finish-refund"

const STATUS: Record<string, RefundMove["status"]> = { SUCCESS: "succeeded", CLOSED: "closed", ABNORMAL: "abnormal", PROCESSING: "processing" }

/**
 * A platform's word on one refund a request sent (WeChat Pay v3 refund notify REFUND.SUCCESS / REFUND.CLOSED /
 * REFUND.ABNORMAL, or a refund query's `status`), applied to the request that made it:
 * - SUCCESS: the move succeeded; when none of the request's moves is still processing, the request is refunded
 *   (`finishRefundRequest`) — also when it had been marked failed on an ABNORMAL that WeChat later settled;
 * - CLOSED: the money did not go back: Medusa's refund and its order transaction are reversed (so the order owes
 *   the customer again) and the request fails (cause platform_error, retryable);
 * - ABNORMAL: WeChat could not pay the buyer's account (e.g. a closed card; WeChat's console handles it and it may
 *   still succeed): the request fails with that message, not retryable from here.
 * Applying the same word twice changes nothing. Returns false when no request made this refund.
 * `refundId`: Medusa's refund id (= WeChat's out_refund_no); `platformStatus`: SUCCESS | CLOSED | ABNORMAL | PROCESSING.
 */
export async function applyPlatformRefundStatus(container: MedusaContainer, refundId: string, platformStatus: string, platformRefundNo: string | null, source: string): Promise<boolean> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const id = await afterSales.requestIdOfRefund(refundId)
  if (!id) {
    // a request's refund whose answer reached us before the request recorded it: ask for the event again later
    const [refund] = await container.resolve(Modules.PAYMENT).listRefunds({ id: refundId } as any).catch(() => [] as any[])
    if (/refund request rfreq_/.test(String((refund as any)?.note ?? ""))) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `refund ${refundId} belongs to a refund request that has not recorded it yet; retry`)
    }
    return false
  }
  return container.resolve(Modules.LOCKING).execute([`refund-request-track:${id}`], async () => {
    const r = await afterSales.viewRefundRequest(id)
    const move = r.refunds.find((m) => m.refund_id === refundId)!
    const next = STATUS[String(platformStatus).toUpperCase()]
    if (!next || next === move.status || next === "processing" || move.status === "succeeded" || move.status === "closed") return true
    const refunds = r.refunds.map((m) => (m.refund_id === refundId ? { ...m, status: next, platform_refund_no: platformRefundNo ?? m.platform_refund_no } : m))
    const actor = { type: "gateway", id: move.provider_id }
    await afterSales.patchRefundRequest(id, { refunds, refunded_minor: settledMinorOf({ refunds }) }, {
      action: `refund_${next}`,
      actor,
      message: `${source}: refund ${platformRefundNo ?? refundId} of ${formatMinor(move.amount_minor, r.currency_code)} ${next}`,
      metadata: { refund_id: refundId, platform_refund_no: platformRefundNo, status: platformStatus },
    })
    if (next === "succeeded") {
      if (refunds.some((m) => m.status === "processing")) return true
      if (r.status === "failed") await afterSales.moveRefundRequest(id, ["failed"], "processing", { failure: null }, { action: "processing", actor, message: "the platform settled the refund after all" })
      if (r.status === "processing" || r.status === "failed") await finishRefundRequest(container, id, actor)
      return true
    }
    if (next === "closed") {
      // the money stayed with the merchant: take Medusa's record of the refund back
      const orders = container.resolve(Modules.ORDER)
      const tx = await orders.listOrderTransactions({ reference: "refund", reference_id: refundId } as any)
      if (tx.length) await orders.softDeleteOrderTransactions(tx.map((t: any) => t.id))
      await container.resolve(Modules.PAYMENT).deleteRefunds([refundId]).catch(() => undefined)
    }
    if (r.status === "processing") {
      await failRefundRequest(container, id, {
        cause: "platform_error",
        message: next === "closed"
          ? `${move.provider_id} closed refund ${platformRefundNo ?? refundId}: the money was not returned; retry, or refund to the balance`
          : `${move.provider_id} could not pay refund ${platformRefundNo ?? refundId} into the buyer's account (ABNORMAL); settle it in the platform's merchant console`,
        platform_code: next === "closed" ? "REFUND_CLOSED" : "REFUND_ABNORMAL",
        retryable: next === "closed",
      }, actor)
    }
    return true
  }, { timeout: 30 })
}

/** The refund report of a verified callback (WeChat REFUND.*), applied to its request if a request made it. */
export async function trackPlatformRefund(container: MedusaContainer, report: PlatformReport): Promise<boolean> {
  const s = (report.summary ?? {}) as Record<string, any>
  if (!s.out_refund_no || !s.refund_status) return false
  return applyPlatformRefundStatus(container, String(s.out_refund_no), String(s.refund_status), s.refund_id ?? null, "refund notify")
}

/**
 * Ask the platform about every refund a request still has processing (WeChat Pay: the refund query, through the
 * provider's REFUND_QUERY_FLAG) and apply the answers (`applyPlatformRefundStatus`). For the refunds whose notify
 * was lost or not sent. `limit`: requests per run, oldest first. Returns how many refunds were asked about and how
 * many changed; a platform that does not answer is left for the next run.
 */
export async function queryProcessingRefunds(container: MedusaContainer, limit = 50): Promise<{ asked: number; changed: number; failed: number }> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const payments = container.resolve(Modules.PAYMENT)
  let asked = 0
  let changed = 0
  let failed = 0
  for (const r of await afterSales.processingRequests(limit)) {
    for (const m of r.refunds.filter((x) => x.status === "processing")) {
      try {
        const payment: any = await payments.retrievePayment(m.payment_id, { select: ["id", "payment_session_id"] } as any)
        const [session]: any[] = await payments.listPaymentSessions({ id: payment.payment_session_id } as any)
        if (!session) continue
        asked++
        const updated: any = await payments.updatePaymentSession({ id: session.id, data: { ...(session.data ?? {}), [REFUND_QUERY_FLAG]: m.refund_id }, amount: session.amount, currency_code: session.currency_code })
        const answer = updated?.data?.refund_query
        if (!answer?.status || answer.out_refund_no !== m.refund_id) continue
        const before = m.status
        await applyPlatformRefundStatus(container, m.refund_id, answer.status, answer.refund_id ?? null, "refund query")
        const after = (await afterSales.viewRefundRequest(r.id)).refunds.find((x) => x.refund_id === m.refund_id)?.status
        if (after !== before) changed++
      } catch {
        failed++
      }
    }
  }
  return { asked, changed, failed }
}
