import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import type { PlatformReport } from "../providers/shared/platform-report"
import { BIND_FLAG } from "../providers/shared/session-data"
import { toMinorUnits } from "../utils/money"
import { applyPlatformPayment } from "./apply-platform-payment"
import { flagPaymentMismatchWorkflow, type FlagPaymentMismatchInput } from "./flag-payment-mismatch"
import { transitionOrderWorkflow } from "./transition-order"
import { orderIdOfSession, orderPaymentContext } from "./utils/order-payment-context"
import { applyOrphanReport, settlePaidCartWithoutOrder } from "./orphan-payments"
import { applyRefundReport } from "./outside-refunds"
import { trackPlatformRefund } from "./after-sales/track-refund"

export type ReportOutcome =
  | "captured"
  | "paid_after_cancel"
  | "amount_mismatch"
  | "currency_mismatch"
  | "duplicate_payment"
  | "paid_late"
  | "processing"
  | "session_canceled"
  | "not_paid"
  | "unknown_session"
  | "foreign_payment"
  | "recorded"
  | "unmatched_payment"
  | "paid_no_order"
  | "refunded_outside_store"

/** Retry later: the platform should send again (5xx / non-`success`), the inbox row is marked failed. */
export class TransientReportError extends Error {}

type SessionRow = { id: string; amount: unknown; currency_code: string; provider_id: string; status: string; data?: Record<string, unknown> | null; payment?: { id: string } | null }

const OPEN_SESSION = ["pending", "pending_authorization", "requires_more"]

const IRREGULAR_REASON = {
  child_payment: () => "a further deposit to the payment address (child payment)",
  second_payment: (r: PlatformReport) => `a second payment (${r.transaction_id}) for the same hosted invoice`,
  paid_late: () => "paid after the payment expired",
  wrong_asset: (r: PlatformReport) => `paid in ${r.asset ?? "another coin"}${r.summary.asked_pay_currency ? `, the payment asked for ${r.summary.asked_pay_currency}` : ""} (another coin or network)`,
}

/**
 * A hosted invoice's payment is known only once the buyer picked a coin:
 * bind it to the session through the provider (which checks it belongs to
 * the invoice and keeps a payment that already has money); a report for
 * any other payment of the invoice is a second payment.
 */
async function bindReportedPayment(container: MedusaContainer, session: SessionRow, report: PlatformReport): Promise<PlatformReport | null> {
  let bound = ((session.data ?? {}) as Record<string, any>).payment_id ?? null
  if (bound !== report.bind_payment_id && OPEN_SESSION.includes(session.status)) {
    const payment = container.resolve(Modules.PAYMENT)
    const full = await payment.retrievePaymentSession(session.id)
    try {
      const updated = await payment.updatePaymentSession({ id: session.id, data: { ...(full.data ?? {}), [BIND_FLAG]: report.bind_payment_id }, amount: full.amount as any, currency_code: full.currency_code })
      bound = ((updated.data ?? {}) as Record<string, any>).payment_id ?? null
    } catch (e) {
      // the provider found that the payment belongs to another invoice or order: nothing of this session's
      if ((e as MedusaError).type === MedusaError.Types.NOT_ALLOWED) return null
      throw e
    }
  }
  return bound && bound !== report.bind_payment_id && !report.irregular ? { ...report, irregular: "second_payment" } : report
}

/**
 * Apply a verified platform report (callback or query) to the order it is
 * for: compare amount and currency in minor units with Medusa's session,
 * then either capture through Medusa's payment workflow (confirmed, review),
 * send a payment for a canceled order to the paid-after-cancel path, or, on a
 * mismatch, capture nothing and flag the order (suspected_fraud + anomaly).
 * Everything runs under the lock Medusa's own payment processing takes.
 */
