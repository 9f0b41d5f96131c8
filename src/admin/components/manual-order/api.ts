import { sdk } from "../../lib/sdk"

/** A customer as the manual-order page shows it (Medusa's customer, with the plugin's search). */
export type MoCustomer = { id: string; email: string; first_name: string | null; last_name: string | null; phone: string | null; name?: string | null }

/** What the page asks the server to build (POST /admin/order-management/manual-orders; amounts in minor units). */
export type ManualOrderInput = {
  customer_id?: string
  customer?: { first_name: string; last_name: string; email: string; phone?: string }
  region_id: string
  items: Array<{ variant_id: string; quantity: number }>
  shipping_address?: Record<string, string> | null
  shipping_option_id?: string | null
  promo_codes?: string[]
  manual_discount?: { type: "amount" | "percent"; value: number; reason: string } | null
  balance_minor?: number
  points?: number
  notes?: string | null
  marks?: string[]
  communication?: { channel: string; summary: string } | null
}

export type ManualOrderItem = {
  id?: string
  variant_id: string
  title: string
  variant_title?: string | null
  sku?: string | null
  quantity: number
  unit_price_minor: number
  subtotal_minor?: number
  discount_minor?: number
  tax_minor?: number
  total_minor: number
  requires_shipping?: boolean
}


/** The priced draft the server answers with (all amounts in minor units of `currency_code`; see docs/manual-orders.md). */
export type ManualOrder = {
  id: string
  status?: "draft" | "placed"
  order_id?: string | null
  region_id?: string
  currency_code: string
  customer?: (MoCustomer & { balance_minor?: number; points?: number | null }) | null
  items: ManualOrderItem[]
  shipping?: { option_id: string; name: string; amount_minor: number; total_minor?: number } | null
  /** the codes applied, each with the discount it gave (minor units); the manual discount is apart */
  promotions?: Array<{ code: string; id?: string; amount_minor?: number }>
  manual_discount?: { type: "amount" | "percent"; value: number; reason: string; amount_minor: number } | null
  balance_minor?: number
  points?: number
  points_value_minor?: number
  /** the items before discounts, excl. tax (subtotal_minor includes shipping) */
  item_subtotal_minor?: number
  subtotal_minor: number
  discount_total_minor: number
  tax_total_minor: number
  shipping_total_minor: number
  total_minor: number
  to_pay_minor: number
  warnings?: string[]
}

export type FinishBody = { finish: "mark_paid" | "payment_link" | "unpaid"; payment?: { method: "cash" | "bank_transfer"; reference?: string } }

export type ProductHit = {
  id: string
  title: string
  thumbnail?: string | null
  shipping_profile?: { id: string } | null
  variants: Array<{
    id: string
    title: string
    sku: string | null
    manage_inventory?: boolean
    options?: Array<{ value: string; option?: { title: string } | null }>
    inventory_items?: Array<{ required_quantity?: number; inventory?: { location_levels?: Array<{ location_id: string; available_quantity: number }> } | null }>
  }>
}

const PRODUCT_FIELDS = [
  "id", "title", "thumbnail", "shipping_profile.id",
  "variants.id", "variants.title", "variants.sku", "variants.manage_inventory",
  "variants.options.value", "variants.options.option.title",
  "variants.inventory_items.required_quantity",
  // the level's computed available_quantity (stocked − reserved) comes only with the whole level
  "variants.inventory_items.inventory.location_levels.*",
].join(",")

const BASE = "/admin/order-management/manual-orders"

