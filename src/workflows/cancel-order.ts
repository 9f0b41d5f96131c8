import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { cancelOrderWorkflow, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import type { TransitionInput } from "../modules/order-management/service"
import { applyTransitionStep } from "./steps/apply-transition"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"
import { closePaymentSessionsStep } from "./steps/close-payment-sessions"

export type CancelLifecycleOrderInput = Omit<TransitionInput, "action" | "set"> & {
  /** "reject" is the review's refusal; "cancel" the user/admin/system cancel */
  action?: "cancel" | "reject"
}

/**
 * Cancel (or reject at review) through Medusa's cancelOrderWorkflow: it
 * releases the reserved stock, cancels uncaptured payments and refunds captured
 * ones through the refund workflow. Unpaid orders end at payment "canceled",
 * paid ones at fulfilment "refunded". Used by admins, customers, jobs and other
 * features (risk, anomalies) alike; the actor decides what is permitted.
 */
export const cancelLifecycleOrderWorkflow = createWorkflow(
  "order-management-cancel-order",
  (input: CancelLifecycleOrderInput) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "status"],
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })
    const transitionInput = transform({ input }, ({ input }) => ({
      order_id: input.order_id,
      action: input.action ?? "cancel",
      actor: input.actor,
      reason: input.reason,
      metadata: input.metadata,
    }))
    const result = applyTransitionStep(transitionInput)
    when("order-management-close-trades", { result }, ({ result }) => result.lifecycle.payment_status === "canceled").then(() => {
      closePaymentSessionsStep({ order_id: input.order_id })
    })
    when("order-management-cancel-in-medusa", { orders }, ({ orders }) => orders[0]?.status !== "canceled").then(() => {
      const cancelInput = transform({ input }, ({ input }) => ({
        order_id: input.order_id,
        canceled_by: input.actor.id ?? undefined,
      }))
      cancelOrderWorkflow.runAsStep({ input: cancelInput })
    })
    emitLifecycleEventsStep({ transitions: [result] })
    return new WorkflowResponse(result)
  }
)
