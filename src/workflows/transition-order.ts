import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { TransitionInput } from "../modules/order-management/service"
import { applyTransitionStep } from "./steps/apply-transition"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"

/**
 * A lifecycle move with no effect in Medusa's own modules: approve, hold,
 * release, and the payment-status moves a gateway or job reports.
 */
export const transitionOrderWorkflow = createWorkflow(
  "order-management-transition-order",
  (input: TransitionInput) => {
    const result = applyTransitionStep(input)
    emitLifecycleEventsStep({ transitions: [result] })
    return new WorkflowResponse(result)
  }
)
