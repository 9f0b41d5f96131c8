import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrder } from "../workflows/sync-order"

/** Every placed order gets its lifecycle record, whatever the payment provider. */
async function orderPlacedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await syncOrder(container, event.data.id)
}

export default tracked(orderPlacedHandler)

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "order-management-order-placed" },
}
