import type { CreateNotificationDTO } from "@medusajs/framework/types"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendNotificationsStep } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { ADMIN_FEED_EVENTS } from "../../modules/notifications/events"
import { ORDER_NOTIFICATIONS_MODULE } from "../../modules/notifications"
import type OrderNotificationsModuleService from "../../modules/notifications/service"
import { adminFeedVariables } from "./variables"

export type SendAdminFeedNotificationInput = {
  /** order_management.refund_request.created or order_management.anomaly.opened */
  event: string
  /** RefundRequestEventData, or the anomaly payload `{id, order_id, cart_id?, type, amount_minor, currency_code}` */
  data: Record<string, any>
}

/**
 * The admin-feed notice for one event (Medusa's admin notifications: channel "feed", template "admin-ui",
 * `data: {title, description}` as the dashboard's bell renders them), or nothing when the feed or the event is
 * turned off. One per request / anomaly (idempotency key on its id).
 */
export const prepareAdminFeedNotificationStep = createStep(
  "order-management-prepare-admin-feed-notification",
  async (input: SendAdminFeedNotificationInput, { container }) => {
    const service: OrderNotificationsModuleService = container.resolve(ORDER_NOTIFICATIONS_MODULE)
    if (!service.isAdminFeedEnabled(input.event) || !input.data?.id) return new StepResponse([] as CreateNotificationDTO[])
    const orderId = typeof input.data.order_id === "string" && input.data.order_id ? input.data.order_id : null
    let orderNumber: string | null = null
    if (orderId) {
      const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
      const l = await om.findLifecycleByOrder(orderId)
      orderNumber = l?.order_number ?? (input.data.display_id != null ? `#${input.data.display_id}` : orderId)
    }
    const vars = adminFeedVariables(input.event, input.data, orderNumber, service.getOptions().adminLocale)
    const notice = service.renderAdminFeed(input.event, vars)
    const id = ADMIN_FEED_EVENTS[input.event as keyof typeof ADMIN_FEED_EVENTS]
    return new StepResponse([
      {
        to: "",
        channel: "feed",
        template: "admin-ui",
        data: { title: notice.subject, description: notice.text, notice: id, order_id: orderId, resource_id: input.data.id },
        trigger_type: input.event,
        resource_id: input.data.id,
        resource_type: input.event.includes("anomaly") ? "order_anomaly" : "refund_request",
        idempotency_key: `${id}:${input.data.id}`,
      } satisfies CreateNotificationDTO,
    ])
  }
)

/** Post a new refund request or a new anomaly in the admin's notification feed through Medusa's Notification module. */
export const sendAdminFeedNotificationWorkflow = createWorkflow(
  "order-management-send-admin-feed-notification",
  (input: SendAdminFeedNotificationInput) => {
    const notifications = prepareAdminFeedNotificationStep(input)
    return new WorkflowResponse(sendNotificationsStep(notifications))
  }
)
