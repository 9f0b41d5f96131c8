import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { capturePaymentWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { cartIdOfOrder, orderIdOfSession } from "./utils/order-payment-context"
import { decidePlatformPayment, PaymentTarget, recordPaidAfterCancelStep } from "./steps/paid-after-cancel"
import { syncLifecycleSteps } from "./sync-order-lifecycle"
import { activateAfterApproval } from "./run-lifecycle-action"
import { rememberSyncedCaptures } from "./sync-order"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"

export type ApplyPlatformPaymentInput = {
  session_id: string
  /** the amount the platform reports (major units, Medusa's convention) */
  amount: unknown
  platform_transaction_id?: string | null
  /** the session's order when the caller knows it already (saves looking it up again) */
  order_id?: string | null
  /** the session's Payment as the caller just read it (null: none yet); undefined when not known */
  payment_id?: string | null
}

/** decidePlatformPayment as a step: what a "paid" report may do, read under the order's lock. */
const decidePlatformPaymentStep = createStep("order-management-decide-platform-payment", async (target: PaymentTarget, { container }) => {
  return new StepResponse(await decidePlatformPayment(container, target))
})

/**
 * This process synced the lifecycle with the capture under the order's lock: Medusa's payment.captured for these
 * payments, when this process receives it (the events are released as the workflow ends), has nothing to add.
 */
const rememberSyncedCapturesStep = createStep("order-management-remember-synced-captures", async (paymentIds: string[]) => {
  rememberSyncedCaptures(paymentIds ?? [])
  return new StepResponse(null)
})

/**
 * "The platform says this session is paid": a live order gets Medusa's processPaymentWorkflow (authorize + capture;
 * capturePaymentWorkflow when the session was authorized already) and its lifecycle synced (confirmed, then review),
 * inline, from the lifecycle row read under the lock; a canceled order gets a paid_after_cancel anomaly and keeps its
 * cancel; money Medusa captured already for an ended order changes nothing. Run it through applyPlatformPayment(),
 * which holds the order's lock. (Medusa's workflows run nested here, so their cart lock, the one this path holds,
 * is not taken a second time.)
 */
export const applyPlatformPaymentWorkflow = createWorkflow(
  "order-management-apply-platform-payment",
  (input: ApplyPlatformPaymentInput & { order_id: string | null }) => {
    const target = transform({ input }, ({ input }): PaymentTarget => ({ session_id: input.session_id, order_id: input.order_id, payment_id: input.payment_id }))
    const decision = decidePlatformPaymentStep(target)
    const anomaly = when("order-management-paid-after-cancel", { decision }, ({ decision }) => decision.action === "paid_after_cancel").then(() => {
      const recordInput = transform({ input }, ({ input }) => ({
        order_id: input.order_id!,
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
    const synced = when("order-management-sync-after-capture", { decision, input }, ({ decision, input }) => decision.action !== "paid_after_cancel" && decision.action !== "already_captured" && !!input.order_id).then(() => {
      const syncInput = transform({ input, decision }, ({ input, decision }) => ({ order_id: input.order_id as string, lifecycle: decision.lifecycle }))
      const synced = syncLifecycleSteps(syncInput)
      rememberSyncedCapturesStep(synced.payment_ids)
      return synced
    })
    const result = transform({ decision, input, anomaly, synced }, ({ decision, input, anomaly, synced }) => ({
      outcome: decision.action === "paid_after_cancel" ? ("paid_after_cancel" as const) : decision.action === "already_captured" ? ("recorded" as const) : ("captured" as const),
      order_id: input.order_id,
      anomaly_id: (anomaly as any)?.id ?? null,
      approved: !!(synced as any)?.transitions?.some((t: any) => t.action === "approve"),
    }))
    return new WorkflowResponse(result)
  }
)

/**
 * The one entry for callbacks, status queries and the unpaid-order job: runs the workflow under the lock the release
 * job and Medusa's own payment processing take (the order's cart id), so "cancel for non-payment" and "the money
 * arrived" never interleave; then honours `autoActivate` for an order it just auto-approved. Errors: those of
 * Medusa's payment workflows (e.g. NOT_ALLOWED when the platform does not confirm the payment on authorize), and the
 * lock's timeout (30 s).
 */
export async function applyPlatformPayment(container: MedusaContainer, input: ApplyPlatformPaymentInput) {
  const orderId = input.order_id ?? (await orderIdOfSession(container, input.session_id))
  const cartId = orderId ? await cartIdOfOrder(container, orderId) : null
  const lockKey = cartId ?? orderId ?? input.session_id
  const { result } = await container
    .resolve(Modules.LOCKING)
    .execute([lockKey], () => applyPlatformPaymentWorkflow(container).run({ input: { ...input, order_id: orderId } }), { timeout: 30 })
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  if (result.approved && result.order_id && service.getOptions().autoActivate) {
    await activateAfterApproval(container, result.order_id, result)
  }
  return result
}
