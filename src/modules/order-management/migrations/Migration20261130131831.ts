import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130131831 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_anomaly" drop constraint if exists "order_anomaly_type_check";`);

    this.addSql(`alter table if exists "order_anomaly" add column if not exists "cart_id" text null, add column if not exists "session_id" text null, add column if not exists "out_trade_no" text null;`);
    this.addSql(`alter table if exists "order_anomaly" alter column "order_id" type text using ("order_id"::text);`);
    this.addSql(`alter table if exists "order_anomaly" alter column "order_id" drop not null;`);
    this.addSql(`alter table if exists "order_anomaly" add constraint "order_anomaly_type_check" check("type" in ('paid_after_cancel', 'duplicate_payment', 'amount_mismatch', 'currency_mismatch', 'paid_not_received', 'malicious_order', 'paid_late', 'paid_no_order', 'unmatched_payment', 'refunded_outside_store'));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_anomaly_cart_id" ON "order_anomaly" ("cart_id") WHERE deleted_at IS NULL AND cart_id IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_anomaly" drop constraint if exists "order_anomaly_type_check";`);

    this.addSql(`drop index if exists "IDX_order_anomaly_cart_id";`);
    this.addSql(`alter table if exists "order_anomaly" drop column if exists "cart_id", drop column if exists "session_id", drop column if exists "out_trade_no";`);

    this.addSql(`alter table if exists "order_anomaly" alter column "order_id" type text using ("order_id"::text);`);
    this.addSql(`alter table if exists "order_anomaly" alter column "order_id" set not null;`);
    this.addSql(`alter table if exists "order_anomaly" add constraint "order_anomaly_type_check" check("type" in ('paid_after_cancel', 'duplicate_payment', 'amount_mismatch', 'currency_mismatch', 'paid_not_received', 'malicious_order', 'paid_late'));`);
  }

}
