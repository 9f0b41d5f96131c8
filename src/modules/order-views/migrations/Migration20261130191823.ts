import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130191823 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_list_view" drop constraint if exists "order_list_view_owner_id_name_unique";`);
    this.addSql(`create table if not exists "order_list_view" ("id" text not null, "name" text not null, "filters" jsonb not null, "owner_id" text not null, "shared" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "order_list_view_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_list_view_deleted_at" ON "order_list_view" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_list_view_owner_id" ON "order_list_view" ("owner_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_list_view_shared" ON "order_list_view" ("shared") WHERE deleted_at IS NULL AND shared = true;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_order_list_view_owner_id_name_unique" ON "order_list_view" ("owner_id", "name") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "order_list_view" cascade;`);
  }

}
