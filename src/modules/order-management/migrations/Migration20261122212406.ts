import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122212406 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_anomaly" drop constraint if exists "order_anomaly_dedupe_key_unique";`);
    this.addSql(`create table if not exists "order_anomaly" ("id" text not null, "order_id" text not null, "type" text check ("type" in ('paid_after_cancel', 'duplicate_payment', 'amount_mismatch', 'currency_mismatch', 'paid_not_received', 'malicious_order')) not null, "status" text check ("status" in ('open', 'investigating', 'resolved')) not null default 'open', "dedupe_key" text not null, "amount_minor" numeric null, "currency_code" text null, "provider_id" text null, "payment_id" text null, "platform_transaction_id" text null, "resolution" text null, "resolution_note" text null, "actor_type" text check ("actor_type" in ('user', 'customer', 'system', 'gateway')) null, "actor_id" text null, "resolved_at" timestamptz null, "metadata" jsonb null, "raw_amount_minor" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_anomaly_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_order_anomaly_dedupe_key_unique" ON "order_anomaly" ("dedupe_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_anomaly_deleted_at" ON "order_anomaly" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_anomaly_status_type_created_at" ON "order_anomaly" ("status", "type", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_anomaly_order_id" ON "order_anomaly" ("order_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_anomaly" cascade;`);
  }

}
