import { decorateCartTotals } from "@medusajs/framework/utils"
import { toMinorUnits } from "../../utils/money"

/** An order's amounts as Medusa computes them, in integer minor units of its currency. */
export type OrderBreakdown = { subtotal: number; discount_total: number; shipping_total: number; tax_total: number; total: number }

/**
 * Subtotal, discounts, shipping and tax of orders (their current version), computed by Medusa's own totals function
 * (`decorateCartTotals`, what the order module applies when asked for totals) from the same rows it reads: items with
 * their order_item detail, tax lines and adjustments, shipping methods with theirs, and credit lines. Read in three
 * statements for all `orderIds` (a page), each amount rounded once to the currency's minor units. Orders not found
 * are absent from the map. Costs JavaScript per order, so only exports that ask for these fields pay it.
 */
export async function readBreakdowns(knex: any, orderIds: string[]): Promise<Map<string, OrderBreakdown>> {
  const out = new Map<string, OrderBreakdown>()
  if (!orderIds.length) return out
  const [orders, items, shipping, credits] = await Promise.all([
    knex.raw(`select id, currency_code from "order" where id = any(?) and deleted_at is null`, [orderIds]),
    knex.raw(
      `select it.order_id, li.id, coalesce(it.unit_price, li.unit_price)::text as unit_price, it.quantity::text as quantity, li.is_tax_inclusive,
         it.fulfilled_quantity::text as fulfilled_quantity, it.shipped_quantity::text as shipped_quantity,
         it.return_requested_quantity::text as return_requested_quantity, it.return_received_quantity::text as return_received_quantity,
         it.return_dismissed_quantity::text as return_dismissed_quantity, it.written_off_quantity::text as written_off_quantity,
         coalesce((select json_agg(json_build_object('rate', t.rate::text)) from order_line_item_tax_line t where t.item_id = li.id and t.deleted_at is null), '[]') as tax_lines,
         coalesce((select json_agg(json_build_object('amount', a.amount::text, 'is_tax_inclusive', a.is_tax_inclusive)) from order_line_item_adjustment a where a.item_id = li.id and a.deleted_at is null), '[]') as adjustments
       from "order" o
       join order_item it on it.order_id = o.id and it.version = o.version and it.deleted_at is null
       join order_line_item li on li.id = it.item_id and li.deleted_at is null
       where o.id = any(?)`,
      [orderIds]
    ),
    knex.raw(
      `select os.order_id, sm.id, sm.amount::text as amount, sm.is_tax_inclusive,
         coalesce((select json_agg(json_build_object('rate', t.rate::text)) from order_shipping_method_tax_line t where t.shipping_method_id = sm.id and t.deleted_at is null), '[]') as tax_lines,
         coalesce((select json_agg(json_build_object('amount', a.amount::text)) from order_shipping_method_adjustment a where a.shipping_method_id = sm.id and a.deleted_at is null), '[]') as adjustments
       from "order" o
       join order_shipping os on os.order_id = o.id and os.version = o.version and os.deleted_at is null
       join order_shipping_method sm on sm.id = os.shipping_method_id and sm.deleted_at is null
       where o.id = any(?)`,
      [orderIds]
    ),
    knex.raw(`select order_id, amount::text as amount from order_credit_line where order_id = any(?) and deleted_at is null`, [orderIds]),
  ])
  const group = <T extends { order_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>()
    for (const r of rows) (m.get(r.order_id) ?? m.set(r.order_id, []).get(r.order_id)!).push(r)
    return m
  }
  const itemsOf = group(items.rows as any[])
  const shippingOf = group(shipping.rows as any[])
  const creditsOf = group(credits.rows as any[])
  for (const o of orders.rows as Array<{ id: string; currency_code: string }>) {
    const cart: any = decorateCartTotals({
      currency_code: o.currency_code,
      items: (itemsOf.get(o.id) ?? []).map((r: any) => ({
        id: r.id,
        unit_price: r.unit_price,
        quantity: r.quantity,
        is_tax_inclusive: r.is_tax_inclusive,
        tax_lines: r.tax_lines,
        adjustments: r.adjustments,
        detail: {
          fulfilled_quantity: r.fulfilled_quantity,
          shipped_quantity: r.shipped_quantity,
          return_requested_quantity: r.return_requested_quantity,
          return_received_quantity: r.return_received_quantity,
          return_dismissed_quantity: r.return_dismissed_quantity,
          written_off_quantity: r.written_off_quantity,
        },
      })),
      shipping_methods: (shippingOf.get(o.id) ?? []).map((r: any) => ({ id: r.id, amount: r.amount, is_tax_inclusive: r.is_tax_inclusive, tax_lines: r.tax_lines, adjustments: r.adjustments })),
      credit_lines: (creditsOf.get(o.id) ?? []).map((r: any) => ({ amount: r.amount })),
    } as any)
    const m = (v: any) => toMinorUnits(v ?? 0, o.currency_code)
    out.set(o.id, { subtotal: m(cart.item_subtotal), discount_total: m(cart.discount_total), shipping_total: m(cart.shipping_total), tax_total: m(cart.tax_total), total: m(cart.total) })
  }
  return out
}
