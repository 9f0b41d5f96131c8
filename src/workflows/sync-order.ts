import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
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
 * plugin's own payment path syncs under the order's lock before Medusa's payment.captured reaches a worker; a
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

/**
 * Medusa's payment.captured for `paymentId`: sync each order the payment's collection belongs to whose lifecycle does
 * not show its collections' captured total yet. On a second worker (the payment apply path ran on another one, so
 * this process has no memo of it) that check is one SQL statement over the payment, order_payment_collection,
 * payment_collection and order_lifecycle tables of Medusa 2.21 and this plugin; where those tables are not in this
 * database (module isolation) it reads through the modules instead. Returns the orders it synced.
 */
export async function syncOrdersAfterPaymentCaptured(container: MedusaContainer, paymentId: string): Promise<string[]> {
  let rows: Array<{ order_id: string; currency_code: string; payment_status: string | null; paid_minor: string | null; captured: string }> | null = null
  if (!capturedSqlUnavailable) {
    try {
      rows = (await (container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any).raw(CAPTURED_SQL, [paymentId])).rows
    } catch (e) {
      if (!["42P01", "42703"].includes((e as any)?.code)) throw e
      capturedSqlUnavailable = true
    }
  }
  const synced: string[] = []
  if (rows) {
    for (const r of rows) {
      const shown = r.payment_status && ["confirmed", "partially_paid"].includes(r.payment_status) && r.paid_minor !== null && toMinorUnits(r.captured, r.currency_code) === Number(r.paid_minor)
      if (shown) continue
      await syncOrder(container, r.order_id)
      synced.push(r.order_id)
    }
    return synced
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [payment] } = await query.graph({ entity: "payment", fields: ["id", "payment_collection_id"], filters: { id: paymentId } })
  const collectionId = (payment as any)?.payment_collection_id
  if (!collectionId) return synced
  const { data: links } = await query.graph({ entity: "order_payment_collection", fields: ["order_id"], filters: { payment_collection_id: collectionId } })
  for (const link of links as any[]) {
    if (await syncOrderAfterCapture(container, link.order_id)) synced.push(link.order_id)
  }
  return synced
}

let capturedSqlUnavailable = false
const CAPTURED_SQL = `
select opc.order_id, o.currency_code, l.payment_status, l.paid_minor::text as paid_minor,
  (select coalesce(sum(coalesce((pc.raw_captured_amount->>'value')::numeric, pc.captured_amount)), 0)::text
     from order_payment_collection opc2 join payment_collection pc on pc.id = opc2.payment_collection_id and pc.deleted_at is null and pc.status <> 'canceled'
     where opc2.order_id = opc.order_id and opc2.deleted_at is null) as captured
from payment p
join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null
join "order" o on o.id = opc.order_id and o.deleted_at is null
left join order_lifecycle l on l.order_id = opc.order_id and l.deleted_at is null
where p.id = ?`

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
