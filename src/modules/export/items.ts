import { sumToMinorUnits } from "../../utils/money"
import { minorToMajor } from "./format"
import { currencyDigits } from "../../utils/money"

/** An order's current items for the backup archive: product, variant, SKU, quantity and unit price (exact decimal, major units). */
export type BackupItem = { item_id: string; product_id: string | null; product: string | null; variant_id: string | null; variant: string | null; sku: string | null; quantity: number; unit_price: string }

/** The current items (their order version) of `orderIds`, by order id, in the order they were added. */
export async function readItems(knex: any, orderIds: string[]): Promise<Map<string, BackupItem[]>> {
  const out = new Map<string, BackupItem[]>()
  if (!orderIds.length) return out
  const { rows } = await knex.raw(
    `select o.id as order_id, o.currency_code, li.id as item_id, li.product_id, li.product_title, li.variant_id, li.variant_title, li.variant_sku,
       it.quantity::text as quantity, li.unit_price::text as unit_price
     from "order" o
     join order_item it on it.order_id = o.id and it.version = o.version and it.deleted_at is null
     join order_line_item li on li.id = it.item_id and li.deleted_at is null
     where o.id = any(?)
     order by li.created_at, li.id`,
    [orderIds]
  )
  for (const r of rows) {
    const list = out.get(r.order_id) ?? out.set(r.order_id, []).get(r.order_id)!
    list.push({
      item_id: r.item_id,
      product_id: r.product_id,
      product: r.product_title,
      variant_id: r.variant_id,
      variant: r.variant_title,
      sku: r.variant_sku,
      quantity: Number(r.quantity),
      unit_price: minorToMajor(sumToMinorUnits([r.unit_price], r.currency_code), currencyDigits(r.currency_code)),
    })
  }
  return out
}
