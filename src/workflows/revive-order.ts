import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Actor } from "../modules/order-management/lifecycle/statuses"
import { applyTransitionStep } from "./steps/apply-transition"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"
import { reopenMedusaOrderStep, reserveOrderItemsStep } from "./steps/reserve-order-items"

/**
 * Revive a canceled order whose money arrived late: reserve every item again
 * (refused, naming the items, when stock is gone), reopen Medusa's order, and
 * move the lifecycle canceled → confirmed; review follows as for any paid order.
 */
export const reviveLifecycleOrderWorkflow = createWorkflow(
  "order-management-revive-order",
  (input: { order_id: string; actor: Actor; reason?: string | null; anomaly_id?: string | null }) => {
    const transitionInput = transform({ input }, ({ input }) => ({
      order_id: input.order_id,
      action: "revive" as const,
      actor: input.actor,
      reason: input.reason ?? "payment arrived after the cancel",
      metadata: { anomaly_id: input.anomaly_id ?? null },
    }))
    const result = applyTransitionStep(transitionInput)
    reserveOrderItemsStep({ order_id: input.order_id })
    reopenMedusaOrderStep({ order_id: input.order_id })
    emitLifecycleEventsStep({ transitions: [result] })
    return new WorkflowResponse(result)
  }
)
