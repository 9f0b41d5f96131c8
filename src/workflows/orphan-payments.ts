import type { MedusaContainer } from "@medusajs/framework/types"
import { ANOMALY_DESK_MODULE } from "../modules/anomaly-desk"
import type AnomalyDeskModuleService from "../modules/anomaly-desk/service"
import { recordAnomalyOpened } from "./anomalies/open-anomaly"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { ANOMALY_OPENED_EVENT } from "../modules/order-management/lifecycle/events"
import { PAYMENT_TRADES_MODULE } from "../modules/payment-trades"
import type PaymentTradesModuleService from "../modules/payment-trades/service"
import type { PlatformReport } from "../providers/shared/platform-report"
import { formatMinor, fromMinorUnits } from "../utils/money"
import { ADOPT_FLAG } from "../providers/shared/session-data"
import { orderOfTrade, tradeNumberOf } from "./utils/payment-trades"

type OpenInput = Parameters<OrderManagementModuleService["openAnomaly"]>[0]

/** Open an anomaly once per dedupe key and announce it (order_management.anomaly.opened) when it is new. */
export async function openAnomalyAndAnnounce(container: MedusaContainer, input: OpenInput) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const { anomaly, created } = await service.openAnomaly(input)
  if (created) {
    await container.resolve(Modules.EVENT_BUS).emit({
      name: ANOMALY_OPENED_EVENT,
      data: { id: anomaly.id, order_id: anomaly.order_id, cart_id: anomaly.cart_id ?? null, type: anomaly.type, amount_minor: anomaly.amount_minor, currency_code: anomaly.currency_code },
    })
  }
  return anomaly
}

export type OrphanOutcome = { outcome: "duplicate_payment" | "unmatched_payment" | "recorded" | "unknown_session"; order_id: string | null; anomaly_id?: string | null }

/**
 * A verified report for a session Medusa no longer has (the cart changed, or the customer paid again with another
 * method, and Medusa deleted the session while its QR, address or invoice stayed payable). The plugin's trade map
 * says where the money belongs: paid money opens a `duplicate_payment` anomaly on the order (the order is paid, or
 * waits, through another session) or, when the cart never became an order, an `unmatched_payment` anomaly on the
 * cart; both carry the amount, the platform's numbers and the session, and are refunded from the admin (the trade
 * is adopted into a new session so Medusa's refund reaches the platform). Anything else (an expiry, a close) for an
 * abandoned trade changes nothing: the order may be paid another way.
 */
export async function applyOrphanReport(container: MedusaContainer, report: PlatformReport): Promise<OrphanOutcome> {
  const trades: PaymentTradesModuleService = container.resolve(PAYMENT_TRADES_MODULE)
  const trade = (report.session_id ? await trades.findBySession(report.session_id) : null) ?? (report.out_trade_no ? await trades.findByOutTradeNo(report.out_trade_no) : null)
  if (!trade) return { outcome: "unknown_session", order_id: null }
  await trades.markSessionDeleted(trade.session_id)
  const orderId = await orderOfTrade(container, trade)
  if (report.kind !== "payment" || report.status !== "paid") return { outcome: "recorded", order_id: orderId }
  const type = orderId ? "duplicate_payment" : "unmatched_payment"
  const amount = report.amount_minor ?? trade.amount_minor
  const currency = String(report.currency ?? trade.currency_code).toLowerCase()
  const anomaly = await openAnomalyAndAnnounce(container, {
    order_id: orderId,
    cart_id: trade.cart_id,
    session_id: trade.session_id,
    out_trade_no: report.out_trade_no ?? trade.out_trade_no,
    type,
    dedupe_key: `abandoned_trade:${report.provider}:${report.transaction_id ?? report.out_trade_no ?? trade.session_id}`,
    amount_minor: amount,
    currency_code: currency,
    provider_id: trade.provider_id,
    platform_transaction_id: report.transaction_id ?? null,
    metadata: {
      reason: `${formatMinor(amount, currency)} paid on trade ${report.out_trade_no ?? trade.out_trade_no ?? trade.session_id}, whose payment session the store had replaced (${orderId ? "the order is paid or waits through another session" : "the cart has no order"})`,
      detected_by: "callback",
      trade_id: trade.id,
      asset: report.asset ?? null,
    },
  })
  return { outcome: type, order_id: orderId, anomaly_id: anomaly.id }
}

