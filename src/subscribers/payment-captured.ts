import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { syncOrderAfterCapture, takeSyncedCapture } from "../workflows/sync-order"

/** A captured payment confirms the order's payment status (then review or auto-approval). */
async function paymentCapturedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  // captured and synced by this process's payment apply path a moment ago
  if (takeSyncedCapture(event.data.id)) return
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["id", "payment_collection_id"],
    filters: { id: event.data.id },
  })
  const collectionId = payments[0]?.payment_collection_id
  if (!collectionId) {
    return
  }
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  for (const link of links) {
    await syncOrderAfterCapture(container, link.order_id)
  }
}

export default tracked(paymentCapturedHandler)

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "order-management-payment-captured" },
}
