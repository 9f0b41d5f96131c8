import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { dispatchLifecycleOrderWorkflow } from "../workflows/dispatch-order"

/** Dispatch orders whose scheduled activation time has come (delayed activation). */
export default async function runDueActivations(container: MedusaContainer) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const due = await service.listDueActivations(new Date(), 100)
  for (const row of due) {
    try {
      await dispatchLifecycleOrderWorkflow(container).run({
        input: { order_id: row.order_id, actor: { type: "system", id: "scheduled-activation" }, reason: `scheduled activation at ${row.activate_at?.toISOString()}` },
      })
    } catch (e) {
      // another instance got there first (409) or Medusa refused: logged, retried next minute if still due
      logger.warn(`order-management: scheduled dispatch of ${row.order_id} failed: ${(e as Error).message}`)
    }
  }
}

export const config = {
  name: "order-management-run-due-activations",
  schedule: "* * * * *",
}
