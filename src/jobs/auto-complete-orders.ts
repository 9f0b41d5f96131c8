import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { completeLifecycleOrderWorkflow } from "../workflows/complete-order"

/** Complete dispatched orders after `autoCompleteAfterDays` quiet days (FecShop's status_complete). */
export default async function autoCompleteOrders(container: MedusaContainer) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const days = service.getOptions().autoCompleteAfterDays
  if (!days) {
    return
  }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const before = new Date(Date.now() - days * 86_400_000)
  const rows = await service.listCompletable(before, 200)
  for (const row of rows) {
    try {
      await completeLifecycleOrderWorkflow(container).run({
        input: { order_id: row.order_id, actor: { type: "system", id: "auto-complete" }, reason: `no activity for ${days} days after dispatch` },
      })
    } catch (e) {
      logger.warn(`order-management: auto-complete of ${row.order_id} failed: ${(e as Error).message}`)
    }
  }
}

export const config = {
  name: "order-management-auto-complete-orders",
  schedule: "17 * * * *",
}
