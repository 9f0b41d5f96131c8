import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, processPaymentWorkflow, releaseLockStep } from "@medusajs/medusa/core-flows"
import { decidePlatformPaymentStep, recordPaidAfterCancelStep, resolvePaymentTargetStep } from "./steps/paid-after-cancel"

export type ApplyPlatformPaymentInput = {
  session_id: string
  /** the amount the platform reports (major units, Medusa's convention) */
  amount: unknown
  platform_transaction_id?: string | null
}

/**
 * The one entry for "the platform says this session is paid" (callbacks, the
 * status query, the unpaid-order job). Under the lock Medusa's payment
 * processing uses (the cart id): a live order gets Medusa's processPaymentWorkflow
 * (capture; the lifecycle follows through payment.captured); a canceled order
 * gets a paid_after_cancel anomaly and keeps its cancel.
 */
export const applyPlatformPaymentWorkflow = createWorkflow(
  "order-management-apply-platform-payment",
  (input: ApplyPlatformPaymentInput) => {
    const target = resolvePaymentTargetStep({ session_id: input.session_id })
    const lock = transform({ target }, ({ target }) => ({ key: target.lock_key }))
    acquireLockStep({ key: lock.key, timeout: 30, ttl: 120 })
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
    releaseLockStep({ key: lock.key })
    const result = transform({ decision, target, anomaly }, ({ decision, target, anomaly }) => ({
      outcome: decision.action,
      order_id: target.order_id,
      anomaly_id: (anomaly as any)?.id ?? null,
    }))
    return new WorkflowResponse(result)
  }
)
