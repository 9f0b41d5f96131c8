import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { tracked } from "../utils/in-flight"
import { LIFECYCLE_EVENTS } from "../modules/order-management/lifecycle/events"
import { earnPointsForOrderWorkflow } from "../workflows/points/earn"

/** A completed order (the lifecycle's "complete" action) earns its points, once per order (docs/points.md). */
async function pointsEarnHandler({ event, container }: SubscriberArgs<{ order_id: string }>) {
  await earnPointsForOrderWorkflow(container).run({ input: { order_id: event.data.order_id } })
}

export default tracked(pointsEarnHandler)

export const config: SubscriberConfig = {
  event: LIFECYCLE_EVENTS.complete,
  context: { subscriberId: "order-management-points-earn" },
}
