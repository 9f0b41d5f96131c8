import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  capturePaymentWorkflow,
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  processPaymentWorkflow,
} from "@medusajs/medusa/core-flows"
import type { SeededStore } from "./seed-store"

export type PlaceOrderOptions = {
  region?: "cny" | "usd"
  provider?: "pp_system_default" | "pp_deferred_deferred"
  items?: Array<{ variant: keyof SeededStore["variants"]; quantity: number }>
  email?: string
  customer_id?: string
  /** fields of the shipping address to use instead of the default Li Wei in Shanghai */
  shipping_address?: Record<string, string>
}

/**
 * Place an order the way a storefront's checkout does, through Medusa's own
 * cart workflows (reservations included). Faster than HTTP for setting up
 * many orders; the HTTP checkout itself is tested in checkout.spec.ts.
 */
export async function placeOrder(container: MedusaContainer, store: SeededStore, o: PlaceOrderOptions = {}) {
  const region = o.region ?? "cny"
  const items = o.items ?? [{ variant: "tea", quantity: 1 }]
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: store.regions[region],
      sales_channel_id: store.salesChannelId,
      email: o.email ?? "buyer@example.com",
      customer_id: o.customer_id,
      currency_code: region,
      shipping_address: { first_name: "Li", last_name: "Wei", address_1: "88 Nanjing Rd", city: "Shanghai", country_code: region === "cny" ? "cn" : "us", postal_code: "200001", ...o.shipping_address },
      items: items.map((i) => ({ variant_id: store.variants[i.variant], quantity: i.quantity })),
    },
  })
  if (items.some((i) => i.variant !== "membership")) {
    await addShippingMethodToCartWorkflow(container).run({
      input: { cart_id: cart.id, options: [{ id: store.shippingOptionIds[region] }] },
    })
  }
  await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [withCollection] } = await query.graph({
    entity: "cart",
    fields: ["id", "payment_collection.id"],
    filters: { id: cart.id },
  })
  const { result: session } = await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: withCollection.payment_collection!.id, provider_id: o.provider ?? "pp_system_default" },
  })
  const { result } = await completeCartWorkflow(container).run({ input: { id: cart.id } })
  return { order_id: result.id, cart_id: cart.id, session_id: session.id }
}

/** Capture an order's payment the way Medusa does for each provider. */
export async function payOrder(container: MedusaContainer, placed: { order_id: string; session_id: string }) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [session] } = await query.graph({
    entity: "payment_session",
    fields: ["id", "provider_id", "amount", "currency_code", "data", "payment.id"],
    filters: { id: placed.session_id },
  })
  if (session.provider_id === "pp_deferred_deferred") {
    // the money arrived: the platform would say so; here the session data does
    await container.resolve(Modules.PAYMENT).updatePaymentSession({
      id: session.id,
      data: { ...(session.data ?? {}), paid: true },
      amount: session.amount,
      currency_code: session.currency_code,
    })
    await processPaymentWorkflow(container).run({
      input: { action: "captured", data: { session_id: session.id, amount: session.amount } } as any,
    })
    return
  }
  await capturePaymentWorkflow(container).run({ input: { payment_id: session.payment!.id } })
}
