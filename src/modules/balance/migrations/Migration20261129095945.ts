import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261129095945 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "balance_entry" drop constraint if exists "balance_entry_account_id_seq_unique";`);
    this.addSql(`alter table if exists "balance_entry" drop constraint if exists "balance_entry_source_type_source_id_unique";`);
    this.addSql(`alter table if exists "balance_account" drop constraint if exists "balance_account_customer_id_currency_code_unique";`);
    this.addSql(`create table if not exists "balance_account" ("id" text not null, "customer_id" text not null, "currency_code" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "balance_account_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_balance_account_deleted_at" ON "balance_account" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_balance_account_customer_id_currency_code_unique" ON "balance_account" ("customer_id", "currency_code") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "balance_entry" ("id" text not null, "account_id" text not null, "seq" integer not null, "direction" text check ("direction" in ('credit', 'debit')) not null, "amount_minor" numeric not null, "balance_after_minor" numeric not null, "source_type" text check ("source_type" in ('payment', 'payment_reversal', 'refund', 'adjustment')) not null, "source_id" text not null, "reason" text null, "actor_type" text not null, "actor_id" text null, "order_id" text null, "metadata" jsonb null, "raw_amount_minor" jsonb not null, "raw_balance_after_minor" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "balance_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_balance_entry_account_id" ON "balance_entry" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_balance_entry_deleted_at" ON "balance_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_balance_entry_source_type_source_id_unique" ON "balance_entry" ("source_type", "source_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_balance_entry_account_id_seq_unique" ON "balance_entry" ("account_id", "seq") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_balance_entry_order_id" ON "balance_entry" ("order_id") WHERE deleted_at IS NULL AND order_id IS NOT NULL;`);

    this.addSql(`alter table if exists "balance_entry" add constraint "balance_entry_account_id_foreign" foreign key ("account_id") references "balance_account" ("id") on update cascade;`);

    // the ledger's rules, held by the database too: positive amounts, never below zero, entries never rewritten
    this.addSql(`alter table "balance_entry" add constraint "balance_entry_amount_positive" check ("amount_minor" > 0);`);
    this.addSql(`alter table "balance_entry" add constraint "balance_entry_balance_not_negative" check ("balance_after_minor" >= 0);`);
    this.addSql(`create or replace function balance_entry_append_only() returns trigger language plpgsql as $$ begin raise exception 'balance_entry is append-only: % cannot be changed', tg_argv[0]; end $$;`);
    this.addSql(`create trigger "balance_entry_append_only" before update of "account_id", "seq", "direction", "amount_minor", "balance_after_minor", "source_type", "source_id" on "balance_entry" for each row execute function balance_entry_append_only('an entry');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "balance_entry_append_only" on "balance_entry";`);
    this.addSql(`drop function if exists balance_entry_append_only();`);
    this.addSql(`alter table if exists "balance_entry" drop constraint if exists "balance_entry_account_id_foreign";`);

    this.addSql(`drop table if exists "balance_account" cascade;`);

    this.addSql(`drop table if exists "balance_entry" cascade;`);
  }

}
