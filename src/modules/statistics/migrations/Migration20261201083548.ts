import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The weekly tier of the best sellers, the time-to-pay histogram and the repurchase counts (generated from the models), their covering
 * indexes (by hand, as in Migration20261201060000) and, for a store that already has daily rollups, the weeks
 * summed from them once (afterwards replaceDays keeps each week equal to its days).
 */
export class Migration20261201083548 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "product_stats_weekly" drop constraint if exists "product_stats_weekly_currency_code_week_product_id_unique";`);
    this.addSql(`alter table if exists "payment_time_weekly" drop constraint if exists "payment_time_weekly_currency_code_week_provider_id_bucket_seconds_unique";`);
    this.addSql(`create table if not exists "payment_time_weekly" ("id" text not null, "week" text not null, "currency_code" text not null, "provider_id" text not null, "bucket_seconds" integer not null, "payments" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "payment_time_weekly_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_time_weekly_deleted_at" ON "payment_time_weekly" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_payment_time_weekly_currency_code_week_provider_id_bucket_seconds_unique" ON "payment_time_weekly" ("currency_code", "week", "provider_id", "bucket_seconds") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "product_stats_weekly" ("id" text not null, "week" text not null, "currency_code" text not null, "product_id" text not null, "quantity" integer not null default 0, "orders" integer not null default 0, "revenue_amount" numeric not null default 0, "raw_revenue_amount" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "product_stats_weekly_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_product_stats_weekly_deleted_at" ON "product_stats_weekly" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_product_stats_weekly_currency_code_week_product_id_unique" ON "product_stats_weekly" ("currency_code", "week", "product_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "customer_stats_weekly" drop constraint if exists "customer_stats_weekly_currency_code_week_kind_ref_day_unique";`);
    this.addSql(`create table if not exists "customer_stats_weekly" ("id" text not null, "week" text not null, "currency_code" text not null, "kind" text check ("kind" in ('paid', 'second')) not null, "ref_day" text not null, "customers" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_stats_weekly_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_stats_weekly_deleted_at" ON "customer_stats_weekly" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_stats_weekly_currency_code_week_kind_ref_day_unique" ON "customer_stats_weekly" ("currency_code", "week", "kind", "ref_day") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_product_stats_weekly_read" ON "product_stats_weekly" ("currency_code", "week") INCLUDE ("product_id", "quantity", "orders", "revenue_amount") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_stats_weekly_read" ON "customer_stats_weekly" ("currency_code", "week") INCLUDE ("kind", "ref_day", "customers") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_payment_time_weekly_read" ON "payment_time_weekly" ("currency_code", "week") INCLUDE ("provider_id", "bucket_seconds", "payments") WHERE deleted_at IS NULL;`);
    // the best sellers' titles: the latest day of one product, one index probe
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_product_stats_daily_title" ON "product_stats_daily" ("currency_code", "product_id", "day") INCLUDE ("title") WHERE deleted_at IS NULL;`);
    this.addSql(`insert into "product_stats_weekly" ("id", "week", "currency_code", "product_id", "quantity", "orders", "revenue_amount", "raw_revenue_amount")
      select 'psw_' || replace(gen_random_uuid()::text, '-', ''), w, currency_code, product_id, sum(quantity), sum(orders), sum(revenue_amount), jsonb_build_object('value', sum(revenue_amount)::text, 'precision', 20)
      from (select to_char(date_trunc('week', day::date), 'YYYY-MM-DD') as w, * from "product_stats_daily" where deleted_at is null) d
      group by w, currency_code, product_id
      on conflict do nothing;`);
    this.addSql(`insert into "payment_time_weekly" ("id", "week", "currency_code", "provider_id", "bucket_seconds", "payments")
      select 'ptw_' || replace(gen_random_uuid()::text, '-', ''), w, currency_code, provider_id, bucket_seconds, sum(payments)
      from (select to_char(date_trunc('week', day::date), 'YYYY-MM-DD') as w, * from "payment_time_daily" where deleted_at is null) d
      group by w, currency_code, provider_id, bucket_seconds
      on conflict do nothing;`);
    this.addSql(`insert into "customer_stats_weekly" ("id", "week", "currency_code", "kind", "ref_day", "customers")
      select 'cusw_' || replace(gen_random_uuid()::text, '-', ''), w, currency_code, kind, ref_day, sum(customers)
      from (select to_char(date_trunc('week', day::date), 'YYYY-MM-DD') as w, * from "customer_stats_daily" where deleted_at is null) d
      group by w, currency_code, kind, ref_day
      on conflict do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_product_stats_daily_title";`);
    this.addSql(`drop table if exists "customer_stats_weekly" cascade;`);
    this.addSql(`drop table if exists "payment_time_weekly" cascade;`);

    this.addSql(`drop table if exists "product_stats_weekly" cascade;`);
  }

}
