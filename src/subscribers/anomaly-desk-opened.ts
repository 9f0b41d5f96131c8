import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { tracked } from "../utils/in-flight"
import { ANOMALY_OPENED_EVENT } from "../modules/order-management/lifecycle/events"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { recordAnomalyOpened } from "../workflows/anomalies/open-anomaly"

/**
 * order_management.anomaly.opened → the anomaly's "opened" timeline step (actor system, dated the anomaly's
 * created_at, its reason as note). Every place that opens an anomaly announces it with this event, so this is the one
 * place its first step is written; a repeat (or the desk's own opening, which records its actor first) changes nothing.
 */
async function anomalyOpenedStepHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  try {
    const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const anomaly = await om.retrieveAnomaly(event.data.id)
    await recordAnomalyOpened(container, anomaly)
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order_management: opened step of anomaly ${event.data?.id} not recorded: ${(e as Error)?.message ?? e}`)
  }
}

export default tracked(anomalyOpenedStepHandler)

export const config: SubscriberConfig = {
  event: ANOMALY_OPENED_EVENT,
  context: { subscriberId: "order-management-anomaly-desk-opened" },
}
