import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import type { Actor } from "../modules/order-management/lifecycle/statuses"
import { ANOMALY_RESOLVED_EVENT } from "../modules/order-management/lifecycle/events"
import { reviveLifecycleOrderWorkflow } from "./revive-order"
import { syncOrder } from "./sync-order"
import { MONEY_WITHOUT_ORDER_TYPES, paymentForAnomaly } from "./orphan-payments"
import { withPaymentRefundLock } from "./utils/refund-lock"

export type AnomalyResolution = "refund" | "revive" | "manual"

/**
 * Resolve an anomaly: refund the money through the provider (Medusa's refund
 * workflow), revive the order (paid_after_cancel only), or close it by hand
 * with a note. The anomaly is resolved only after the money side succeeded.
 */
export async function resolveAnomaly(
  container: MedusaContainer,
  input: { anomaly_id: string; resolution: AnomalyResolution; note?: string | null; actor: Actor }
) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const anomaly = await service.retrieveAnomaly(input.anomaly_id)
  if (anomaly.status === "resolved") {
    throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot resolve this anomaly: it is already resolved (${anomaly.resolution})`)
  }
  let metadata: Record<string, unknown> = {}
  if (input.resolution === "refund") {
    // money on a trade Medusa recorded no payment for (a replaced session, a cart without order): adopt it first
    const adoptable = !anomaly.payment_id && anomaly.session_id && (MONEY_WITHOUT_ORDER_TYPES.includes(anomaly.type) || anomaly.type === "duplicate_payment")
    if (adoptable) anomaly.payment_id = await paymentForAnomaly(container, anomaly)
    if (!anomaly.payment_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Cannot refund through the provider: no Medusa payment is recorded for this anomaly; refund at the platform and resolve it manually")
    }
    // Medusa's refund workflow refuses canceled orders ("has been canceled"); the payment module's
    // refund is the same provider call (row lock, idempotency key from the refund row) without that check
    const order = anomaly.order_id ? await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["status"], filters: { id: anomaly.order_id } }) : { data: [] }
    const payment = container.resolve(Modules.PAYMENT)
    const captured = await payment.retrievePayment(anomaly.payment_id, { relations: ["captures", "refunds"] })
    const held = MathBN.sub(
      (captured.captures ?? []).reduce((s: any, c: any) => MathBN.add(s, c.raw_amount ?? c.amount), MathBN.convert(0)),
      (captured.refunds ?? []).reduce((s: any, r: any) => MathBN.add(s, r.raw_amount ?? r.amount), MathBN.convert(0))
    )
    if (MathBN.lte(held, 0)) {
      throw new MedusaError(MedusaError.Types.CONFLICT, "Cannot refund: nothing captured is left on this payment")
    }
    const refundInput = { payment_id: anomaly.payment_id, amount: held, created_by: input.actor.id ?? undefined, note: input.note ?? `refund of ${anomaly.type}` }
    // through the payment module (same provider call, row lock, idempotency) when there is no live order to carry
    // an order transaction: a canceled order, no order at all, or money captured beside the order's own payments
    const beside = !anomaly.order_id || MONEY_WITHOUT_ORDER_TYPES.includes(anomaly.type) || adoptable
    const refunded = await withPaymentRefundLock(container, [anomaly.payment_id], async () =>
      (order.data[0] as any)?.status === "canceled" || beside
        ? await payment.refundPayment(refundInput as any)
        : (await refundPaymentWorkflow(container).run({ input: refundInput as any })).result
    )
    metadata = { refund_payment_id: refunded.id, refunded_amount: held.toString() }
  } else if (input.resolution === "revive") {
    if (anomaly.type !== "paid_after_cancel") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cannot revive: only a paid-after-cancel anomaly revives an order (this one is ${anomaly.type})`)
    }
    await reviveLifecycleOrderWorkflow(container).run({
      input: { order_id: anomaly.order_id, actor: input.actor, reason: input.note ?? "payment arrived after the cancel", anomaly_id: anomaly.id },
    })
    await syncOrder(container, anomaly.order_id)
  } else if (!input.note?.trim()) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "note is required to resolve an anomaly manually")
  }
  const resolved = await service.updateAnomalyStatus(anomaly.id, "resolved", {
    actor: input.actor,
    resolution: input.resolution === "refund" ? "refunded" : input.resolution === "revive" ? "revived" : "manual",
    note: input.note ?? null,
    metadata,
  })
  await container.resolve(Modules.EVENT_BUS).emit({
    name: ANOMALY_RESOLVED_EVENT,
    data: { id: resolved.id, order_id: resolved.order_id, type: resolved.type, resolution: resolved.resolution },
  })
  container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: anomaly ${resolved.id} resolved (${resolved.resolution})`)
  return resolved
}
