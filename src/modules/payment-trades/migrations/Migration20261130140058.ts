import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130140058 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "payment_channel_error" ("id" text not null, "provider_id" text not null, "operation" text null, "failure" text null, "platform_code" text null, "http_status" integer null, "retryable" boolean not null default true, "key_serial" text null, "out_trade_no" text null, "order_id" text null, "source" text not null, "message" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "payment_channel_error_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_channel_error_deleted_at" ON "payment_channel_error" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_channel_error_provider_id_created_at" ON "payment_channel_error" ("provider_id", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "payment_channel_error" cascade;`);
  }

}
