import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { LifecycleRow } from "../../modules/order-management/service"
import { ANOMALY_OPENED_EVENT } from "../../modules/order-management/lifecycle/events"
import { toMinorUnits } from "../../utils/money"

export type PaymentTarget = {
  session_id: string
  order_id: string | null
  /** the session's Payment as the caller read it: null = none yet (saves looking it up); undefined = unknown */
  payment_id?: string | null
}

export type PaymentDecision = {
  action: "capture" | "capture_existing" | "paid_after_cancel" | "already_captured"
  payment_id: string | null
  /** the order's lifecycle as read under the lock (null: none yet) */
  lifecycle: LifecycleRow | null
}

/**
 * Read under the order's lock what a "paid" report may do: a canceled (or refunded) order must not silently take the
 * money (paid_after_cancel), and money Medusa already captured for it is not new (already_captured). A session that
 * already has its Payment (the release job's status query authorized it a moment ago) is finished through
 * capturePaymentWorkflow rather than authorized a second time. `target.payment_id` null: the caller saw no Payment a
 * moment ago (before the lock); for a live order that is enough, as Medusa's processing of an already authorized
 * session is idempotent, while an ended order looks again (captured or not decides).
 */
export async function decidePlatformPayment(container: MedusaContainer, target: PaymentTarget): Promise<PaymentDecision> {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const lifecycle: LifecycleRow | null = target.order_id ? await service.findLifecycleByOrder(target.order_id) : null
  const ended = !!lifecycle && (lifecycle.payment_status === "canceled" || lifecycle.fulfillment_status === "refunded")
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } =
    target.payment_id === null && !ended
      ? { data: [] as any[] }
      : await query.graph({ entity: "payment", fields: ["id", "captures.id"], filters: { payment_session_id: target.session_id } })
  const paymentId = (payments[0] as any)?.id ?? null
  const captured = !!paymentId && ((payments[0] as any).captures ?? []).length > 0
  if (ended) {
    // money Medusa already captured for this trade is not new money: a later "paid" for it (Alipay's
    // TRADE_FINISHED days after TRADE_SUCCESS, for an order refunded or canceled since) changes nothing
    return { action: captured ? "already_captured" : "paid_after_cancel", payment_id: paymentId, lifecycle }
  }
  return { action: paymentId ? "capture_existing" : "capture", payment_id: paymentId, lifecycle }
}

/**
 * Money for a canceled order: record it in Medusa (the session is authorized,
 * so the payment exists and can be refunded through Medusa's refund workflow)
 * and open a paid_after_cancel anomaly. The cancel stands until an admin
 * refunds or revives.
 */
export const recordPaidAfterCancelStep = createStep(
  "order-management-record-paid-after-cancel",
  async (input: { order_id: string; session_id: string; amount: unknown; platform_transaction_id?: string | null }, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    let payment: any = null
    try {
      payment = await paymentModule.authorizePaymentSession(input.session_id, {})
    } catch (e) {
      // the anomaly is opened all the same (with the platform's amount); refund then happens at the platform
      container.resolve(ContainerRegistrationKeys.LOGGER).warn(
        `order-management: could not record the late payment of session ${input.session_id} in Medusa: ${(e as Error).message}`
      )
      payment = null
    }
    const { data: [session] } = await query.graph({
      entity: "payment_session",
      fields: ["id", "provider_id", "currency_code", "amount", "payment.id"],
      filters: { id: input.session_id },
    })
    const s = session as any
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const { anomaly, created } = await service.openAnomaly({
      order_id: input.order_id,
      type: "paid_after_cancel",
      dedupe_key: `paid_after_cancel:${input.session_id}`,
      amount_minor: toMinorUnits((input.amount as any) ?? s?.amount ?? 0, s?.currency_code ?? "usd"),
      currency_code: s?.currency_code ?? null,
      provider_id: s?.provider_id ?? null,
      payment_id: payment?.id ?? s?.payment?.id ?? null,
      platform_transaction_id: input.platform_transaction_id ?? null,
      metadata: { session_id: input.session_id },
    })
    if (created) {
      await container.resolve(Modules.EVENT_BUS).emit({
        name: ANOMALY_OPENED_EVENT,
        data: { id: anomaly.id, order_id: input.order_id, type: anomaly.type, amount_minor: anomaly.amount_minor, currency_code: anomaly.currency_code },
      })
    }
    return new StepResponse(anomaly)
  }
)
