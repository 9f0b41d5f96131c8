import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrder } from "../workflows/sync-order"
import { applyOrderRiskOnce } from "../workflows/risk/apply-once"

/** Every placed order gets its lifecycle record, whatever the payment provider, then its cart's risk assessment (a "review" holds it). */
async function orderPlacedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await syncOrder(container, event.data.id)
  // a failure here leaves the order as placed (logged); the assessment stays with its cart
  await applyOrderRiskOnce(container, event.data.id).catch((e) => container.resolve("logger").warn(`order-management: risk assessment of order ${event.data.id} not applied: ${(e as Error).message}`))
}

export default tracked(orderPlacedHandler)

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "order-management-order-placed" },
}
