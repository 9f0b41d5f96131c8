import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { capturePaymentWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { cartIdOfOrder, orderIdOfSession } from "./utils/order-payment-context"
import { decidePlatformPaymentStep, recordPaidAfterCancelStep, resolvePaymentTargetStep } from "./steps/paid-after-cancel"
import { syncOrderLifecycleWorkflow } from "./sync-order-lifecycle"
import { activateAfterApproval } from "./run-lifecycle-action"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"

export type ApplyPlatformPaymentInput = {
  session_id: string
  /** the amount the platform reports (major units, Medusa's convention) */
  amount: unknown
  platform_transaction_id?: string | null
  /** the session's order when the caller knows it already (saves looking it up again) */
  order_id?: string | null
}

/**
 * "The platform says this session is paid": a live order gets Medusa's
 * processPaymentWorkflow (capture) and its lifecycle synced (confirmed, then
 * review); a canceled order gets a paid_after_cancel anomaly and keeps its
 * cancel. Run it through applyPlatformPayment(), which holds the order's lock.
 */
export const applyPlatformPaymentWorkflow = createWorkflow(
  "order-management-apply-platform-payment",
  (input: ApplyPlatformPaymentInput) => {
    const target = resolvePaymentTargetStep(transform({ input }, ({ input }) => ({ session_id: input.session_id, order_id: input.order_id ?? null })))
    const decision = decidePlatformPaymentStep(target)
    const anomaly = when("order-management-paid-after-cancel", { decision }, ({ decision }) => decision.action === "paid_after_cancel").then(() => {
      const recordInput = transform({ input, target }, ({ input, target }) => ({
        order_id: target.order_id!,
        session_id: input.session_id,
        amount: input.amount,
        platform_transaction_id: input.platform_transaction_id ?? null,
      }))
      return recordPaidAfterCancelStep(recordInput)
    })
    when("order-management-capture-platform-payment", { decision }, ({ decision }) => decision.action === "capture").then(() => {
      const processInput = transform({ input }, ({ input }) => ({ action: "captured", data: { session_id: input.session_id, amount: input.amount } }) as any)
      processPaymentWorkflow.runAsStep({ input: processInput })
    })
    when("order-management-capture-existing-payment", { decision }, ({ decision }) => decision.action === "capture_existing").then(() => {
      // idempotent: no second capture if captured; the order transaction is de-duplicated by Medusa
      const captureInput = transform({ decision }, ({ decision }) => ({ payment_id: decision.payment_id as string }))
      capturePaymentWorkflow.runAsStep({ input: captureInput })
    })
    // confirm (and review) the lifecycle now, still under the lock, rather than when payment.captured is delivered
    const synced = when("order-management-sync-after-capture", { decision, target }, ({ decision, target }) => decision.action !== "paid_after_cancel" && decision.action !== "already_captured" && !!target.order_id).then(() => {
      const syncInput = transform({ target }, ({ target }) => ({ order_id: target.order_id as string }))
      return syncOrderLifecycleWorkflow.runAsStep({ input: syncInput })
    })
    const result = transform({ decision, target, anomaly, synced }, ({ decision, target, anomaly, synced }) => ({
      outcome: decision.action === "paid_after_cancel" ? ("paid_after_cancel" as const) : decision.action === "already_captured" ? ("recorded" as const) : ("captured" as const),
      order_id: target.order_id,
      anomaly_id: (anomaly as any)?.id ?? null,
      approved: !!(synced as any)?.transitions?.some((t: any) => t.action === "approve"),
    }))
    return new WorkflowResponse(result)
  }
)

/**
 * The one entry for callbacks, status queries and the unpaid-order job: runs
 * the workflow under the lock the release job takes (the order's cart id), so
 * "cancel for non-payment" and "the money arrived" never interleave; then
 * honours `autoActivate` for an order it just auto-approved.
 */
export async function applyPlatformPayment(container: MedusaContainer, input: ApplyPlatformPaymentInput) {
  const orderId = input.order_id ?? (await orderIdOfSession(container, input.session_id))
  const cartId = orderId ? await cartIdOfOrder(container, orderId) : null
  const lockKey = cartId ?? orderId ?? input.session_id
  const { result } = await container
    .resolve(Modules.LOCKING)
    .execute([lockKey], () => applyPlatformPaymentWorkflow(container).run({ input }), { timeout: 30 })
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  if (result.approved && result.order_id && service.getOptions().autoActivate) {
    await activateAfterApproval(container, result.order_id, result)
  }
  return result
}
