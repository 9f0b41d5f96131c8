import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201041404 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "stats_day" drop constraint if exists "stats_day_day_unique";`);
    this.addSql(`alter table if exists "product_stats_daily" drop constraint if exists "product_stats_daily_currency_code_day_product_id_unique";`);
    this.addSql(`alter table if exists "payment_time_daily" drop constraint if exists "payment_time_daily_currency_code_day_provider_id_bucket_seconds_unique";`);
    this.addSql(`alter table if exists "order_stats_daily" drop constraint if exists "order_stats_daily_currency_code_day_provider_id_unique";`);
    this.addSql(`alter table if exists "customer_stats_daily" drop constraint if exists "customer_stats_daily_currency_code_day_kind_ref_day_unique";`);
    this.addSql(`alter table if exists "cart_stats_daily" drop constraint if exists "cart_stats_daily_currency_code_day_unique";`);
    this.addSql(`create table if not exists "cart_stats_daily" ("id" text not null, "day" text not null, "currency_code" text not null, "carts" integer not null default 0, "checkouts" integer not null default 0, "orders" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "cart_stats_daily_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_cart_stats_daily_deleted_at" ON "cart_stats_daily" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_cart_stats_daily_currency_code_day_unique" ON "cart_stats_daily" ("currency_code", "day") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_stats_daily" ("id" text not null, "day" text not null, "currency_code" text not null, "kind" text check ("kind" in ('paid', 'second')) not null, "ref_day" text not null, "customers" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_stats_daily_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_stats_daily_deleted_at" ON "customer_stats_daily" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_stats_daily_currency_code_day_kind_ref_day_unique" ON "customer_stats_daily" ("currency_code", "day", "kind", "ref_day") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "order_stats_daily" ("id" text not null, "day" text not null, "currency_code" text not null, "provider_id" text not null, "orders" integer not null default 0, "canceled_orders" integer not null default 0, "paid_orders" integer not null default 0, "paid_orders_minor" numeric not null default 0, "captured_amount" numeric not null default 0, "refunded_amount" numeric not null default 0, "sessions" integer not null default 0, "paid_sessions" integer not null default 0, "time_to_pay_seconds" numeric not null default 0, "raw_paid_orders_minor" jsonb not null default '{"value":"0","precision":20}', "raw_captured_amount" jsonb not null default '{"value":"0","precision":20}', "raw_refunded_amount" jsonb not null default '{"value":"0","precision":20}', "raw_time_to_pay_seconds" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_stats_daily_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_stats_daily_deleted_at" ON "order_stats_daily" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_order_stats_daily_currency_code_day_provider_id_unique" ON "order_stats_daily" ("currency_code", "day", "provider_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "payment_time_daily" ("id" text not null, "day" text not null, "currency_code" text not null, "provider_id" text not null, "bucket_seconds" integer not null, "payments" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "payment_time_daily_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_time_daily_deleted_at" ON "payment_time_daily" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_payment_time_daily_currency_code_day_provider_id_bucket_seconds_unique" ON "payment_time_daily" ("currency_code", "day", "provider_id", "bucket_seconds") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "product_stats_daily" ("id" text not null, "day" text not null, "currency_code" text not null, "product_id" text not null, "title" text not null, "quantity" integer not null default 0, "orders" integer not null default 0, "revenue_amount" numeric not null default 0, "raw_revenue_amount" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "product_stats_daily_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_product_stats_daily_deleted_at" ON "product_stats_daily" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_product_stats_daily_currency_code_day_product_id_unique" ON "product_stats_daily" ("currency_code", "day", "product_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "stats_day" ("id" text not null, "day" text not null, "time_zone" text null, "computed_at" timestamptz null, "dirty_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "stats_day_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_stats_day_deleted_at" ON "stats_day" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_stats_day_day_unique" ON "stats_day" ("day") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_stats_day_dirty_at" ON "stats_day" ("dirty_at") WHERE deleted_at IS NULL AND dirty_at IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "cart_stats_daily" cascade;`);

    this.addSql(`drop table if exists "customer_stats_daily" cascade;`);

    this.addSql(`drop table if exists "order_stats_daily" cascade;`);

    this.addSql(`drop table if exists "payment_time_daily" cascade;`);

    this.addSql(`drop table if exists "product_stats_daily" cascade;`);

    this.addSql(`drop table if exists "stats_day" cascade;`);
  }

}
