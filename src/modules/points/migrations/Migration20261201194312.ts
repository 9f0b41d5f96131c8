import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201194312 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "points_entry" drop constraint if exists "points_entry_account_id_seq_unique";`);
    this.addSql(`alter table if exists "points_entry" drop constraint if exists "points_entry_source_type_source_id_unique";`);
    this.addSql(`alter table if exists "points_account" drop constraint if exists "points_account_customer_id_unique";`);
    this.addSql(`create table if not exists "points_account" ("id" text not null, "customer_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_account_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_account_deleted_at" ON "points_account" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_account_customer_id_unique" ON "points_account" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "points_entry" ("id" text not null, "account_id" text not null, "seq" integer not null, "direction" text check ("direction" in ('credit', 'debit')) not null, "points" integer not null, "balance_after" integer not null, "source_type" text check ("source_type" in ('earn', 'earn_reversal', 'redeem', 'redeem_reversal', 'adjustment')) not null, "source_id" text not null, "reason" text null, "actor_type" text not null, "actor_id" text null, "order_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "points_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_account_id" ON "points_entry" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_deleted_at" ON "points_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_entry_source_type_source_id_unique" ON "points_entry" ("source_type", "source_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_points_entry_account_id_seq_unique" ON "points_entry" ("account_id", "seq") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_points_entry_order_id" ON "points_entry" ("order_id") WHERE deleted_at IS NULL AND order_id IS NOT NULL;`);

    this.addSql(`alter table if exists "points_entry" add constraint "points_entry_account_id_foreign" foreign key ("account_id") references "points_account" ("id") on update cascade;`);

    // the ledger's rules, held by the database too: positive amounts, never below zero, entries never rewritten
    this.addSql(`alter table "points_entry" add constraint "points_entry_points_positive" check ("points" > 0 or ("points" = 0 and "direction" = 'debit' and "source_type" = 'earn_reversal'));`);
    this.addSql(`alter table "points_entry" add constraint "points_entry_balance_not_negative" check ("balance_after" >= 0);`);
    this.addSql(`create or replace function points_entry_append_only() returns trigger language plpgsql as $$ begin raise exception 'points_entry is append-only: % cannot be changed', tg_argv[0]; end $$;`);
    this.addSql(`create trigger "points_entry_append_only" before update of "account_id", "seq", "direction", "points", "balance_after", "source_type", "source_id" on "points_entry" for each row execute function points_entry_append_only('an entry');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "points_entry_append_only" on "points_entry";`);
    this.addSql(`drop function if exists points_entry_append_only();`);
    this.addSql(`alter table if exists "points_entry" drop constraint if exists "points_entry_account_id_foreign";`);

    this.addSql(`drop table if exists "points_account" cascade;`);

    this.addSql(`drop table if exists "points_entry" cascade;`);
  }

}
