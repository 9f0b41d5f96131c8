import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export type OrderPaymentContext = {
  order_id: string
  cart_id: string | null
  sessions: Array<{ id: string; status: string; provider_id: string; amount: unknown; currency_code: string; data: Record<string, unknown> | null }>
}

/** An order's cart (the key Medusa's payment processing locks) and its payment sessions. */
export async function orderPaymentContext(container: MedusaContainer, orderId: string): Promise<OrderPaymentContext> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: carts }, { data: [order] }] = await Promise.all([
    query.graph({ entity: "order_cart", fields: ["cart_id"], filters: { order_id: orderId } }),
    query.graph({
      entity: "order",
      fields: [
        "id",
        "payment_collections.payment_sessions.id",
        "payment_collections.payment_sessions.status",
        "payment_collections.payment_sessions.provider_id",
        "payment_collections.payment_sessions.amount",
        "payment_collections.payment_sessions.currency_code",
        "payment_collections.payment_sessions.data",
      ],
      filters: { id: orderId },
    }),
  ])
  const sessions = ((order?.payment_collections ?? []) as any[]).flatMap((c) => c?.payment_sessions ?? [])
  return { order_id: orderId, cart_id: (carts[0] as any)?.cart_id ?? null, sessions }
}

/** The cart an order was placed from (the key Medusa's payment processing locks), or null. */
export async function cartIdOfOrder(container: MedusaContainer, orderId: string): Promise<string | null> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order_cart", fields: ["cart_id"], filters: { order_id: orderId } })
  return (data[0] as any)?.cart_id ?? null
}

/** The order a payment session belongs to (session → collection → order; pass the collection id when known). */
export async function orderIdOfSession(container: MedusaContainer, sessionId: string, paymentCollectionId?: string | null): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let collectionId = paymentCollectionId ?? null
  if (!collectionId) {
    const { data: [session] } = await query.graph({ entity: "payment_session", fields: ["id", "payment_collection_id"], filters: { id: sessionId } })
    if (!session) return null
    collectionId = (session as any).payment_collection_id
  }
  if (!collectionId) return null
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  return (links[0] as any)?.order_id ?? null
}
