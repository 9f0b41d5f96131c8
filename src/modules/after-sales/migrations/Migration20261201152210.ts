import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201152210 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "refund_request" ("id" text not null, "order_id" text not null, "customer_id" text null, "status" text check ("status" in ('requested', 'approved', 'processing', 'refunded', 'failed', 'rejected', 'withdrawn')) not null default 'requested', "currency_code" text not null, "requested_amount_minor" numeric not null, "amount_minor" numeric not null, "refunded_minor" numeric not null default 0, "destination" text check ("destination" in ('original', 'balance')) null, "reason_code" text not null, "note" text null, "items" jsonb null, "evidence" jsonb null, "return_items" boolean not null default false, "return_location_id" text null, "return_id" text null, "opened_by_type" text not null, "opened_by_id" text null, "reviewed_by_type" text null, "reviewed_by_id" text null, "reviewed_at" timestamptz null, "review_note" text null, "reject_reason" text null, "failure" jsonb null, "refunds" jsonb null, "attempt" integer not null default 0, "metadata" jsonb null, "raw_requested_amount_minor" jsonb not null, "raw_amount_minor" jsonb not null, "raw_refunded_minor" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "refund_request_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_refund_request_deleted_at" ON "refund_request" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_refund_request_status_created_at" ON "refund_request" ("status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_refund_request_order_id" ON "refund_request" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_refund_request_one_open_per_order" ON "refund_request" ("order_id") WHERE deleted_at IS NULL AND status IN ('requested', 'approved', 'processing', 'failed');`);

    this.addSql(`create table if not exists "refund_request_event" ("id" text not null, "refund_request_id" text not null, "action" text not null, "from_status" text null, "to_status" text null, "actor_type" text not null, "actor_id" text null, "message" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "refund_request_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_refund_request_event_refund_request_id" ON "refund_request_event" ("refund_request_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_refund_request_event_deleted_at" ON "refund_request_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_refund_request_event_refund_request_id_created_at" ON "refund_request_event" ("refund_request_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "refund_request_event" add constraint "refund_request_event_refund_request_id_foreign" foreign key ("refund_request_id") references "refund_request" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "refund_request_event" drop constraint if exists "refund_request_event_refund_request_id_foreign";`);

    this.addSql(`drop table if exists "refund_request" cascade;`);

    this.addSql(`drop table if exists "refund_request_event" cascade;`);
  }

}
