import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { completeOrderWorkflow, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import type { TransitionInput } from "../modules/order-management/service"
import { applyTransitionStep } from "./steps/apply-transition"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"

/** dispatched → completed, and Medusa's order to "completed" through completeOrderWorkflow. */
export const completeLifecycleOrderWorkflow = createWorkflow(
  "order-management-complete-order",
  (input: Omit<TransitionInput, "action" | "set">) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "status"],
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })
    const transitionInput = transform({ input }, ({ input }) => ({ ...input, action: "complete" as const }))
    const result = applyTransitionStep(transitionInput)
    when("order-management-complete-in-medusa", { orders }, ({ orders }) => orders[0]?.status !== "completed").then(() => {
      const completeInput = transform({ input }, ({ input }) => ({ orderIds: [input.order_id] }))
      completeOrderWorkflow.runAsStep({ input: completeInput })
    })
    emitLifecycleEventsStep({ transitions: [result] })
    return new WorkflowResponse(result)
  }
)
