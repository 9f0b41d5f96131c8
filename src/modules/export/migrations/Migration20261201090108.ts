import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201090108 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_export_preset" drop constraint if exists "order_export_preset_owner_id_name_unique";`);
    this.addSql(`create table if not exists "order_export" ("id" text not null, "report" text check ("report" in ('orders', 'reconciliation', 'sales', 'backup')) not null default 'orders', "format" text check ("format" in ('csv', 'xlsx', 'pdf', 'jsonl_gz')) not null, "scope" text check ("scope" in ('all', 'filtered', 'selected')) not null default 'all', "filters" jsonb null, "order_ids" jsonb null, "fields" jsonb not null, "row_mode" text check ("row_mode" in ('order', 'item')) not null default 'order', "locale" text check ("locale" in ('en', 'zh')) not null default 'en', "params" jsonb null, "masked" boolean not null default true, "reason" text null, "status" text check ("status" in ('pending', 'running', 'done', 'failed', 'canceled', 'expired', 'refused')) not null default 'pending', "rows_done" integer not null default 0, "rows_total" integer null, "file_id" text null, "filename" text null, "mime_type" text null, "size_bytes" numeric null, "error" text null, "created_by" text null, "created_by_email" text null, "transaction_id" text null, "started_at" timestamptz null, "heartbeat_at" timestamptz null, "finished_at" timestamptz null, "expires_at" timestamptz null, "downloads" integer not null default 0, "last_downloaded_at" timestamptz null, "raw_size_bytes" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_export_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_export_deleted_at" ON "order_export" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_export_created_at" ON "order_export" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_export_status_heartbeat_at" ON "order_export" ("status", "heartbeat_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "order_export_preset" ("id" text not null, "name" text not null, "owner_id" text not null, "shared" boolean not null default false, "format" text check ("format" in ('csv', 'xlsx', 'pdf')) not null default 'csv', "row_mode" text check ("row_mode" in ('order', 'item')) not null default 'order', "locale" text check ("locale" in ('en', 'zh')) not null default 'en', "fields" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_export_preset_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_export_preset_deleted_at" ON "order_export_preset" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_order_export_preset_owner_id_name_unique" ON "order_export_preset" ("owner_id", "name") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_export" cascade;`);

    this.addSql(`drop table if exists "order_export_preset" cascade;`);
  }

}
