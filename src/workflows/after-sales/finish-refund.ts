import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createAndCompleteReturnOrderWorkflow } from "@medusajs/medusa/core-flows"
import { AFTER_SALES_MODULE } from "../../modules/after-sales"
import type AfterSalesModuleService from "../../modules/after-sales/service"
import type { RefundRequestView } from "../../modules/after-sales/service"
import { REFUND_REQUEST_REFUNDED, SERVICE_REVOKED } from "../../modules/after-sales/events"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { formatMinor } from "../../utils/money"
import { transitionOrderWorkflow } from "../transition-order"
import { refundContext } from "./context"
import { requestEventData } from "./event-data"
import { recordOrderHistory } from "./history"

type Actor = { type: string; id: string | null }

/** Minor units that went back for good: succeeded at the platform, credited, or a manual task handed to staff. */
export const settledMinorOf = (r: Pick<RefundRequestView, "refunds">) => r.refunds.filter((m) => ["succeeded", "credited", "manual_task"].includes(m.status)).reduce((s, m) => s + m.amount_minor, 0)

/** The activated service items of the order (from its dispatch history), each with the quantity activated. */
async function activatedItems(container: MedusaContainer, orderId: string): Promise<Array<{ item_id: string; quantity: number; title?: string | null; variant_id?: string | null }>> {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await om.findLifecycleByOrder(orderId)
  if (!l) return []
  const events = await om.listOrderLifecycleEvents({ lifecycle_id: l.id, action: "dispatch" } as any)
  const out = new Map<string, { item_id: string; quantity: number; title?: string | null; variant_id?: string | null }>()
  for (const e of events as any[]) {
    for (const it of (e.metadata?.activated_items ?? []) as any[]) {
      const id = it.id ?? it.item_id
      if (!id) continue
      const prev = out.get(id)
      out.set(id, { item_id: id, quantity: (prev?.quantity ?? 0) + Number(it.quantity ?? 1), title: it.title ?? null, variant_id: it.variant_id ?? null })
    }
  }
  return [...out.values()]
}

/** Put returned items back in stock at the location: each variant's inventory items times their required quantity. */
async function restock(container: MedusaContainer, orderId: string, items: Array<{ id: string; quantity: number }>, locationId: string) {
  const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["items.id", "items.variant.manage_inventory", "items.variant.inventory_items.inventory_item_id", "items.variant.inventory_items.required_quantity"],
    filters: { id: orderId },
  })
  const adjustments: Array<{ inventoryItemId: string; locationId: string; adjustment: number }> = []
  for (const it of items) {
    const v = ((o as any)?.items ?? []).find((x: any) => x.id === it.id)?.variant
    if (!v?.manage_inventory) continue
    for (const link of v.inventory_items ?? []) adjustments.push({ inventoryItemId: link.inventory_item_id, locationId, adjustment: it.quantity * Number(link.required_quantity ?? 1) })
  }
  if (adjustments.length) await container.resolve(Modules.INVENTORY).adjustInventory(adjustments as any)
  return adjustments.map((a) => ({ inventory_item_id: a.inventoryItemId, location_id: a.locationId, quantity: a.adjustment }))
}

/** A return shipping option (rule is_return = true), at the location when one is given; null when the store has none. */
async function returnShippingOptionFor(container: MedusaContainer, locationId: string | null): Promise<string | null> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "shipping_option", fields: ["id", "rules.attribute", "rules.value", "service_zone.fulfillment_set.location.id"] })
  const returns = (data as any[]).filter((o) => (o.rules ?? []).some((x: any) => x.attribute === "is_return" && String(x.value) === "true"))
  const here = locationId ? returns.find((o) => o.service_zone?.fulfillment_set?.location?.id === locationId) : null
  return (here ?? returns[0])?.id ?? null
}

/**
 * A request whose money went back: processing → refunded, then what follows a refund —
 * - the order fully refunded (nothing refundable left): its fulfilment status becomes refunded (lifecycle action
 *   `refund`, with its event);
 * - activated service items (all of them on a full refund, else the request's items that were activated):
 *   `order_management.service.revoked`, so the store switches the access off;
 * - shipped items named with `return_items`: Medusa's return flow receives them (restocked at the request's
 *   location); a return Medusa refuses is noted in the timeline, the refund stands;
 * - the order's history records reason, amount, destination, actor and result; `order_management.refund_request.refunded`.
 * The balance or points an order granted are taken back by their own ledgers listening to that event (this plugin
 * grants none today).
 */
