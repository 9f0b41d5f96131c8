import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { tracked } from "../utils/in-flight"
import { markStatisticsDirty } from "../workflows/statistics/mark-dirty"

/**
 * Orders placed, paid, refunded or canceled change the statistics of their days: mark those days for the refresh job
 * (which recomputes whole days from the raw tables, so a repeated or lost event cannot make a number wrong).
 */
async function statisticsChangedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await markStatisticsDirty(container, event.name.startsWith("payment.") ? "payment" : "order", event.data.id)
}

export default tracked(statisticsChangedHandler)

export const config: SubscriberConfig = {
  event: ["order.placed", "order.canceled", "payment.captured", "payment.refunded"],
  context: { subscriberId: "order-management-statistics-changed" },
}
