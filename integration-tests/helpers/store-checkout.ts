import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { waitForSubscribers } from "./events"

type Api = { get: (url: string, cfg?: any) => Promise<any>; post: (url: string, body?: any, cfg?: any) => Promise<any> }

export type CheckoutInput = {
  publishableKey: string
  region_id: string
  items: Array<{ variant_id: string; quantity: number }>
  /** a shipping option, when an item is shipped */
  shipping_option_id?: string
  provider_id: string
  data?: Record<string, unknown>
  email?: string
  /** a logged-in customer's bearer token */
  token?: string
}

/**
 * A storefront checkout through the store API, up to the payment session: cart, items, address, shipping, payment
 * collection, session for `provider_id`. Answers with the cart id, the session and the store headers.
 * A refused session answer comes back as `refused` (the HTTP response) instead of throwing.
 */
export async function startStoreCheckout(api: Api, c: CheckoutInput) {
  const headers: Record<string, string> = { "x-publishable-api-key": c.publishableKey, ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) }
  const h = { headers }
  const { data: { cart } } = await api.post("/store/carts", { region_id: c.region_id, email: c.email ?? "shopper@example.com" }, h)
  for (const i of c.items) await api.post(`/store/carts/${cart.id}/line-items`, i, h)
  await api.post(`/store/carts/${cart.id}`, {
    shipping_address: { first_name: "Li", last_name: "Lei", address_1: "1 Nanjing Rd", city: "Shanghai", province: "Shanghai", country_code: "cn", postal_code: "200001", phone: "13800138000" },
  }, h)
  if (c.shipping_option_id) await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: c.shipping_option_id }, h)
  const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h)
  const answer = await api
    .post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: c.provider_id, data: c.data ?? {} }, h)
    .catch((e: any) => e.response)
  const session = answer.status === 200 ? answer.data.payment_collection.payment_sessions.find((s: any) => s.provider_id === c.provider_id) : null
  return { cart_id: cart.id as string, payment_collection_id: payment_collection.id as string, session, refused: session ? null : answer, headers }
}

/** Completes a cart through the store API and waits for the plugin's order.placed subscriber; returns the order id. */
export async function completeStoreCart(api: Api, container: MedusaContainer, cartId: string, headers: Record<string, string>) {
  const placed = waitForSubscribers(container, "order.placed")
  const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, { headers })
  if (data.type !== "order") throw new Error(`cart ${cartId} did not complete: ${JSON.stringify(data).slice(0, 500)}`)
  await placed
  return data.order.id as string
}

/** Every capture and refund amount Medusa recorded for an order (major units, as numbers for assertions). */
export async function moneyMoves(container: MedusaContainer, orderId: string) {
  const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["payment_collections.payments.id", "payment_collections.payments.captures.amount", "payment_collections.payments.refunds.amount"],
    filters: { id: orderId },
  })
  const payments = ((o as any)?.payment_collections ?? []).flatMap((c: any) => c?.payments ?? [])
  return {
    payment_ids: payments.map((p: any) => p.id as string),
    captures: payments.flatMap((p: any) => (p.captures ?? []).map((x: any) => Number(x.amount))),
    refunds: payments.flatMap((p: any) => (p.refunds ?? []).map((x: any) => Number(x.amount))),
  }
}