export async function finishRefundRequest(container: MedusaContainer, id: string, actor: Actor): Promise<RefundRequestView> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const r0 = await afterSales.viewRefundRequest(id)
  const refunded = settledMinorOf(r0)
  await afterSales.moveRefundRequest(id, ["processing"], "refunded", { refunded_minor: refunded }, {
    action: "refunded",
    actor,
    message: `${formatMinor(refunded, r0.currency_code)} refunded to ${r0.destination === "balance" ? "the customer's balance" : "the original payment method"}`,
  })
  const r = await afterSales.viewRefundRequest(id)
  const ctx = await refundContext(container, r.order_id)
  const full = ctx.refundable_minor === 0

  if (full && ctx.payment_status === "confirmed" && ctx.fulfillment_status !== "refunded") {
    try {
      await transitionOrderWorkflow(container).run({ input: { order_id: r.order_id, action: "refund", actor: { type: "system", id: null }, reason: `fully refunded (refund request ${r.id})`, metadata: { refund_request_id: r.id } } })
    } catch (e) {
      if ((e as MedusaError)?.type !== MedusaError.Types.CONFLICT && (e as MedusaError)?.type !== MedusaError.Types.NOT_ALLOWED) throw e
    }
  }

  const activated = await activatedItems(container, r.order_id)
  const revoke = full ? activated : activated.filter((a) => r.items.some((i) => i.item_id === a.item_id)).map((a) => ({ ...a, quantity: Math.min(a.quantity, r.items.find((i) => i.item_id === a.item_id)!.quantity) }))
  if (revoke.length) {
    await container.resolve(Modules.EVENT_BUS).emit({ name: SERVICE_REVOKED, data: { order_id: r.order_id, refund_request_id: r.id, items: revoke } })
    await afterSales.patchRefundRequest(id, {}, { action: "service_revoked", actor: { type: "system", id: null }, message: `${revoke.length} activated service item(s) revoked`, metadata: { items: revoke } })
  }

  if (r.return_items && r.items.length && !r.return_id) {
    try {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["items.id", "items.detail.fulfilled_quantity", "items.detail.return_requested_quantity", "items.detail.return_received_quantity"], filters: { id: r.order_id } })
      const items = r.items
        .map((i) => {
          const d = ((o as any)?.items ?? []).find((x: any) => x.id === i.item_id)?.detail ?? {}
          const returnable = Number(d.fulfilled_quantity ?? 0) - Number(d.return_requested_quantity ?? 0) - Number(d.return_received_quantity ?? 0)
          return { id: i.item_id, quantity: Math.min(i.quantity, returnable) }
        })
        .filter((i) => i.quantity > 0)
      if (items.length) {
        const option = await returnShippingOptionFor(container, r.return_location_id)
        if (!option) throw new Error("the store has no return shipping option (Settings → Locations & Shipping → a return option)")
        const { result } = await createAndCompleteReturnOrderWorkflow(container).run({ input: { order_id: r.order_id, items, receive_now: true, location_id: r.return_location_id ?? undefined, return_shipping: { option_id: option, price: 0 }, note: `refund request ${r.id}` } as any })
        // Medusa's return flow records the goods as received; restocking them is the request's choice (a location)
        const restocked = r.return_location_id ? await restock(container, r.order_id, items, r.return_location_id) : []
        await afterSales.patchRefundRequest(id, { return_id: (result as any)?.id ?? null }, { action: "items_returned", actor, message: `${items.reduce((s, i) => s + i.quantity, 0)} item(s) received back${restocked.length ? " and restocked" : ""}`, metadata: { return_id: (result as any)?.id ?? null, items, restocked } })
      }
    } catch (e) {
      await afterSales.patchRefundRequest(id, {}, { action: "return_failed", actor, message: `Medusa's return flow refused the return: ${(e as Error).message}` })
    }
  }

  await recordOrderHistory(container, r.order_id, {
    action: "refund_request_refunded",
    actor,
    reason: `${formatMinor(refunded, r.currency_code)} refunded to ${r.destination === "balance" ? "the customer's balance" : "the original payment method"} for refund request ${r.id} (${r.reason_code}${r.note ? `: ${r.note}` : ""})${full ? "; the order is fully refunded" : ""}`,
    metadata: { refund_request_id: r.id, amount_minor: refunded, destination: r.destination, reason_code: r.reason_code, result: "refunded", full, refunds: r.refunds.map((m) => ({ refund_id: m.refund_id, platform_refund_no: m.platform_refund_no, status: m.status })) },
  })
  const done = await afterSales.viewRefundRequest(id)
  await container.resolve(Modules.EVENT_BUS).emit({ name: REFUND_REQUEST_REFUNDED, data: requestEventData({ ...done, display_id: ctx.order.display_id }, actor.type, { full }) })
  return done
}
