import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { releaseUnpaidOrders } from "../workflows/release-unpaid-orders"
import { cronFiresAt } from "../utils/cron"

/**
 * FecShop's pending-stock script: cancel orders unpaid for too long and give
 * their stock back. Ticks every minute; `unpaidOrderReleaseCron` decides which
 * ticks run; `releaseUnpaidOrders: false` turns it off.
 */
export default async function releaseUnpaidOrdersJob(container: MedusaContainer) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const options = service.getOptions()
  if (!options.releaseUnpaidOrders || !cronFiresAt(options.unpaidOrderReleaseCron, new Date())) {
    return
  }
  const report = await releaseUnpaidOrders(container)
  if (report.batches) {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(
      `order-management: unpaid-order release: ${report.canceled} canceled, ${report.paid} found paid, ${report.skipped} skipped, ${report.failed.length} failed`
    )
  }
}

export const config = {
  name: "order-management-release-unpaid-orders",
  schedule: "* * * * *",
}
