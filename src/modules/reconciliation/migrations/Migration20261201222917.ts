import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201222917 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "reconciliation_difference" drop constraint if exists "reconciliation_difference_run_id_key_unique";`);
    this.addSql(`alter table if exists "reconciliation_bank_profile" drop constraint if exists "reconciliation_bank_profile_name_unique";`);
    this.addSql(`create table if not exists "reconciliation_bank_profile" ("id" text not null, "name" text not null, "mapping" jsonb not null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "reconciliation_bank_profile_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_reconciliation_bank_profile_deleted_at" ON "reconciliation_bank_profile" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_reconciliation_bank_profile_name_unique" ON "reconciliation_bank_profile" ("name") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "reconciliation_difference" ("id" text not null, "run_id" text not null, "type" text check ("type" in ('missing_in_store', 'missing_at_platform', 'amount_mismatch', 'currency_mismatch', 'status_mismatch', 'refund_mismatch', 'fee_mismatch', 'bank_partial', 'bank_overpaid', 'bank_unmatched')) not null, "key" text not null, "state" text check ("state" in ('open', 'explained', 'anomaly_opened', 'assigned')) not null default 'open', "present" boolean not null default true, "order_id" text null, "out_trade_no" text null, "platform_trade_no" text null, "delta_minor" integer null, "currency_code" text null, "platform" jsonb null, "store" jsonb null, "detail" text null, "note" text null, "resolved_by" text null, "resolved_at" timestamptz null, "anomaly_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "reconciliation_difference_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_reconciliation_difference_deleted_at" ON "reconciliation_difference" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_reconciliation_difference_run_id_key_unique" ON "reconciliation_difference" ("run_id", "key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_reconciliation_difference_run_id_type" ON "reconciliation_difference" ("run_id", "type") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_reconciliation_difference_state" ON "reconciliation_difference" ("state") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "reconciliation_run" ("id" text not null, "provider_id" text not null, "source" text check ("source" in ('api', 'upload', 'bank_statement')) not null, "date" text not null, "bank_profile_id" text null, "status" text check ("status" in ('queued', 'running', 'completed', 'failed', 'not_ready')) not null default 'queued', "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "error" text null, "currency_code" text null, "rows" integer not null default 0, "matched" integer not null default 0, "differences_by_type" jsonb null, "totals" jsonb null, "file_name" text null, "file_sha256" text null, "requested_by" text null, "started_at" timestamptz null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "reconciliation_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_reconciliation_run_deleted_at" ON "reconciliation_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_reconciliation_run_provider_date" ON "reconciliation_run" ("provider_id", "date") WHERE deleted_at IS NULL AND source <> 'bank_statement';`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_reconciliation_run_bank_file" ON "reconciliation_run" ("bank_profile_id", "file_sha256") WHERE deleted_at IS NULL AND source = 'bank_statement';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_reconciliation_run_status_next_attempt_at" ON "reconciliation_run" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_reconciliation_run_date" ON "reconciliation_run" ("date") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reconciliation_bank_profile" cascade;`);

    this.addSql(`drop table if exists "reconciliation_difference" cascade;`);

    this.addSql(`drop table if exists "reconciliation_run" cascade;`);
  }

}
