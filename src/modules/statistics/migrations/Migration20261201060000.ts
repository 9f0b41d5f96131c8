import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Covering indexes for the statistics page's range reads (written by hand: DML cannot describe INCLUDE, so
 * `db:generate` leaves them alone). A period's best sellers, time-to-pay histogram and repurchase counts are read
 * from the index alone (an index-only scan: no table page is visited once the rollup days are vacuumed), which halves
 * the page's time at 100,000 orders (docs/statistics.md, benchmark).
 */
export class Migration20261201060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_product_stats_daily_read" ON "product_stats_daily" ("currency_code", "day") INCLUDE ("product_id", "quantity", "orders", "revenue_amount") WHERE deleted_at IS NULL;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_time_daily_read" ON "payment_time_daily" ("currency_code", "day") INCLUDE ("provider_id", "bucket_seconds", "payments") WHERE deleted_at IS NULL;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_stats_daily_read" ON "customer_stats_daily" ("currency_code", "day") INCLUDE ("kind", "ref_day", "customers") WHERE deleted_at IS NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_product_stats_daily_read";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_payment_time_daily_read";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_customer_stats_daily_read";`)
  }
}
