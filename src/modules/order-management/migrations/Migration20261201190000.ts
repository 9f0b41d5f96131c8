import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * BENCH=risk (docs/risk.md#benchmark): the rules read a guest's earlier orders by `lower(email)` on the plugin's
 * order records (`order_lifecycle`, module order_management: customer_total_above and new_customer for a checkout
 * without a customer account); without an index on that expression PostgreSQL scans every order (186 ms at 100,000
 * orders for a new guest). An expression index (the data-model API has no expression indexes), so written by hand in
 * the module that owns the table; skipped when the table is not there.
 */
export class Migration20261201190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`DO $$ BEGIN IF to_regclass('order_lifecycle') IS NOT NULL THEN CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_lower_email_placed_at" ON "order_lifecycle" (lower(email), placed_at) WHERE deleted_at IS NULL; END IF; END $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_order_lifecycle_lower_email_placed_at";`);
  }

}
