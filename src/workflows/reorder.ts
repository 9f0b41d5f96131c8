import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { addToCartWorkflow, createCartWorkflow } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import { isPaymentFeeLine } from "../utils/payment-fee"
import type OrderManagementModuleService from "../modules/order-management/service"

const ADDRESS = ["first_name", "last_name", "company", "address_1", "address_2", "city", "province", "postal_code", "country_code", "phone"]

/**
 * A new cart with a canceled order's items, region, email and addresses, so
 * the buyer can check out again. Items that can no longer be bought (variant
 * gone, out of stock) are skipped and reported.
 */
export async function reorderToCart(container: MedusaContainer, orderId: string) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await service.retrieveLifecycleByOrder(orderId)
  if (l.payment_status !== "canceled") {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      l.payment_status === "pending" ? "This order is still open: pay it again instead of reordering" : `Cannot reorder: the order is ${l.payment_status}`
    )
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({
    entity: "order",
    fields: [
      "id", "region_id", "sales_channel_id", "currency_code", "email", "customer_id",
      ...ADDRESS.map((f) => `shipping_address.${f}`), ...ADDRESS.map((f) => `billing_address.${f}`),
      "items.title", "items.variant_id", "items.metadata", "items.detail.quantity",
    ],
    filters: { id: orderId },
  })
  const o = order as any
  const pick = (a: any) => (a ? Object.fromEntries(ADDRESS.filter((f) => a[f] != null).map((f) => [f, a[f]])) : undefined)
  // a payment fee line is not an item to buy again (the new checkout adds its own)
  const wanted = (o.items ?? []).filter((i: any) => !isPaymentFeeLine(i)).map((i: any) => ({ variant_id: i.variant_id, title: i.title, quantity: MathBN.convert(i.detail?.quantity ?? 0).toNumber() }))
  const skipped: Array<{ title: string; reason: string }> = wanted.filter((i: any) => !i.variant_id).map((i: any) => ({ title: i.title, reason: "no longer for sale" }))
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: o.region_id,
      sales_channel_id: o.sales_channel_id,
      currency_code: o.currency_code,
      email: o.email,
      customer_id: o.customer_id ?? undefined,
      shipping_address: pick(o.shipping_address),
      billing_address: pick(o.billing_address),
      metadata: { reordered_from: o.id },
    },
  })
  for (const item of wanted.filter((i: any) => i.variant_id)) {
    try {
      await addToCartWorkflow(container).run({ input: { cart_id: cart.id, items: [{ variant_id: item.variant_id, quantity: item.quantity }] } })
    } catch (e) {
      skipped.push({ title: item.title, reason: (e as Error).message })
    }
  }
  return { cart_id: cart.id, reordered_from: o.id, skipped }
}
