import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { tracked } from "../utils/in-flight"
import { LIFECYCLE_EVENTS } from "../modules/order-management/lifecycle/events"
import { refundPointsForOrder } from "../workflows/points"

/** A canceled order (the lifecycle's cancel, which Medusa's own cancel joins) gives its redeemed points back, once. */
async function pointsCanceledHandler({ event, container }: SubscriberArgs<{ order_id: string }>) {
  await refundPointsForOrder(container, { order_id: event.data.order_id })
}

export default tracked(pointsCanceledHandler)

export const config: SubscriberConfig = {
  event: LIFECYCLE_EVENTS.cancel,
  context: { subscriberId: "order-management-points-canceled" },
}
