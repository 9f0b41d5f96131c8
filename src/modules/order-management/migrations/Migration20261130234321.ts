import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * order_lifecycle.product_ids (the list's product filter) and its GIN index. Existing lifecycles are filled from
 * Medusa's order tables (the products of each order's current line items) when those tables are in this database,
 * before the index is built; with the order module in another database they fill on their next sync. At 1,000,000
 * orders the fill and the index took about three minutes on the benchmark machine.
 */
export class Migration20261130234321 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" add column if not exists "product_ids" text[] not null default '{}';`);
    this.addSql(`DO $$
BEGIN
  IF to_regclass('order_item') IS NOT NULL AND to_regclass('order_line_item') IS NOT NULL AND to_regclass('"order"') IS NOT NULL THEN
    UPDATE order_lifecycle l SET product_ids = p.ids
    FROM (
      SELECT oi.order_id, array_agg(DISTINCT li.product_id ORDER BY li.product_id) AS ids
      FROM order_item oi
      JOIN "order" o ON o.id = oi.order_id AND o.version = oi.version
      JOIN order_line_item li ON li.id = oi.item_id AND li.deleted_at IS NULL
      WHERE oi.deleted_at IS NULL AND li.product_id IS NOT NULL
      GROUP BY oi.order_id
    ) p
    WHERE p.order_id = l.order_id AND l.product_ids = '{}';
  END IF;
END $$;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_product_ids" ON "order_lifecycle" USING GIN ("product_ids") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_order_lifecycle_product_ids";`);
    this.addSql(`alter table if exists "order_lifecycle" drop column if exists "product_ids";`);
  }

}
