import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { tracked } from "../utils/in-flight"
import { CUSTOMER_EVENT_NAMES } from "../modules/notifications/events"
import { sendCustomerNotificationWorkflow } from "../workflows/notifications/send-customer-notification"

/**
 * The plugin's events that concern the buyer (paid, approved, rejected, dispatched, canceled, slip rejected, refund
 * request received / approved / rejected / refunded / failed) → one message through Medusa's Notification module.
 * A message that cannot be sent (no provider for the channel, the provider failed) is logged, never thrown back at
 * the action that emitted the event.
 */
async function customerNotificationsHandler({ event, container }: SubscriberArgs<Record<string, any>>) {
  try {
    await sendCustomerNotificationWorkflow(container).run({ input: { event: event.name, data: event.data ?? {} } })
  } catch (e) {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    logger.warn(`order_management: customer notification for ${event.name} (order ${event.data?.order_id ?? "?"}) not sent: ${(e as Error)?.message ?? e}`)
  }
}

export default tracked(customerNotificationsHandler)

export const config: SubscriberConfig = {
  event: CUSTOMER_EVENT_NAMES,
  context: { subscriberId: "order-management-customer-notifications" },
}
