import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Indexes the order list needs at a million orders that DML cannot describe (written by hand, so `db:generate` leaves
 * them alone):
 * - the search box (`q`: a substring of the order number or the email, ILIKE '%q%'): trigram GIN indexes from
 *   PostgreSQL's pg_trgm extension. pg_trgm is a trusted extension (PostgreSQL 13+), so a database owner may create
 *   it; where the role may not, the migration goes on without it and the search stays correct but scans the table.
 * - the display id typed as a number in the same box;
 * - the paid-time sorts (`-paid_at` / `paid_at`, unpaid orders last in both directions, ties by id): one index per
 *   direction, since a btree read backwards puts the nulls first.
 * At 1,000,000 orders this migration took about half a minute on the benchmark machine (docs/order-list.md).
 */
export class Migration20261130234000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): the order search will scan order_lifecycle', SQLERRM;
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_order_number_trgm" ON "order_lifecycle" USING gin ("order_number" gin_trgm_ops) WHERE deleted_at IS NULL';
    EXECUTE 'CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_email_trgm" ON "order_lifecycle" USING gin ("email" gin_trgm_ops) WHERE deleted_at IS NULL';
  END IF;
END $$;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_display_id" ON "order_lifecycle" ("display_id") WHERE deleted_at IS NULL;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_paid_at_id_asc" ON "order_lifecycle" ("paid_at" ASC NULLS LAST, "id" ASC) WHERE deleted_at IS NULL;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_paid_at_id_desc" ON "order_lifecycle" ("paid_at" DESC NULLS LAST, "id" DESC) WHERE deleted_at IS NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_order_lifecycle_order_number_trgm";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_order_lifecycle_email_trgm";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_order_lifecycle_display_id";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_order_lifecycle_paid_at_id_asc";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_order_lifecycle_paid_at_id_desc";`)
  }
}
