import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122230821 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_payment_event" drop constraint if exists "order_payment_event_provider_event_key_unique";`);
    this.addSql(`create table if not exists "order_payment_event" ("id" text not null, "provider" text not null, "event_key" text not null, "source" text check ("source" in ('callback', 'query')) not null default 'callback', "kind" text not null, "status" text check ("status" in ('received', 'processed', 'ignored', 'failed')) not null default 'received', "outcome" text null, "session_id" text null, "order_id" text null, "out_trade_no" text null, "transaction_id" text null, "platform_status" text null, "amount_minor" numeric null, "currency_code" text null, "attempts" integer not null default 1, "error" text null, "payload" jsonb null, "processed_at" timestamptz null, "raw_amount_minor" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_payment_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_payment_event_deleted_at" ON "order_payment_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_order_payment_event_provider_event_key_unique" ON "order_payment_event" ("provider", "event_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_payment_event_order_id_created_at" ON "order_payment_event" ("order_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_payment_event_session_id" ON "order_payment_event" ("session_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_payment_event" cascade;`);
  }

}
