import type { MedusaContainer } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { readOrderForSync } from "./utils/read-order-for-sync"
import { toMinorUnits } from "../utils/money"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { syncOrderLifecycleWorkflow } from "./sync-order-lifecycle"
import { activateAfterApproval } from "./run-lifecycle-action"

const SYNCED_TTL_MS = 10 * 60_000
const SYNCED_MAX = 10_000
/** Payments whose capture this process applied and synced into the lifecycle under the order's lock (id → when). */
const syncedCaptures = new Map<string, number>()

/**
 * Remember payments this process has just captured and synced (the payment apply path does both under the order's
 * lock): when Medusa's payment.captured for one of them reaches this process, there is nothing left to sync. Bounded
 * (the oldest are forgotten first) and kept 10 minutes; another process receiving the event checks the database.
 */
export function rememberSyncedCaptures(paymentIds: string[]) {
  const now = Date.now()
  for (const id of paymentIds) {
    syncedCaptures.delete(id)
    syncedCaptures.set(id, now)
  }
  while (syncedCaptures.size > SYNCED_MAX) syncedCaptures.delete(syncedCaptures.keys().next().value as string)
}

/** True (once) when this process synced the capture of `paymentId` within the last 10 minutes. */
export function takeSyncedCapture(paymentId: string): boolean {
  const at = syncedCaptures.get(paymentId)
  if (at === undefined) return false
  syncedCaptures.delete(paymentId)
  return Date.now() - at < SYNCED_TTL_MS
}

/**
 * Sync an order after Medusa captured money for it, unless the lifecycle already shows exactly that capture (the
 * plugin's own payment path syncs under the order's lock before Medusa's payment.captured reaches the worker; a
 * second full sync would only read everything again). Captures made elsewhere (Medusa's admin, its own webhook
 * route) and canceled orders always sync.
 */
export async function syncOrderAfterCapture(container: MedusaContainer, orderId: string) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await service.findLifecycleByOrder(orderId)
  if (l && ["confirmed", "partially_paid"].includes(l.payment_status)) {
    // one statement (the read the sync itself starts with) rather than the order module's ORM reads
    const o = await readOrderForSync(container, orderId)
    const captured = (o.payment_collections ?? []).filter((c) => c && c.status !== "canceled").reduce((s: any, c) => MathBN.add(s, (c!.captured_amount as any) ?? 0), MathBN.convert(0))
    if (toMinorUnits(captured, o.currency_code) === l.paid_minor) return null
  }
  return syncOrder(container, orderId)
}

/** Sync one order from Medusa's state, then honour `autoActivate` for a freshly auto-approved order. */
export async function syncOrder(container: MedusaContainer, orderId: string) {
  const { result } = await syncOrderLifecycleWorkflow(container).run({ input: { order_id: orderId } })
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const approved = result.transitions.find((t) => t.action === "approve")
  if (approved && service.getOptions().autoActivate) {
    await activateAfterApproval(container, orderId, approved)
  }
  return result
}
