import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261122203426 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" drop constraint if exists "order_lifecycle_order_number_unique";`);
    this.addSql(`alter table if exists "order_lifecycle" drop constraint if exists "order_lifecycle_order_id_unique";`);
    this.addSql(`create table if not exists "order_lifecycle" ("id" text not null, "order_id" text not null, "order_number" text not null, "display_id" integer null, "payment_status" text check ("payment_status" in ('pending', 'processing', 'confirmed', 'suspected_fraud', 'canceled')) not null default 'pending', "fulfillment_status" text check ("fulfillment_status" in ('holded', 'processing', 'dispatched', 'completed', 'refunded')) null, "on_hold" boolean not null default false, "hold_reason" text null, "activate_at" timestamptz null, "review_mode" text check ("review_mode" in ('auto', 'manual')) null, "payment_provider" text null, "currency_code" text not null, "total_minor" numeric not null, "paid_minor" numeric not null default 0, "customer_id" text null, "email" text null, "marks" text[] not null default '{}', "placed_at" timestamptz not null, "paid_at" timestamptz null, "approved_at" timestamptz null, "dispatched_at" timestamptz null, "completed_at" timestamptz null, "canceled_at" timestamptz null, "raw_total_minor" jsonb not null, "raw_paid_minor" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_lifecycle_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_order_lifecycle_order_id_unique" ON "order_lifecycle" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_order_lifecycle_order_number_unique" ON "order_lifecycle" ("order_number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_deleted_at" ON "order_lifecycle" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_payment_status_placed_at" ON "order_lifecycle" ("payment_status", "placed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_fulfillment_status_placed_at" ON "order_lifecycle" ("fulfillment_status", "placed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_placed_at" ON "order_lifecycle" ("placed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_payment_provider_payment_status" ON "order_lifecycle" ("payment_provider", "payment_status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_customer_id" ON "order_lifecycle" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_email" ON "order_lifecycle" ("email") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_currency_code_paid_at" ON "order_lifecycle" ("currency_code", "paid_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_activate_at" ON "order_lifecycle" ("activate_at") WHERE deleted_at IS NULL AND activate_at IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_dispatched_at" ON "order_lifecycle" ("dispatched_at") WHERE deleted_at IS NULL AND fulfillment_status = 'dispatched';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_marks" ON "order_lifecycle" USING GIN ("marks") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "order_lifecycle_event" ("id" text not null, "action" text not null, "from_payment_status" text check ("from_payment_status" in ('pending', 'processing', 'confirmed', 'suspected_fraud', 'canceled')) null, "to_payment_status" text check ("to_payment_status" in ('pending', 'processing', 'confirmed', 'suspected_fraud', 'canceled')) null, "from_fulfillment_status" text check ("from_fulfillment_status" in ('holded', 'processing', 'dispatched', 'completed', 'refunded')) null, "to_fulfillment_status" text check ("to_fulfillment_status" in ('holded', 'processing', 'dispatched', 'completed', 'refunded')) null, "actor_type" text check ("actor_type" in ('user', 'customer', 'system', 'gateway')) not null, "actor_id" text null, "reason" text null, "metadata" jsonb null, "lifecycle_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_lifecycle_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_event_lifecycle_id" ON "order_lifecycle_event" ("lifecycle_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_event_deleted_at" ON "order_lifecycle_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_event_lifecycle_id_created_at" ON "order_lifecycle_event" ("lifecycle_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "order_note" ("id" text not null, "kind" text check ("kind" in ('note', 'communication', 'mark')) not null default 'note', "body" text not null, "channel" text null, "label" text null, "author_type" text check ("author_type" in ('user', 'customer', 'system', 'gateway')) not null, "author_id" text null, "lifecycle_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_note_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_note_lifecycle_id" ON "order_note" ("lifecycle_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_note_deleted_at" ON "order_note" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_note_lifecycle_id_created_at" ON "order_note" ("lifecycle_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_note_kind_label" ON "order_note" ("kind", "label") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "order_lifecycle_event" add constraint "order_lifecycle_event_lifecycle_id_foreign" foreign key ("lifecycle_id") references "order_lifecycle" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table if exists "order_note" add constraint "order_note_lifecycle_id_foreign" foreign key ("lifecycle_id") references "order_lifecycle" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle_event" drop constraint if exists "order_lifecycle_event_lifecycle_id_foreign";`);

    this.addSql(`alter table if exists "order_note" drop constraint if exists "order_note_lifecycle_id_foreign";`);

    this.addSql(`drop table if exists "order_lifecycle" cascade;`);

    this.addSql(`drop table if exists "order_lifecycle_event" cascade;`);

    this.addSql(`drop table if exists "order_note" cascade;`);
  }

}
