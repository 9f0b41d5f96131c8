import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { tracked } from "../utils/in-flight"
import { giveBackManualOrderDeductions } from "../workflows/manual-orders/complete"

/**
 * A canceled manual order (any path: the lifecycle's cancel, the unpaid-order job, Medusa's own cancel) gives the
 * customer back the balance and points it deducted — once (the ledgers' postings are idempotent per order).
 */
async function manualOrderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  try {
    await giveBackManualOrderDeductions(container, event.data.id)
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).error(`order_management: giving back the deductions of manual order ${event.data.id} failed: ${(e as Error)?.message ?? e}`)
    throw e
  }
}

export default tracked(manualOrderCanceledHandler)

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "order-management-manual-order-canceled" },
}