export async function applyPlatformReport(container: MedusaContainer, reported: PlatformReport): Promise<{ outcome: ReportOutcome; order_id: string | null; anomaly_id?: string | null }> {
  let report = reported
  if (!report.session_id) return { outcome: "unknown_session", order_id: null }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [s] } = await query.graph({
    entity: "payment_session",
    fields: ["id", "amount", "currency_code", "provider_id", "status", "data", "payment_collection_id", "payment.id"],
    filters: { id: report.session_id },
  })
  const session = s as unknown as SessionRow | undefined
  // Medusa deleted the session (the cart changed, or the customer paid again another way): the trade map knows
  if (!session) return applyOrphanReport(container, report)
  // money going back (a refund notify): recorded once, whoever started it
  if (report.kind === "refund") {
    // a refund a refund request sent (WeChat settles them later): its request follows the platform's word
    await trackPlatformRefund(container, report)
    return applyRefundReport(container, session.id, report)
  }
  const orderId = await orderIdOfSession(container, session.id, (session as any).payment_collection_id)
  if (report.kind !== "payment") return { outcome: "recorded", order_id: orderId }
  if (report.bind_payment_id) {
    const bound = await bindReportedPayment(container, session, report)
    if (!bound) return { outcome: "foreign_payment", order_id: orderId }
    report = bound
  }
  // crypto: the payment this session follows, reported in another coin or network than the session asked for
  const asked = (session.data ?? {}) as Record<string, any>
  if (!report.irregular && report.asset && asked.pay_currency && String(asked.payment_id ?? "") === String(report.transaction_id ?? "") && report.asset !== String(asked.pay_currency).toLowerCase()) {
    report = { ...report, irregular: "wrong_asset", summary: { ...report.summary, asked_pay_currency: asked.pay_currency } }
  }
  // money seen on an irregular payment (a child or second payment) says nothing about the order's own payment
  if (report.status === "processing" && !report.irregular) return markProcessing(container, orderId, session, report)
  // (an expired payment of a hosted invoice does not end the invoice: the buyer may pick another coin)
  if (report.status === "closed" && !report.irregular && !report.bind_payment_id && OPEN_SESSION.includes(session.status)) {
    // expired or invalid at the platform: the session can no longer be paid (the order waits for a new payment or the unpaid-order job)
    const payment = container.resolve(Modules.PAYMENT)
    const full = await payment.retrievePaymentSession(session.id)
    await payment.updatePaymentSession({ id: session.id, data: full.data ?? {}, amount: full.amount as any, currency_code: full.currency_code, status: "canceled" as any })
    return { outcome: "session_canceled", order_id: orderId }
  }
  if (report.status !== "paid") return { outcome: "not_paid", order_id: orderId }

  const expected = { amount_minor: toMinorUnits(session.amount as any, session.currency_code), currency_code: session.currency_code.toUpperCase() }
  const currency = String(report.currency ?? "").toUpperCase()
  let mismatch: FlagPaymentMismatchInput["type"] | null =
    currency !== expected.currency_code ? "currency_mismatch" : report.amount_minor !== expected.amount_minor ? "amount_mismatch" : null
  let reason: string | null = null
  // crypto: a repeated deposit, a payment after expiry or in another coin is never captured automatically
  // (it comes first: a re-deposit is priced at the day's rate, so its amount differs from the order's anyway)
  if (report.irregular) {
    mismatch = report.irregular === "paid_late" ? "paid_late" : report.irregular === "wrong_asset" ? "currency_mismatch" : "duplicate_payment"
    reason = IRREGULAR_REASON[report.irregular](report)
  }
  // crypto: what actually arrived, against the price, within the merchant's tolerance
  if (!mismatch && report.shortfall_minor !== undefined) {
    const s = report.shortfall_minor
    const t = report.tolerance ?? { under_minor: 0, over_minor: 0 }
    if (s === null || (s >= 0 ? s > t.under_minor : -s > t.over_minor)) {
      mismatch = "amount_mismatch"
      reason = s === null ? "the amount actually paid could not be read" : s > 0 ? `underpaid by ${s} minor units (tolerance ${t.under_minor})` : `overpaid by ${-s} minor units (tolerance ${t.over_minor})`
    }
  }
  if (reason && report.detail) reason = `${reason}; ${report.detail}`

  if (!mismatch) {
    const result = await applyPlatformPayment(container, { session_id: session.id, amount: session.amount, platform_transaction_id: report.transaction_id ?? null, order_id: orderId, payment_id: (session as any).payment?.id ?? null })
    if (!result.order_id && !orderId && result.outcome === "captured") {
      // captured, but the cart did not become an order (Medusa continues when that completion fails)
      const settled = await settlePaidCartWithoutOrder(container, session, report)
      if (!settled.order_id) return { outcome: "paid_no_order", order_id: null, anomaly_id: settled.anomaly_id }
      return { outcome: "captured", order_id: settled.order_id }
    }
    if (report.settled_by_merchant && (result.order_id ?? orderId)) await recordMerchantSettlement(container, result.order_id ?? orderId!, session, report)
    return { outcome: result.outcome, order_id: result.order_id ?? orderId, anomaly_id: result.anomaly_id }
  }

  // money that does not match: never captured; an order must exist to carry the flag
  if (!orderId) throw new TransientReportError("the order is not placed yet; the mismatch is applied once it is")
  const ctx = await orderPaymentContext(container, orderId)
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const { result } = await container.resolve(Modules.LOCKING).execute(
    [ctx.cart_id ?? orderId],
    async () => {
      const l = await service.findLifecycleByOrder(orderId)
      return flagPaymentMismatchWorkflow(container).run({
        input: {
          order_id: orderId,
          // a crypto shortfall, top-up or late payment waits for a person; a wrong price or currency is suspect
          suspect: !reason && !!l && ["pending", "processing"].includes(l.payment_status) && l.fulfillment_status === null,
          type: mismatch!,
          reason: reason ??
            (mismatch === "amount_mismatch"
              ? `platform reported ${report.amount_minor ?? "no amount"} minor units, the order expects ${expected.amount_minor}`
              : `platform reported currency ${currency || "none"}, the order is in ${expected.currency_code}`),
          provider_id: session.provider_id,
          session_id: session.id,
          platform_transaction_id: report.transaction_id ?? null,
          amount_minor: report.amount_minor ?? null,
          currency_code: currency || null,
          expected,
        },
      })
    },
    { timeout: 30 }
  )
  return { outcome: mismatch, order_id: orderId, anomaly_id: result.anomaly_id }
}

