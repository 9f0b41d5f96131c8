import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { TransitionInput, TransitionResult } from "../../modules/order-management/service"

/**
 * Claim a lifecycle transition (compare-and-set + history row). Runs before
 * Medusa's own effects so two concurrent actions cannot both proceed; if a
 * later step fails, the compensation puts the old statuses back.
 */
export const applyTransitionStep = createStep(
  "order-management-apply-transition",
  async (input: TransitionInput, { container }) => {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const result = await service.transition(input)
    return new StepResponse(result, result)
  },
  async (result: TransitionResult | undefined, { container }) => {
    if (!result) {
      return
    }
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    await service.revertTransition(result)
  }
)
