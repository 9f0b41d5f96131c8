import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, PaymentEvents } from "@medusajs/framework/utils"
import { tracked } from "../utils/in-flight"
import { reversePointsForRefundsWorkflow } from "../workflows/points/refunds"

/**
 * A refund (Medusa's refundPaymentWorkflow emits payment.refunded for every refund: the admin's, after-sales, a
 * refund to balance, a cancel of a paid order) takes back the order's earned points in proportion; orders that
 * earned nothing are left alone (docs/points.md).
 */
async function pointsRefundedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const { data: [p] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "payment",
    fields: ["id", "payment_collection.order.id"],
    filters: { id: event.data.id },
  })
  const orderId = (p as any)?.payment_collection?.order?.id
  if (!orderId) return
  await reversePointsForRefundsWorkflow(container).run({ input: { order_id: orderId } })
}

export default tracked(pointsRefundedHandler)

export const config: SubscriberConfig = {
  event: PaymentEvents.REFUNDED,
  context: { subscriberId: "order-management-points-refunded" },
}
