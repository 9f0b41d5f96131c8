import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"

type Need = { line_item_id: string; inventory_item_id: string; title: string; quantity: number; location_id: string | null }

/**
 * Reserve an order's managed-inventory items again (for a revived order), at
 * the location they were reserved at before, under the inventory lock core
 * steps use. If any item lacks stock, nothing is reserved and the error names
 * every item that cannot be reserved.
 */
export const reserveOrderItemsStep = createStep(
  "order-management-reserve-order-items",
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const inventory = container.resolve(Modules.INVENTORY)
    const locking = container.resolve(Modules.LOCKING)
    const { data: [order] } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "sales_channel_id",
        "items.id",
        "items.title",
        "items.detail.quantity",
        "items.variant.manage_inventory",
        "items.variant.inventory_items.required_quantity",
        "items.variant.inventory_items.inventory_item_id",
      ],
      filters: { id: input.order_id },
    })
    const items = ((order as any)?.items ?? []) as any[]
    const previous = await inventory.listReservationItems({ line_item_id: items.map((i) => i.id) }, { withDeleted: true } as any)
    const needs: Need[] = items
      .filter((i) => i.variant?.manage_inventory)
      .flatMap((i) =>
        (i.variant.inventory_items ?? []).map((ii: any) => ({
          line_item_id: i.id,
          inventory_item_id: ii.inventory_item_id,
          title: i.title,
          quantity: MathBN.mult(ii.required_quantity ?? 1, i.detail?.quantity ?? 0).toNumber(),
          location_id: previous.find((r) => r.line_item_id === i.id && r.inventory_item_id === ii.inventory_item_id)?.location_id ?? null,
        }))
      )
    if (!needs.length) return new StepResponse([] as string[], [] as string[])

    const itemIds = [...new Set(needs.map((n) => n.inventory_item_id))]
    const created = await locking.execute(itemIds, async () => {
      const missing: string[] = []
      for (const n of needs) {
        if (!n.location_id) {
          missing.push(`${n.title} (no stock location known)`)
          continue
        }
        const available = MathBN.convert(await inventory.retrieveAvailableQuantity(n.inventory_item_id, [n.location_id])).toNumber()
        if (available < n.quantity) missing.push(`${n.title} (needs ${n.quantity}, ${Math.max(available, 0)} available)`)
      }
      if (missing.length) {
        throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot revive this order: not enough stock for ${missing.join(", ")}`)
      }
      return inventory.createReservationItems(
        needs.map((n) => ({ line_item_id: n.line_item_id, inventory_item_id: n.inventory_item_id, location_id: n.location_id!, quantity: n.quantity, description: "revived after a late payment" }))
      )
    })
    const ids = created.map((r) => r.id)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (ids?.length) await container.resolve(Modules.INVENTORY).deleteReservationItems(ids)
  }
)

/** Put a canceled Medusa order back to pending with its payment collections completed (the money is captured). */
export const reopenMedusaOrderStep = createStep(
  "order-management-reopen-medusa-order",
  async (input: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: [order] } = await query.graph({
      entity: "order",
      fields: ["id", "status", "canceled_at", "payment_collections.id", "payment_collections.status"],
      filters: { id: input.order_id },
    })
    const o = order as any
    await container.resolve(Modules.ORDER).updateOrders([{ id: o.id, status: "pending", canceled_at: null } as any])
    const collections = (o.payment_collections ?? []).filter((c: any) => c?.status === "canceled")
    const payment = container.resolve(Modules.PAYMENT)
    for (const c of collections) await payment.updatePaymentCollections(c.id, { status: "completed" } as any)
    return new StepResponse(null, { order_id: o.id, status: o.status, canceled_at: o.canceled_at, collections: collections.map((c: any) => c.id) })
  },
  async (prev, { container }) => {
    if (!prev) return
    await container.resolve(Modules.ORDER).updateOrders([{ id: prev.order_id, status: prev.status, canceled_at: prev.canceled_at } as any])
    const payment = container.resolve(Modules.PAYMENT)
    for (const id of prev.collections) await payment.updatePaymentCollections(id, { status: "canceled" } as any)
  }
)
