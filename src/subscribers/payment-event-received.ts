import { tracked } from "../utils/in-flight"
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { PAYMENT_EVENT_RECEIVED } from "../modules/order-management/lifecycle/events"
import { processPaymentEvent } from "../workflows/payment-inbox"

/** Apply a platform callback the route stored in the inbox (a failure stays in the inbox for the retry job). */
async function paymentEventReceivedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await processPaymentEvent(container, event.data.id)
}

export default tracked(paymentEventReceivedHandler)

export const config: SubscriberConfig = {
  event: PAYMENT_EVENT_RECEIVED,
  context: { subscriberId: "order-management-payment-event-received" },
}