/** Money seen, not settled (crypto confirmations): pending → processing, nothing captured. */
async function markProcessing(container: MedusaContainer, orderId: string | null, session: SessionRow, report: PlatformReport) {
  if (!orderId) throw new TransientReportError("the order is not placed yet")
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await service.findLifecycleByOrder(orderId)
  if (l && l.payment_status === "pending" && l.fulfillment_status === null) {
    await transitionOrderWorkflow(container).run({
      input: {
        order_id: orderId,
        action: "payment_processing",
        actor: { type: "gateway", id: session.provider_id },
        reason: `payment received, awaiting settlement (${String(report.summary.payment_status ?? report.status)})`,
        metadata: { platform_transaction_id: report.transaction_id ?? null },
      },
    })
  }
  return { outcome: "processing" as const, order_id: orderId }
}

/**
 * The merchant settled the payment by hand at the platform (BTCPay "Marked"): one history row saying so (actor
 * gateway), written once per platform transaction however often the settlement is reported (callback, query).
 */
async function recordMerchantSettlement(container: MedusaContainer, orderId: string, session: SessionRow, report: PlatformReport) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const ctx = await orderPaymentContext(container, orderId)
  await container.resolve(Modules.LOCKING).execute(
    [ctx.cart_id ?? orderId],
    async () => {
      const l = await service.findLifecycleByOrder(orderId)
      if (!l) return
      const { history } = await service.getHistoryAndNotes(l.id)
      const txn = report.transaction_id ?? null
      if (history.some((h: any) => h.action === "payment_settled_by_merchant" && (h.metadata?.platform_transaction_id ?? null) === txn)) return
      await service.recordEvent(orderId, {
        action: "payment_settled_by_merchant",
        actor: { type: "gateway", id: session.provider_id },
        reason: report.settled_by_merchant!,
        metadata: { platform_transaction_id: txn, session_id: session.id },
      })
    },
    { timeout: 30 }
  )
}