/** The manual-order page's client: the plugin's manual-order routes and the Medusa admin routes it reads. */
export const moApi = {
  searchCustomers: (q: string) =>
    sdk.client.fetch<{ customers: MoCustomer[] }>("/admin/order-management/customers", { query: { q, limit: 8 } }),
  customer: (customerId: string) =>
    sdk.client.fetch<{ customer: MoCustomer }>(`/admin/customers/${customerId}`, { query: { fields: "id,email,first_name,last_name,phone" } }),
  balance: (customerId: string) =>
    sdk.client.fetch<{ balances: Array<{ currency_code: string; balance_minor: number }> }>(`/admin/order-management/customers/${customerId}/balance`, { query: { limit: 1 } }),
  points: (customerId: string) =>
    sdk.client.fetch<Record<string, any>>(`/admin/order-management/customers/${customerId}/points`, { query: { limit: 1 } }),
  recentOrders: (customerId: string) =>
    sdk.client.fetch<{ orders: Array<{ id: string; display_id: number; created_at: string; total: number; currency_code: string; status: string }> }>("/admin/orders", {
      query: { customer_id: customerId, limit: 5, order: "-created_at", fields: "id,display_id,created_at,total,currency_code,status" },
    }),
  regions: () => sdk.client.fetch<{ regions: Array<{ id: string; name: string; currency_code: string; countries?: Array<{ iso_2: string; display_name: string }> }> }>("/admin/regions", { query: { limit: 50, fields: "id,name,currency_code,countries.iso_2,countries.display_name" } }),
  stockLocations: () => sdk.client.fetch<{ stock_locations: Array<{ id: string; name: string }> }>("/admin/stock-locations", { query: { limit: 50, fields: "id,name" } }),
  searchProducts: (q: string) =>
    sdk.client.fetch<{ products: ProductHit[] }>("/admin/products", { query: { q, limit: 8, fields: PRODUCT_FIELDS } }),
  /** Shipping options that are not return options, each with its price in the region (Medusa's amounts: major units). */
  shippingOptions: async (regionId: string, currency: string) => {
    const r = await sdk.client.fetch<{ shipping_options: Array<{ id: string; name: string; rules?: Array<{ attribute: string; value: string }>; prices?: Array<{ currency_code: string; amount: number; price_rules?: Array<{ attribute: string; value: string }> }> }> }>(
      "/admin/shipping-options",
      { query: { limit: 100, fields: "id,name,rules.attribute,rules.value,prices.currency_code,prices.amount,prices.price_rules.attribute,prices.price_rules.value" } }
    )
    return r.shipping_options
      .filter((o) => !(o.rules ?? []).some((x) => x.attribute === "is_return" && x.value === "true"))
      .map((o) => {
        const price = (o.prices ?? []).find((p) => (p.price_rules ?? []).some((x) => x.attribute === "region_id" && x.value === regionId))
          ?? (o.prices ?? []).find((p) => p.currency_code === currency && !(p.price_rules ?? []).length)
        return { id: o.id, name: o.name, amount: price ? price.amount : null }
      })
      .filter((o) => o.amount !== null) as Array<{ id: string; name: string; amount: number }>
  },
  config: () => sdk.client.fetch<{ time_zone: string; required_address_fields?: string[] }>("/admin/order-management/config"),
  create: (body: ManualOrderInput) => sdk.client.fetch<{ manual_order: ManualOrder }>(BASE, { method: "POST", body }),
  update: (id: string, body: Partial<ManualOrderInput>) => sdk.client.fetch<{ manual_order: ManualOrder }>(`${BASE}/${id}`, { method: "POST", body }),
  discard: (id: string) => sdk.client.fetch(`${BASE}/${id}`, { method: "DELETE" }),
  complete: (id: string, body: FinishBody) =>
    sdk.client.fetch<{ order_id: string; display_id?: number; finish: string; payment_link: string | null }>(`${BASE}/${id}/complete`, { method: "POST", body }),
}

/** A points answer in whichever shape the points route gives: `{ points: { balance } }` or `{ balance }`. */
export const pointsBalanceOf = (r: Record<string, any> | undefined): number | null => {
  if (!r) return null
  const v = r.points?.balance ?? r.balance ?? r.points_balance
  return typeof v === "number" ? v : null
}
