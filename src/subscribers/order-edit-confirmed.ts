import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderEditWorkflowEvents } from "@medusajs/framework/utils"
import { syncOrder } from "../workflows/sync-order"

/**
 * An order edit changed what the order costs: the lifecycle's total and outstanding amount follow Medusa's order
 * summary (an order edited up after its trade was made owes the difference; edited down, a refund is due).
 */
async function orderEditConfirmedHandler({ event, container }: SubscriberArgs<{ order_id: string }>) {
  if (event.data?.order_id) await syncOrder(container, event.data.order_id)
}

export default tracked(orderEditConfirmedHandler)

export const config: SubscriberConfig = {
  event: OrderEditWorkflowEvents.CONFIRMED,
  context: { subscriberId: "order-management-order-edit-confirmed" },
}
