import { Module } from "@medusajs/framework/utils"
import OrderNotificationsModuleService from "./service"
import { resolveNotificationOptions, type NotificationsPluginOptions } from "./options"

/** The module's registration name (container key); Medusa's own Notification module is "notification". */
export const ORDER_NOTIFICATIONS_MODULE = "order_management_notifications"

/** Check the `notifications` options when the module loads: a mistake stops the server with a clear message. */
async function validateOptionsLoader({ options }: { options?: NotificationsPluginOptions }) {
  resolveNotificationOptions(options)
}

export default Module(ORDER_NOTIFICATIONS_MODULE, {
  service: OrderNotificationsModuleService,
  loaders: [validateOptionsLoader],
})

export type { NotificationsOptions, NotificationsPluginOptions, NotificationLocale, MessageTemplate, TemplateOverride } from "./options"
export { CUSTOMER_NOTIFICATION_EVENTS, ADMIN_FEED_EVENTS, CUSTOMER_EVENT_NAMES, ADMIN_FEED_EVENT_NAMES } from "./events"
