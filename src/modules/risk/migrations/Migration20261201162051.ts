import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201162051 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "risk_assessment" ("id" text not null, "cart_id" text not null, "order_id" text null, "customer_id" text null, "email" text null, "phone" text null, "ip" text null, "device_id" text null, "currency_code" text null, "total_minor" numeric null, "action" text not null, "level" text not null, "score" integer not null default 0, "hits" jsonb null, "raw_total_minor" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "risk_assessment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_deleted_at" ON "risk_assessment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_cart_id_created_at" ON "risk_assessment" ("cart_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_order_id" ON "risk_assessment" ("order_id") WHERE order_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_ip_created_at" ON "risk_assessment" ("ip", "created_at") WHERE ip IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_device_id_created_at" ON "risk_assessment" ("device_id", "created_at") WHERE device_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_email_created_at" ON "risk_assessment" ("email", "created_at") WHERE email IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_customer_id_created_at" ON "risk_assessment" ("customer_id", "created_at") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_phone_created_at" ON "risk_assessment" ("phone", "created_at") WHERE phone IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_assessment_level_created_at" ON "risk_assessment" ("level", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "risk_rule" ("id" text not null, "name" text not null, "priority" integer not null, "enabled" boolean not null default true, "condition" text check ("condition" in ('blacklisted', 'order_total_above', 'customer_total_above', 'velocity', 'accounts_per_ip', 'accounts_per_device', 'new_customer')) not null, "params" jsonb null, "action" text check ("action" in ('allow', 'review', 'block')) not null, "weight" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "risk_rule_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_rule_deleted_at" ON "risk_rule" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_rule_priority" ON "risk_rule" ("priority") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "risk_assessment" cascade;`);

    this.addSql(`drop table if exists "risk_rule" cascade;`);
  }

}
