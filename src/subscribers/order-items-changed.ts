import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderEditWorkflowEvents, OrderWorkflowEvents } from "@medusajs/framework/utils"
import { syncOrder } from "../workflows/sync-order"

/**
 * An order edit, an exchange or a claim changed the order's items and what it costs: the lifecycle's total and
 * outstanding amount follow Medusa's order summary (an order edited up after its trade was made owes the difference;
 * edited down, a refund is due), and its product_ids the current items (the list's product filter).
 * Payloads: `{ order_id }` (order-edit.confirmed), `{ order_id, exchange_id }`, `{ order_id, claim_id }`.
 */
async function orderItemsChangedHandler({ event, container }: SubscriberArgs<{ order_id: string }>) {
  if (event.data?.order_id) await syncOrder(container, event.data.order_id)
}

export default tracked(orderItemsChangedHandler)

export const config: SubscriberConfig = {
  event: [OrderEditWorkflowEvents.CONFIRMED, OrderWorkflowEvents.EXCHANGE_CREATED, OrderWorkflowEvents.CLAIM_CREATED],
  context: { subscriberId: "order-management-order-items-changed" },
}
