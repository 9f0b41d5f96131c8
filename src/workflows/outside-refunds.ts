import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import type { PlatformReport } from "../providers/shared/platform-report"
import { OUTSIDE_REFUND_FLAG, type OutsideRefundFlag } from "../providers/shared/balance-refund"
import { formatMinor, fromMinorUnits, toMinorUnits } from "../utils/money"
import { openAnomalyAndAnnounce } from "./orphan-payments"
import { withPaymentRefundLock } from "./utils/refund-lock"
import { orderIdOfSession } from "./utils/order-payment-context"

const sum = (rows: any[] | undefined) => (rows ?? []).reduce((t, r) => MathBN.add(t, r?.raw_amount ?? r?.amount ?? 0), MathBN.convert(0))

async function sessionPayment(container: MedusaContainer, sessionId: string) {
  const { data: [p] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "payment",
    fields: ["id", "currency_code", "data", "captures.amount", "captures.raw_amount", "refunds.amount", "refunds.raw_amount"],
    filters: { payment_session_id: sessionId },
  })
  return (p as any) ?? null
}

/**
 * A platform says money went back on a trade (Alipay's notify with refund_fee: a refund made through the store, or
 * by hand in the merchant console). `refunded_minor` is everything refunded on the trade so far; what Medusa has
 * not recorded of it is a refund the store did not start:
 * - it is recorded in Medusa (its refund workflow, or the payment module's for an order that is gone) with the
 *   provider told to record, not send (OUTSIDE_REFUND_FLAG), so Medusa's refundable amount no longer counts it and a
 *   later refund from the admin fails with Medusa's clear message instead of at the platform;
 * - the order's history gets a row and a `refunded_outside_store` anomaly names the amount and the refund number.
 * A refund the store made itself (already recorded) records nothing a second time. Runs under the payment's refund
 * lock, so it is never taken for another refund running at that moment.
 */
export async function applyRefundReport(container: MedusaContainer, sessionId: string, report: PlatformReport): Promise<{ outcome: "recorded" | "refunded_outside_store"; order_id: string | null; anomaly_id?: string | null }> {
  const orderId = await orderIdOfSession(container, sessionId)
  if (report.refunded_minor === null || report.refunded_minor === undefined) return { outcome: "recorded", order_id: orderId }
  const found = await sessionPayment(container, sessionId)
  if (!found) return { outcome: "recorded", order_id: orderId }
  const currency = String(found.currency_code).toLowerCase()

  const recorded = await withPaymentRefundLock(container, [found.id], async () => {
    const payment = await sessionPayment(container, sessionId)
    const outside = report.refunded_minor! - toMinorUnits(sum(payment.refunds), currency)
    if (outside <= 0) return 0
    const paymentModule = container.resolve(Modules.PAYMENT)
    const flag: OutsideRefundFlag = { key: report.event_key, amount_minor: outside, currency, refund_no: report.refund_no ?? null }
    await paymentModule.updatePayment({ id: payment.id, data: { ...(payment.data ?? {}), [OUTSIDE_REFUND_FLAG]: flag } } as any)
    const input = { payment_id: payment.id, amount: fromMinorUnits(outside, currency), note: `refunded outside the store at ${report.provider}${report.refund_no ? ` (${report.refund_no})` : ""}` }
    try {
      const { data: [o] } = orderId ? await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["status"], filters: { id: orderId } }) : { data: [] }
      if (orderId && (o as any)?.status !== "canceled") await refundPaymentWorkflow(container).run({ input: input as any })
      else await paymentModule.refundPayment(input as any)
    } catch (e) {
      // null, not left out: the payment module merges data on update
      await paymentModule.updatePayment({ id: payment.id, data: { [OUTSIDE_REFUND_FLAG]: null } } as any).catch(() => undefined)
      throw e
    }
    return outside
  })
  if (recorded <= 0) return { outcome: "recorded", order_id: orderId }

  const reason = `${formatMinor(recorded, currency)} refunded at ${report.provider} outside the store${report.refund_no ? ` (refund ${report.refund_no})` : ""}; ${formatMinor(report.refunded_minor, currency)} refunded on the trade in all`
  if (orderId) {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    await service.recordEvent(orderId, {
      action: "refunded_outside_store",
      actor: { type: "gateway", id: report.provider },
      reason,
      metadata: { amount_minor: recorded, refunded_minor: report.refunded_minor, refund_no: report.refund_no ?? null, platform_transaction_id: report.transaction_id ?? null },
    }).catch(() => undefined)
  }
  const anomaly = await openAnomalyAndAnnounce(container, {
    order_id: orderId,
    session_id: sessionId,
    out_trade_no: report.out_trade_no,
    type: "refunded_outside_store",
    dedupe_key: `refunded_outside_store:${found.id}:${report.refunded_minor}`,
    amount_minor: recorded,
    currency_code: currency,
    provider_id: report.provider,
    payment_id: found.id,
    platform_transaction_id: report.transaction_id ?? null,
    metadata: { reason, refund_no: report.refund_no ?? null, detected_by: "callback" },
  })
  return { outcome: "refunded_outside_store", order_id: orderId, anomaly_id: anomaly.id }
}
