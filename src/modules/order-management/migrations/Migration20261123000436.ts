import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123000436 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "order_payment_proof" ("id" text not null, "order_id" text not null, "session_id" text not null, "file_id" text not null, "file_url" text not null, "mime_type" text not null, "size_bytes" integer not null, "payer_name" text not null, "account_last4" text null, "transfer_date" timestamptz null, "status" text check ("status" in ('submitted', 'accepted', 'rejected')) not null default 'submitted', "reject_reason" text null, "reviewed_by" text null, "reviewed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_payment_proof_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_payment_proof_deleted_at" ON "order_payment_proof" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_payment_proof_order_id_created_at" ON "order_payment_proof" ("order_id", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_payment_proof" cascade;`);
  }

}
