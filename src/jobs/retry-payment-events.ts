import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { processPaymentEvent } from "../workflows/payment-inbox"

export const MAX_PAYMENT_EVENT_ATTEMPTS = 10

/**
 * Every minute: apply again the inbox events that failed (up to 10 attempts)
 * or were left half-done for 2 minutes (a process died), each claimed once.
 */
export async function retryPaymentEvents(container: MedusaContainer, now = new Date()) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const claimed = await service.claimRetryablePaymentEvents(new Date(now.getTime() - 2 * 60_000), MAX_PAYMENT_EVENT_ATTEMPTS, 50, now)
  const results: Awaited<ReturnType<typeof processPaymentEvent>>[] = []
  for (const e of claimed) results.push(await processPaymentEvent(container, e.id, { claimed: true }))
  return results
}

export default async function retryPaymentEventsJob(container: MedusaContainer) {
  const results = await retryPaymentEvents(container)
  if (results.length) {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: retried ${results.length} payment events, ${results.filter((r) => r.status === "failed").length} still failing`)
  }
}

export const config = { name: "order-management-retry-payment-events", schedule: "* * * * *" }