/**
 * Money captured for a session whose cart did not become an order (Medusa's processPaymentWorkflow captures and
 * then tries to complete the cart, continuing when that fails). Whatever happens, a `paid_no_order` anomaly on the
 * cart names the trade, the amount and the provider, and the storefront's complete answers 409:
 * - Medusa gave up on the cart and refunded the payment itself (completeCart's compensation): the anomaly is
 *   recorded as resolved ("refunded"), unless the provider only recorded a manual refund task (crypto), which an
 *   admin still has to carry out;
 * - the payment is still held: the cart is completed once more; placed → the order, refused for good (an item sold
 *   out, Medusa's NOT_ALLOWED / INVALID_DATA) → the anomaly stays open for the one-click refund; anything else is
 *   transient (the report is retried).
 * @throws MedusaError UNEXPECTED_STATE for a transient completion failure
 */
const PAYMENT_FIELDS = ["id", "payment_collection_id", "data", "captures.amount", "captures.raw_amount", "refunds.id", "refunds.amount", "refunds.raw_amount"]

export async function settlePaidCartWithoutOrder(
  container: MedusaContainer,
  session: { id: string; provider_id: string; amount: unknown; currency_code: string; data?: Record<string, unknown> | null },
  report: PlatformReport
): Promise<{ order_id: string | null; anomaly_id: string | null }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let payment = ((await query.graph({ entity: "payment", fields: PAYMENT_FIELDS, filters: { payment_session_id: session.id } })).data[0] as any) ?? null
  const collectionId = (payment as any)?.payment_collection_id
    ?? ((await query.graph({ entity: "payment_session", fields: ["payment_collection_id"], filters: { id: session.id } })).data[0] as any)?.payment_collection_id
  const { data: carts } = await query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: collectionId } })
  const cartId = (carts[0] as any)?.cart_id ?? null
  if (!cartId) return { order_id: null, anomaly_id: null }
  const placed = async () => ((await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })).data[0] as any)?.order_id ?? null
  const existing = await placed()
  if (existing) return { order_id: existing, anomaly_id: null }

  const sum = (rows: any[] | undefined) => (rows ?? []).reduce((t, r) => MathBN.add(t, r?.raw_amount ?? r?.amount ?? 0), MathBN.convert(0))
  const refundedInFull = (p: any) => !!p && MathBN.gt(sum(p.captures), 0) && MathBN.gte(sum(p.refunds), sum(p.captures))
  let refundedByMedusa = refundedInFull(payment)
  let why = "Medusa could not complete the cart and refunded the payment"
  if (!refundedByMedusa) {
    const { errors } = await completeCartWorkflow(container).run({ input: { id: cartId }, throwOnError: false })
    const after = await placed()
    if (after) return { order_id: after, anomaly_id: null }
    const error = errors?.[0]?.error as MedusaError | undefined
    const definite = error && [MedusaError.Types.NOT_ALLOWED, MedusaError.Types.INVALID_DATA].includes(error.type as any)
    if (!definite) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `paid, but cart ${cartId} could not be completed yet: ${error?.message ?? "no order"}`)
    }
    why = error!.message
    // that attempt's own compensation may have given the money back by now
    payment = ((await query.graph({ entity: "payment", fields: PAYMENT_FIELDS, filters: { payment_session_id: session.id } })).data[0] as any) ?? payment
    refundedByMedusa = refundedInFull(payment)
  }
  const manualTask = ((payment as any)?.data?.manual_refunds ?? []).some((t: any) => t?.status === "manual_task")
  const amount = report.amount_minor ?? null
  const currency = String(report.currency ?? session.currency_code).toLowerCase()
  const anomaly = await openAnomalyAndAnnounce(container, {
    order_id: null,
    cart_id: cartId,
    session_id: session.id,
    out_trade_no: report.out_trade_no ?? tradeNumberOf(session.data as any),
    type: "paid_no_order",
    dedupe_key: `paid_no_order:${session.id}`,
    amount_minor: amount,
    currency_code: currency,
    provider_id: session.provider_id,
    payment_id: (payment as any)?.id ?? null,
    platform_transaction_id: report.transaction_id ?? null,
    metadata: { reason: `paid${amount !== null ? ` ${formatMinor(amount, currency)}` : ""}, but the cart could not become an order: ${why}`, detected_by: "callback" },
  })
  if (refundedByMedusa && !manualTask && anomaly.status === "open") {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const refundId = ((payment as any).refunds ?? [])[0]?.id ?? null
    const actor = { type: "system" as const, id: "medusa-complete-cart" }
    const note = "refunded automatically: Medusa returned the payment when the cart could not be completed"
    const resolved = await service.updateAnomalyStatus(anomaly.id, "resolved", { actor, resolution: "refunded", note, metadata: { refund_id: refundId, refunded_by: "medusa" } })
    // the desk's timeline shows the system's resolution like an admin's (after its "opened" step)
    await recordAnomalyOpened(container, anomaly)
    await (container.resolve(ANOMALY_DESK_MODULE) as AnomalyDeskModuleService).addStep({ anomaly_id: anomaly.id, kind: "transition", from_status: "open", to_status: "resolved", resolution: resolved.resolution ?? "refunded", actor, note })
  }
  return { order_id: null, anomaly_id: anomaly.id }
}

