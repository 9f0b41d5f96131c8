import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { BALANCE_MODULE } from "../../modules/balance"
import type BalanceModuleService from "../../modules/balance/service"
import { toMinorUnits } from "../../utils/money"

/** What the plugin keeps on the draft order (`order.metadata.manual_order`). */
export type ManualOrderMeta = {
  manual_discount: null | { type: "amount" | "percent"; value: number; reason: string; promotion_id: string; code: string }
  balance_minor: number
  points: number
  notes: string | null
  marks: string[]
  communication: null | { channel: string; summary: string }
  created_by: string | null
  /** the customer was created for this order (and is deleted with a draft that fails to be made) */
  created_customer: boolean
  /** set once placed: what was debited */
  balance_entry_id?: string | null
  finish?: string | null
}

export const EMPTY_META: ManualOrderMeta = {
  manual_discount: null,
  balance_minor: 0,
  points: 0,
  notes: null,
  marks: [],
  communication: null,
  created_by: null,
  created_customer: false,
}

export type ManualOrderView = {
  id: string
  status: "draft" | "placed"
  order_id: string | null
  display_id: number | null
  region_id: string
  sales_channel_id: string | null
  currency_code: string
  customer: null | { id: string; email: string | null; first_name: string | null; last_name: string | null; phone: string | null; balance_minor: number; points: number | null }
  items: Array<{
    id: string
    variant_id: string | null
    title: string
    variant_title: string | null
    sku: string | null
    quantity: number
    unit_price_minor: number
    subtotal_minor: number
    discount_minor: number
    tax_minor: number
    total_minor: number
    requires_shipping: boolean
  }>
  shipping: null | { id: string; option_id: string | null; name: string; amount_minor: number; total_minor: number }
  shipping_address: Record<string, unknown> | null
  /** the promotion codes applied (the manual discount's promotion left out), each with the discount it gave (its line and shipping adjustments) */
  promotions: Array<{ id: string; code: string; amount_minor: number }>
  manual_discount: null | { type: "amount" | "percent"; value: number; reason: string; amount_minor: number }
  balance_minor: number
  points: number
  points_value_minor: number
  item_subtotal_minor: number
  subtotal_minor: number
  discount_total_minor: number
  tax_total_minor: number
  shipping_total_minor: number
  total_minor: number
  to_pay_minor: number
  notes: string | null
  marks: string[]
  communication: null | { channel: string; summary: string }
  warnings: string[]
}

export const DRAFT_FIELDS = [
  "id",
  "display_id",
  "status",
  "is_draft_order",
  "region_id",
  "sales_channel_id",
  "currency_code",
  "customer_id",
  "email",
  "metadata",
  "total",
  "subtotal",
  "item_subtotal",
  "tax_total",
  "discount_total",
  "shipping_total",
  "credit_line_total",
  "items.id",
  "items.title",
  "items.product_title",
  "items.variant_id",
  "items.variant_title",
  "items.variant_sku",
  "items.quantity",
  "items.unit_price",
  "items.subtotal",
  "items.total",
  "items.tax_total",
  "items.discount_total",
  "items.requires_shipping",
  "items.adjustments.id",
  "items.adjustments.code",
  "items.adjustments.amount",
  "items.adjustments.promotion_id",
  "shipping_methods.id",
  "shipping_methods.name",
  "shipping_methods.shipping_option_id",
  "shipping_methods.amount",
  "shipping_methods.total",
  "shipping_methods.adjustments.id",
  "shipping_methods.adjustments.code",
  "shipping_methods.adjustments.amount",
  "shipping_methods.adjustments.promotion_id",
  "shipping_address.*",
  "promotions.id",
  "promotions.code",
  "customer.id",
  "customer.email",
  "customer.first_name",
  "customer.last_name",
  "customer.phone",
]

/** The plugin's facts on a draft (defaults filled in). */
export function metaOf(order: { metadata?: Record<string, unknown> | null }): ManualOrderMeta {
  const m = (order.metadata?.manual_order ?? null) as Partial<ManualOrderMeta> | null
  return { ...EMPTY_META, ...(m ?? {}), marks: [...(m?.marks ?? [])] }
}

/** Medusa's order as the manual-order workflows read it; 404 when there is none or it is not a manual order. */
export async function readDraftOrder(container: MedusaContainer, id: string, opts: { allowPlaced?: boolean } = {}): Promise<any> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({ entity: "order", fields: DRAFT_FIELDS, filters: { id } })
  if (!order || !(order as any).metadata?.manual_order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Manual order ${id} was not found`)
  }
  if (!opts.allowPlaced && !(order as any).is_draft_order) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Manual order ${id} was already placed; it can no longer be changed`)
  }
  return order
}

/** Points helper functions, when the points capability is installed (src/workflows/points); null otherwise. */
export function pointsApi(): null | {
  pointsValueMinor: (c: MedusaContainer, points: number, currency: string) => number
  redeemPointsForOrder: (c: MedusaContainer, input: any) => Promise<any>
  refundPointsForOrder: (c: MedusaContainer, input: any) => Promise<any>
  maxRedeemablePoints?: (c: MedusaContainer, totalMinor: number, currency: string) => number
} {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require("../points")
    return typeof m?.redeemPointsForOrder === "function" ? m : null
  } catch {
    return null
  }
}

