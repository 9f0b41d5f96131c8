/** A knex instance on the store's database. */
type Knex = { raw: (sql: string, bindings?: unknown) => Promise<{ rows: any[] }> }

export type LowStockRow = {
  variant_id: string
  product_id: string
  inventory_item_id: string
  sku: string | null
  title: string
  location_id: string
  location: string | null
  stocked: number
  reserved: number
  available: number
  threshold: number
}

/**
 * Variants that manage inventory whose available quantity (stocked − reserved, Medusa's inventory level) at a stock
 * location is below their threshold: `metadata.low_stock_threshold` of the variant (a whole number) or
 * `defaultThreshold` (option `lowStockThreshold`). Read live from Medusa 2.21's inventory_level,
 * product_variant_inventory_item, product_variant, product and stock_location tables, lowest availability first,
 * at most `limit` rows; `total` counts them all.
 */
export async function readLowStock(knex: Knex, defaultThreshold: number, limit: number): Promise<{ rows: LowStockRow[]; total: number }> {
  const { rows } = await knex.raw(
    `with levels as (
       select pv.id as variant_id, p.id as product_id, ii.id as inventory_item_id, pv.sku,
         p.title || case when pv.title is not null and pv.title <> '' and pv.title <> 'Default variant' then ' · ' || pv.title else '' end as title,
         il.location_id, sl.name as location,
         il.stocked_quantity::bigint as stocked, il.reserved_quantity::bigint as reserved,
         (il.stocked_quantity - il.reserved_quantity)::bigint as available,
         case when pv.metadata->>'low_stock_threshold' ~ '^[0-9]{1,9}$' then (pv.metadata->>'low_stock_threshold')::int else :t end as threshold
       from product_variant pv
       join product p on p.id = pv.product_id and p.deleted_at is null
       join product_variant_inventory_item pvi on pvi.variant_id = pv.id and pvi.deleted_at is null
       join inventory_item ii on ii.id = pvi.inventory_item_id and ii.deleted_at is null
       join inventory_level il on il.inventory_item_id = ii.id and il.deleted_at is null
       left join stock_location sl on sl.id = il.location_id and sl.deleted_at is null
       where pv.deleted_at is null and pv.manage_inventory
     )
     select *, count(*) over ()::int as total from levels where available < threshold
     order by available, title, location_id limit :limit`,
    { t: defaultThreshold, limit }
  )
  return {
    rows: rows.map(({ total, ...r }: any) => ({ ...r, stocked: Number(r.stocked), reserved: Number(r.reserved), available: Number(r.available), threshold: Number(r.threshold) })),
    total: rows[0]?.total ?? 0,
  }
}
