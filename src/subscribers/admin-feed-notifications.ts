import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { tracked } from "../utils/in-flight"
import { ADMIN_FEED_EVENT_NAMES } from "../modules/notifications/events"
import { sendAdminFeedNotificationWorkflow } from "../workflows/notifications/send-admin-feed-notification"

/** A new refund request or a new payment anomaly → a notice in the admin's notification feed. */
async function adminFeedNotificationsHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  try {
    await sendAdminFeedNotificationWorkflow(container).run({ input: { event: event.name, data: event.data ?? {} } })
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order_management: admin feed notice for ${event.name} not sent: ${(e as Error)?.message ?? e}`)
  }
}

export default tracked(adminFeedNotificationsHandler)

export const config: SubscriberConfig = {
  event: ADMIN_FEED_EVENT_NAMES,
  context: { subscriberId: "order-management-admin-feed-notifications" },
}
