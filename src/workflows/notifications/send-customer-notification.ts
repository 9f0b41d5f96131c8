import type { CreateNotificationDTO, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendNotificationsStep } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { ORDER_NOTIFICATIONS_MODULE } from "../../modules/notifications"
import type OrderNotificationsModuleService from "../../modules/notifications/service"
import { toMinorUnits } from "../../utils/money"
import { customerVariables, idempotencyKey, type HistoryFacts, type OrderFacts } from "./variables"

export type SendCustomerNotificationInput = {
  /** the Medusa event name, e.g. "order_management.order.approved" */
  event: string
  /** the event's payload; must carry `order_id` */
  data: Record<string, any>
}

/**
 * Read what a message needs about an order: Medusa's order (email, locale, number, items, customer) and the
 * plugin's lifecycle row (order number, paid amount in minor units). Null when the order does not exist.
 */
export async function readOrderFacts(container: MedusaContainer, orderId: string): Promise<OrderFacts | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "email",
      "locale",
      "currency_code",
      "total",
      "customer_id",
      "customer.first_name",
      "customer.last_name",
      "customer.metadata",
      "shipping_address.first_name",
      "shipping_address.last_name",
      "items.id",
      "items.title",
      "items.variant_title",
      "items.quantity",
    ],
    filters: { id: orderId },
  })
  if (!order) return null
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const lifecycle = await om.findLifecycleByOrder(orderId)
  const { data: stores } = await query.graph({ entity: "store", fields: ["name"], pagination: { take: 1 } })
  const o: any = order
  const currency = String(o.currency_code ?? lifecycle?.currency_code ?? "")
  const name = [o.customer?.first_name ?? o.shipping_address?.first_name, o.customer?.last_name ?? o.shipping_address?.last_name]
    .filter((x) => typeof x === "string" && x.trim())
    .join(" ")
  const meta = (o.customer?.metadata ?? {}) as Record<string, unknown>
  return {
    order_id: o.id,
    order_number: lifecycle?.order_number ?? (o.display_id != null ? `#${o.display_id}` : o.id),
    display_id: o.display_id ?? null,
    email: o.email ?? lifecycle?.email ?? null,
    customer_id: o.customer_id ?? null,
    customer_name: name || null,
    currency_code: currency,
    total_minor: lifecycle ? Number(lifecycle.total_minor) : o.total != null && currency ? toMinorUnits(o.total, currency) : 0,
    paid_minor: lifecycle ? Number(lifecycle.paid_minor) : 0,
    locale_tags: [o.locale, meta.locale, meta.language],
    items: (o.items ?? []).filter(Boolean).map((i: any) => ({
      id: i.id,
      title: i.variant_title && i.variant_title !== "Default variant" ? `${i.title} (${i.variant_title})` : i.title,
      quantity: Number(i.quantity ?? 0),
    })),
    store_name: (stores?.[0] as any)?.name ?? null,
  }
}

/** The lifecycle history row an event names (`history_id`): the reason a person gave and who acted. */
async function readHistory(container: MedusaContainer, historyId: unknown): Promise<HistoryFacts> {
  if (typeof historyId !== "string" || !historyId) return null
  try {
    const om: any = container.resolve(ORDER_MANAGEMENT_MODULE)
    const row = await om.retrieveOrderLifecycleEvent(historyId, { select: ["id", "reason", "actor_type"] })
    return { reason: row?.reason ?? null, actor_type: row?.actor_type ?? null }
  } catch {
    return null
  }
}

/**
 * Decide and render the customer's message for one event: nothing (an empty list) when the event is turned off,
 * has no order, or the order has no email (logged at debug); else one notification for Medusa's Notification
 * module: `{to, channel, template, content: {subject, text, html}, data: {...variables, locale, subject},
 * idempotency_key, trigger_type, resource_id, resource_type: "order", receiver_id}`.
 */
export const prepareCustomerNotificationStep = createStep(
  "order-management-prepare-customer-notification",
  async (input: SendCustomerNotificationInput, { container }) => {
    const service: OrderNotificationsModuleService = container.resolve(ORDER_NOTIFICATIONS_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER) as Logger
    if (!service.isCustomerEnabled(input.event)) return new StepResponse([] as CreateNotificationDTO[])
    const orderId = input.data?.order_id
    if (typeof orderId !== "string" || !orderId) {
      logger.debug(`order_management: ${input.event} has no order_id; no customer message`)
      return new StepResponse([] as CreateNotificationDTO[])
    }
    const facts = await readOrderFacts(container, orderId)
    if (!facts) {
      logger.debug(`order_management: order ${orderId} not found; no message for ${input.event}`)
      return new StepResponse([] as CreateNotificationDTO[])
    }
    if (!facts.email) {
      logger.debug(`order_management: order ${orderId} has no email; no message for ${input.event}`)
      return new StepResponse([] as CreateNotificationDTO[])
    }
    const locale = service.localeFor(facts.locale_tags)
    const history = await readHistory(container, input.data.history_id)
    const vars = customerVariables(input.event, input.data, facts, history, locale)
    const message = service.renderCustomer(input.event, locale, vars)
    const notification: CreateNotificationDTO = {
      to: facts.email,
      channel: service.channel,
      template: message.template,
      content: { subject: message.subject, text: message.text, html: message.html },
      data: { ...vars, locale, subject: message.subject },
      trigger_type: input.event,
      resource_id: orderId,
      resource_type: "order",
      receiver_id: facts.customer_id,
      idempotency_key: idempotencyKey(message.template, input.event, input.data),
    }
    return new StepResponse([notification])
  }
)

/**
 * One customer message for one plugin event, through Medusa's Notification module (`sendNotificationsStep`): the
 * store's provider for the configured channel sends it and Medusa records it in its `notification` table. A
 * re-delivered event sends nothing new (idempotency key per occurrence).
 */
export const sendCustomerNotificationWorkflow = createWorkflow(
  "order-management-send-customer-notification",
  (input: SendCustomerNotificationInput) => {
    const notifications = prepareCustomerNotificationStep(input)
    const sent = sendNotificationsStep(notifications)
    return new WorkflowResponse(sent)
  }
)
