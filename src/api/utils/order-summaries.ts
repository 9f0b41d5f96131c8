import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { personName } from "../../utils/person-name"

export type OrderSummary = {
  customer_name: string | null
  items: Array<{ title: string; quantity: number }>
  item_count: number
}

/** Customer name and an items summary for a page of orders (one query, bounded by the page size). */
export async function orderSummaries(container: MedusaContainer, orderIds: string[]): Promise<Record<string, OrderSummary>> {
  if (!orderIds.length) {
    return {}
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "customer.first_name",
      "customer.last_name",
      "shipping_address.first_name",
      "shipping_address.last_name",
      "items.title",
      "items.product_title",
      "items.detail.quantity",
    ],
    filters: { id: orderIds },
  })
  const out: Record<string, OrderSummary> = {}
  for (const o of data as any[]) {
    const person = o.customer?.first_name || o.customer?.last_name ? o.customer : o.shipping_address
    const name = personName(person?.first_name, person?.last_name)
    const items = (o.items ?? []).map((i: any) => ({
      title: i.product_title ?? i.title,
      quantity: MathBN.convert(i.detail?.quantity ?? 0).toNumber(),
    }))
    out[o.id] = { customer_name: name, items, item_count: items.reduce((n: number, i: any) => n + i.quantity, 0) }
  }
  return out
}

/** Emails of the admin users named in history rows, so the timeline shows who acted. */
export async function userEmails(container: MedusaContainer, ids: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(ids.filter((id) => id?.startsWith("user_")))]
  if (!unique.length) {
    return {}
  }
  const users = await container.resolve(Modules.USER).listUsers({ id: unique }, { select: ["id", "email"] })
  return Object.fromEntries(users.map((u) => [u.id, u.email]))
}
