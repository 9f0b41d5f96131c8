import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { toMinorUnits } from "../../utils/money"

export type OrderPointsFacts = {
  order_id: string
  customer_id: string | null
  /** the customer has an account (guests earn nothing) */
  has_account: boolean
  currency_code: string
  /** Medusa's order total (after discounts and credit lines such as points), minor units */
  total_minor: number
  /** every refund on the order's payments, oldest first (minor units) */
  refunds: Array<{ id: string; amount_minor: number; created_at: string }>
}

/** What points need to know about an order: its customer, total and refunds (null when the order does not exist). */
export async function orderPointsFacts(container: { resolve: (k: string) => any }, orderId: string): Promise<OrderPointsFacts | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [o] } = await query.graph({
    entity: "order",
    fields: ["id", "customer_id", "currency_code", "total", "customer.has_account", "payment_collections.payments.refunds.id", "payment_collections.payments.refunds.amount", "payment_collections.payments.refunds.created_at"],
    filters: { id: orderId },
  })
  if (!o) return null
  const cur = String((o as any).currency_code).toLowerCase()
  const refunds = ((o as any).payment_collections ?? [])
    .flatMap((c: any) => c?.payments ?? [])
    .flatMap((p: any) => p?.refunds ?? [])
    .filter(Boolean)
    .map((r: any) => ({ id: r.id as string, amount_minor: toMinorUnits(r.amount, cur), created_at: new Date(r.created_at).toISOString() }))
    .sort((a: any, b: any) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1))
  return {
    order_id: (o as any).id,
    customer_id: (o as any).customer_id ?? null,
    has_account: !!(o as any).customer?.has_account,
    currency_code: cur,
    total_minor: toMinorUnits((o as any).total ?? 0, cur),
    refunds,
  }
}