/** The newest paid_no_order anomaly of a cart, if any (the storefront's complete is answered 409 with it). */
export async function paidNoOrderOf(container: MedusaContainer, cartId: string) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const [rows] = await service.listAnomalies({ cart_id: cartId, type: ["paid_no_order"] }, { limit: 1, offset: 0 })
  return rows[0] ?? null
}

/** Anomaly types whose money Medusa recorded on no order (a refund never touches an order's transactions). */
export const MONEY_WITHOUT_ORDER_TYPES = ["paid_no_order", "unmatched_payment"]

/**
 * Give an anomaly's money a Medusa payment to refund through: the session itself when Medusa still has it, or else
 * a new session on the trade's payment collection that adopts the registered trade (ADOPT_FLAG). Either is
 * authorized: the provider asks the platform, which must answer paid; the payment is then captured.
 * @returns Medusa's payment id
 * @throws MedusaError NOT_ALLOWED when no trade is registered, CONFLICT when the platform does not confirm the money
 */
export async function paymentForAnomaly(container: MedusaContainer, anomaly: { id: string; session_id?: string | null; provider_id?: string | null }): Promise<string> {
  if (!anomaly.session_id) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Cannot refund through the provider: this anomaly names no payment session; refund at the platform and resolve it manually")
  const trades: PaymentTradesModuleService = container.resolve(PAYMENT_TRADES_MODULE)
  const payment = container.resolve(Modules.PAYMENT)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [existing] } = await query.graph({ entity: "payment_session", fields: ["id", "payment.id"], filters: { id: anomaly.session_id } })
  let sessionId = (existing as any)?.id as string | undefined
  if ((existing as any)?.payment?.id) return (existing as any).payment.id
  if (!sessionId) {
    const trade = await trades.findBySession(anomaly.session_id)
    if (!trade?.data) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Cannot refund through the provider: the trade behind this payment was not registered; refund at the platform and resolve it manually")
    const adopted = await payment.createPaymentSession(trade.payment_collection_id, {
      provider_id: trade.provider_id,
      currency_code: trade.currency_code,
      amount: fromMinorUnits(trade.amount_minor, trade.currency_code) as any,
      data: { ...trade.data, [ADOPT_FLAG]: true },
    })
    sessionId = adopted.id
  }
  const authorized = await payment.authorizePaymentSession(sessionId!, {}).catch((e: Error) => {
    throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot refund: the platform does not confirm this payment now (${e.message})`)
  })
  if (!authorized) throw new MedusaError(MedusaError.Types.CONFLICT, "Cannot refund: the platform does not report this payment as paid")
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  await service.updateOrderAnomalies({ id: anomaly.id, payment_id: authorized.id })
  return authorized.id
}
