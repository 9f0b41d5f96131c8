import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import { processPaymentEvent, type InboxResult } from "../payment-inbox"

/** An inbox row as the admin sees it: never the payload (the platform's raw message). */
export function publicPaymentEvent(e: any) {
  if (!e) return e
  const { payload, raw_amount_minor, deleted_at, ...rest } = e
  return rest
}

/**
 * "Re-process callback": apply a stored inbox event again through the same path as the retry job
 * (processPaymentEvent: the stored, verified report; amount and currency checks; capture or flag under the order's
 * lock). Only failed and ignored events, and ones left half-done for 2 minutes, are replayed; 409 "already processed"
 * for a processed one, 409 while another caller applies it; 404 for an unknown id. Nothing of the request reaches
 * the report: there is no body. The order's history records it (action `payment_event_replayed`, the admin, the
 * outcome or the error). Returns `{ event, result }` (result: InboxResult).
 */
export async function replayPaymentEvent(container: MedusaContainer, input: { event_id: string; actor: Actor }): Promise<{ event: any; result: InboxResult }> {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const { event, previous_status } = await om.claimPaymentEventForReplay(input.event_id)
  const result = await processPaymentEvent(container, event.id, { claimed: true })
  const after = await om.findPaymentEvent(event.id)
  const orderId = (result as any).order_id ?? after.order_id ?? null
  if (orderId && (await om.findLifecycleByOrder(orderId))) {
    const what = result.status === "failed" ? `failed again: ${result.error}` : result.status === "duplicate" ? "already taken by another caller" : `${result.status} (${result.outcome})`
    await om.recordEvent(orderId, {
      action: "payment_event_replayed",
      actor: input.actor,
      reason: `callback re-processed: ${what}`,
      metadata: { payment_event_id: event.id, provider: event.provider, previous_status, status: after.status, outcome: after.outcome ?? null, error: after.error ?? null, attempts: after.attempts },
    })
  } else {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: payment event ${event.id} re-processed without an order (${result.status})`)
  }
  return { event: publicPaymentEvent(after), result }
}