/** A customer's points balance (null when points are not installed). */
export async function pointsBalanceOf(container: MedusaContainer, customerId: string): Promise<number | null> {
  try {
    const svc: any = container.resolve("points")
    return typeof svc?.balanceOf === "function" ? Number(await svc.balanceOf(customerId)) : null
  } catch {
    return null
  }
}

/**
 * The priced view of a manual order (a Medusa draft order or the order it became): items with unit price, line
 * totals and tax, shipping, promotions, the manual discount, the deductions and what is left to pay — all in
 * minor units of the order's currency.
 */
export async function viewOf(container: MedusaContainer, order: any): Promise<ManualOrderView> {
  const cur = String(order.currency_code)
  const m = (v: unknown) => (v === null || v === undefined ? 0 : toMinorUnits(v as any, cur))
  const meta = metaOf(order)
  const manualPromo = meta.manual_discount?.promotion_id ?? null
  const items = (order.items ?? []).filter(Boolean)
  const manualMinor = items.reduce(
    (s: number, i: any) => s + (i.adjustments ?? []).filter((a: any) => a && manualPromo && a.promotion_id === manualPromo).reduce((x: number, a: any) => x + m(a.amount), 0),
    0
  )
  const balance = order.customer_id ? await (container.resolve(BALANCE_MODULE) as BalanceModuleService).balanceOf(order.customer_id, cur) : 0
  const points = order.customer_id ? await pointsBalanceOf(container, order.customer_id) : null
  const api = pointsApi()
  let pointsValue = 0
  if (meta.points > 0 && api) {
    try {
      pointsValue = api.pointsValueMinor(container, meta.points, cur)
    } catch {
      pointsValue = 0
    }
  }
  const sm = (order.shipping_methods ?? []).filter(Boolean)[0] ?? null
  // what each promotion took off: its adjustments on the lines and on shipping (by promotion, else by code)
  const adjustments = [...items, ...(order.shipping_methods ?? []).filter(Boolean)].flatMap((x: any) => (x.adjustments ?? []).filter(Boolean))
  const promotionMinor = (p: { id: string; code: string }) =>
    adjustments.filter((a: any) => (a.promotion_id ? a.promotion_id === p.id : !!p.code && a.code === p.code)).reduce((x: number, a: any) => x + m(a.amount), 0)
  const total = m(order.total)
  const warnings: string[] = []
  if (items.some((i: any) => i.requires_shipping) && !sm) warnings.push("No shipping option is chosen for items that need shipping")
  if (items.some((i: any) => i.requires_shipping) && !order.shipping_address) warnings.push("No shipping address")
  if (meta.points > 0 && !api) warnings.push("Points are not available in this store")
  const placed = !order.is_draft_order
  // once placed, the deductions are credit lines in Medusa's total already
  const toPay = placed ? total : Math.max(0, total - meta.balance_minor - pointsValue)
  return {
    id: order.id,
    status: placed ? "placed" : "draft",
    order_id: placed ? order.id : null,
    display_id: order.display_id ?? null,
    region_id: order.region_id,
    sales_channel_id: order.sales_channel_id ?? null,
    currency_code: cur,
    customer: order.customer
      ? {
          id: order.customer.id,
          email: order.customer.email ?? order.email ?? null,
          first_name: order.customer.first_name ?? null,
          last_name: order.customer.last_name ?? null,
          phone: order.customer.phone ?? null,
          balance_minor: balance,
          points,
        }
      : null,
    items: items.map((i: any) => ({
      id: i.id,
      variant_id: i.variant_id ?? null,
      title: i.product_title ?? i.title,
      variant_title: i.variant_title ?? null,
      sku: i.variant_sku ?? null,
      quantity: Number(i.quantity),
      unit_price_minor: m(i.unit_price),
      subtotal_minor: m(i.subtotal),
      discount_minor: m(i.discount_total),
      tax_minor: m(i.tax_total),
      total_minor: m(i.total),
      requires_shipping: !!i.requires_shipping,
    })),
    shipping: sm ? { id: sm.id, option_id: sm.shipping_option_id ?? null, name: sm.name, amount_minor: m(sm.amount), total_minor: m(sm.total) } : null,
    shipping_address: order.shipping_address ?? null,
    promotions: (order.promotions ?? []).filter((p: any) => p && p.id !== manualPromo).map((p: any) => ({ id: p.id, code: p.code, amount_minor: promotionMinor(p) })),
    manual_discount: meta.manual_discount
      ? { type: meta.manual_discount.type, value: meta.manual_discount.value, reason: meta.manual_discount.reason, amount_minor: manualMinor }
      : null,
    balance_minor: meta.balance_minor,
    points: meta.points,
    points_value_minor: pointsValue,
    item_subtotal_minor: m(order.item_subtotal),
    subtotal_minor: m(order.subtotal),
    discount_total_minor: m(order.discount_total),
    tax_total_minor: m(order.tax_total),
    shipping_total_minor: m(order.shipping_total),
    total_minor: placed ? total + meta.balance_minor + pointsValue : total,
    to_pay_minor: toPay,
    notes: meta.notes,
    marks: meta.marks,
    communication: meta.communication,
    warnings,
  }
}

/** Read and price a manual order; 404 when unknown. */
export async function readManualOrder(container: MedusaContainer, id: string): Promise<ManualOrderView> {
  return viewOf(container, await readDraftOrder(container, id, { allowPlaced: true }))
}
