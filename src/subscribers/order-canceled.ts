import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrder } from "../workflows/sync-order"

/** An order canceled from Medusa's own admin or API is canceled in the lifecycle too. */
export default async function orderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await syncOrder(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "order-management-order-canceled" },
}
