import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrder } from "../workflows/sync-order"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"

/**
 * An order canceled from Medusa's own admin or API is canceled in the
 * lifecycle too. Cancels that went through the lifecycle already are done
 * (money arriving later is caught on payment.captured).
 */
async function orderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await service.findLifecycleByOrder(event.data.id)
  if (l && (l.payment_status === "canceled" || l.fulfillment_status === "refunded")) {
    return
  }
  await syncOrder(container, event.data.id)
}

export default tracked(orderCanceledHandler)

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "order-management-order-canceled" },
}
