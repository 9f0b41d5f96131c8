import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201160300 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "risk_blacklist_entry" drop constraint if exists "risk_blacklist_entry_type_value_unique";`);
    this.addSql(`create table if not exists "risk_blacklist_entry" ("id" text not null, "type" text check ("type" in ('customer', 'email', 'email_domain', 'phone', 'ip', 'device', 'address')) not null, "value" text not null, "display_value" text not null, "reason" text not null, "created_by_type" text not null, "created_by_id" text null, "expires_at" timestamptz null, "source" text not null default 'manual', "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "risk_blacklist_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_blacklist_entry_deleted_at" ON "risk_blacklist_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_risk_blacklist_entry_type_value_unique" ON "risk_blacklist_entry" ("type", "value") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_blacklist_entry_created_at" ON "risk_blacklist_entry" ("created_at") WHERE deleted_at IS NULL;`);
    // an IP is matched against listed ranges with inet <<= (a GiST index over the IP entries)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_blacklist_entry_ip" ON "risk_blacklist_entry" USING gist ((value::inet) inet_ops) WHERE type = 'ip' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "risk_blacklist_entry" cascade;`);
  }

}
