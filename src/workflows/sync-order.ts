import type { MedusaContainer } from "@medusajs/framework/types"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { syncOrderLifecycleWorkflow } from "./sync-order-lifecycle"
import { activateAfterApproval } from "./run-lifecycle-action"

/** Sync one order from Medusa's state, then honour `autoActivate` for a freshly auto-approved order. */
export async function syncOrder(container: MedusaContainer, orderId: string) {
  const { result } = await syncOrderLifecycleWorkflow(container).run({ input: { order_id: orderId } })
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const approved = result.transitions.find((t) => t.action === "approve")
  if (approved && service.getOptions().autoActivate) {
    await activateAfterApproval(container, orderId, approved)
  }
  return result
}
