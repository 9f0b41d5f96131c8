import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import type { Actor } from "../modules/order-management/lifecycle/statuses"
import { reviveLifecycleOrderWorkflow } from "./revive-order"
import { syncOrder } from "./sync-order"
import { MONEY_WITHOUT_ORDER_TYPES, paymentForAnomaly } from "./orphan-payments"
import { withPaymentRefundLock } from "./utils/refund-lock"
import { transitionAnomaly } from "./anomalies/transition-anomaly"

export type AnomalyResolution = "refund" | "resend" | "revive" | "manual"

/**
 * The money (or order) side of resolving an anomaly, run by transitionAnomalyWorkflow after it claimed the move to
 * resolved: `refund` refunds what is held on the anomaly's payment through the provider (Medusa's refund workflow,
 * or the payment module's refund for money no live order carries; a trade Medusa has no payment for is adopted
 * first); `revive` revives a canceled order (paid_after_cancel only) and syncs it; `resend` and `manual` move nothing
 * (the note says what was done). Returns what to merge into the anomaly's metadata. Throws NOT_ALLOWED (400) when
 * the resolution cannot apply, CONFLICT (409) when nothing is left to refund or the stock is gone.
 */
export async function applyAnomalyResolution(
  container: MedusaContainer,
  anomaly: any,
  input: { resolution: AnomalyResolution; note?: string | null; actor: Actor }
): Promise<Record<string, unknown>> {
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
  }
  return metadata
}

/**
 * Resolve an anomaly (the older API; POST …/anomalies/:id/resolve): the desk's transition to `resolved` with this
 * resolution — the move is claimed first (compare-and-set), the money side runs, the timeline records the step; a
 * failure puts the anomaly back. Returns the anomaly after.
 */
export async function resolveAnomaly(
  container: MedusaContainer,
  input: { anomaly_id: string; resolution: AnomalyResolution; note?: string | null; actor: Actor }
) {
  const { anomaly } = await transitionAnomaly(container, { anomaly_id: input.anomaly_id, to: "resolved", resolution: input.resolution, note: input.note ?? null, actor: input.actor })
  return anomaly
}
