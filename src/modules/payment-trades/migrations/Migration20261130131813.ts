import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130131813 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "payment_trade" drop constraint if exists "payment_trade_session_id_unique";`);
    this.addSql(`create table if not exists "payment_trade" ("id" text not null, "session_id" text not null, "provider_id" text not null, "out_trade_no" text null, "payment_collection_id" text not null, "cart_id" text null, "order_id" text null, "amount_minor" numeric not null, "currency_code" text not null, "data" jsonb null, "session_deleted_at" timestamptz null, "raw_amount_minor" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "payment_trade_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_payment_trade_session_id_unique" ON "payment_trade" ("session_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_trade_deleted_at" ON "payment_trade" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_trade_out_trade_no" ON "payment_trade" ("out_trade_no") WHERE deleted_at IS NULL AND out_trade_no IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_trade_cart_id" ON "payment_trade" ("cart_id") WHERE deleted_at IS NULL AND cart_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_trade_order_id" ON "payment_trade" ("order_id") WHERE deleted_at IS NULL AND order_id IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "payment_trade" cascade;`);
  }

}
