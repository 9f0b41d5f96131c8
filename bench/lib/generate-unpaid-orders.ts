import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, generateEntityId } from "@medusajs/framework/utils"
import type { SeededStore } from "../../integration-tests/helpers/seed-store"
import { formatOrderNumber } from "../../src/modules/order-management/lifecycle/order-number"

/**
 * N expired unpaid orders, quickly: orders, payment collections and sessions,
 * and reservations are created in bulk through Medusa's modules (real rows,
 * real reserved stock), with a pending_authorization session each, as a
 * pay-later checkout leaves them. `withLifecycle` adds our records placed a
 * day ago (the release job's input); without it the orders are Medusa-only.
 * `withCarts` adds the completed cart each order came from, linked to the order
 * and to its payment collection, as Medusa's checkout leaves them.
 */
export async function generateUnpaidOrders(
  container: MedusaContainer,
  store: SeededStore,
  n: number,
  opts: { withLifecycle: boolean; withCarts?: boolean; batch?: number; startDisplayId?: number; provider?: string; placedAt?: Date; sessionData?: (i: number) => Record<string, unknown> }
): Promise<string[]> {
  const orderModule = container.resolve(Modules.ORDER)
  const payment = container.resolve(Modules.PAYMENT)
  const inventory = container.resolve(Modules.INVENTORY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const batch = opts.batch ?? 250
  const ids: string[] = []
  const placedAt = opts.placedAt ?? new Date(Date.now() - 86_400_000)
  const provider = opts.provider ?? "pp_deferred_deferred"
  const sessionIds: string[] = []
  for (let done = 0; done < n; done += batch) {
    const size = Math.min(batch, n - done)
    const orders = await orderModule.createOrders(
      Array.from({ length: size }, (_, i) => ({
        region_id: store.regions.cny,
        sales_channel_id: store.salesChannelId,
        currency_code: "cny",
        email: `bench${done + i}@example.com`,
        shipping_address: { first_name: "Bench", last_name: "Buyer", address_1: "1 Test Rd", city: "Shanghai", country_code: "cn" },
        items: [{ title: "Longjing green tea", variant_id: store.variants.tea, quantity: 1, unit_price: 128, requires_shipping: true }],
      })) as any
    )
    const collections = await payment.createPaymentCollections(orders.map(() => ({ currency_code: "cny", amount: 128 })))
    await link.create(
      orders.map((o, i) => ({ [Modules.ORDER]: { order_id: o.id }, [Modules.PAYMENT]: { payment_collection_id: collections[i].id } }))
    )
    if (opts.withCarts) {
      // as a checkout leaves them: the cart the order was placed from, linked to the order and to the payment
      // collection (Medusa's payment processing finds the order and takes its lock through them)
      const carts = await container.resolve(Modules.CART).createCarts(
        orders.map((o) => ({ region_id: store.regions.cny, sales_channel_id: store.salesChannelId, currency_code: "cny", email: o.email!, completed_at: placedAt })) as any
      )
      await link.create(carts.map((c, i) => ({ [Modules.CART]: { cart_id: c.id }, [Modules.PAYMENT]: { payment_collection_id: collections[i].id } })))
      await link.create(carts.map((c, i) => ({ [Modules.ORDER]: { order_id: orders[i].id }, [Modules.CART]: { cart_id: c.id } })))
    }
    for (const [i, c] of collections.entries()) {
      const session = await payment.createPaymentSession(c.id, { provider_id: provider, amount: 128, currency_code: "cny", data: opts.sessionData?.(done + i) ?? {} })
      sessionIds.push(session.id)
      await payment.authorizePaymentSession(session.id, {}) // → pending_authorization
    }
    const full = await orderModule.listOrders({ id: orders.map((o) => o.id) }, { relations: ["items"] })
    await inventory.createReservationItems(
      full.map((o) => ({ line_item_id: o.items![0].id, inventory_item_id: store.inventoryItems.tea, location_id: store.locationId, quantity: 1 }))
    )
    if (opts.withLifecycle) {
      await pg("order_lifecycle").insert(
        full.map((o) => ({
          id: generateEntityId(undefined, "olc"),
          order_id: o.id,
          order_number: formatOrderNumber({ prefix: "BENCH", format: "{prefix}{display_id}", padding: 8 }, o.display_id as number, placedAt),
          display_id: o.display_id,
          payment_status: "pending",
          payment_provider: provider,
          currency_code: "cny",
          total_minor: 12800,
          raw_total_minor: JSON.stringify({ value: "12800", precision: 20 }),
          paid_minor: 0,
          raw_paid_minor: JSON.stringify({ value: "0", precision: 20 }),
          email: o.email,
          placed_at: placedAt,
        }))
      )
    }
    ids.push(...orders.map((o) => o.id))
  }
  lastSessionIds = sessionIds
  return ids
}

/** The payment session ids of the last generateUnpaidOrders call, in order. */
export let lastSessionIds: string[] = []
