import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201184052 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "risk_verification" drop constraint if exists "risk_verification_order_id_unique";`);
    this.addSql(`create table if not exists "risk_verification" ("id" text not null, "order_id" text not null, "assessment_id" text null, "rule_id" text null, "status" text check ("status" in ('pending', 'verified', 'locked', 'skipped')) not null default 'pending', "channel" text check ("channel" in ('email', 'phone')) null, "destination" text null, "code_hash" text null, "expires_at" timestamptz null, "attempts" integer not null default 0, "sends" integer not null default 0, "last_sent_at" timestamptz null, "verified_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "risk_verification_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_risk_verification_deleted_at" ON "risk_verification" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_risk_verification_order_id_unique" ON "risk_verification" ("order_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "risk_rule" drop constraint if exists "risk_rule_condition_check";`);
    this.addSql(`alter table if exists "risk_rule" drop constraint if exists "risk_rule_action_check";`);

    this.addSql(`alter table if exists "risk_assessment" add column if not exists "ip_country" text null;`);

    this.addSql(`alter table if exists "risk_rule" add constraint "risk_rule_condition_check" check("condition" in ('blacklisted', 'order_total_above', 'customer_total_above', 'velocity', 'accounts_per_ip', 'accounts_per_device', 'new_customer', 'ip_country_mismatch'));`);
    this.addSql(`alter table if exists "risk_rule" add constraint "risk_rule_action_check" check("action" in ('allow', 'review', 'block', 'verify', 'cancel'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "risk_verification" cascade;`);

    this.addSql(`alter table if exists "risk_rule" drop constraint if exists "risk_rule_condition_check";`);
    this.addSql(`alter table if exists "risk_rule" drop constraint if exists "risk_rule_action_check";`);

    this.addSql(`alter table if exists "risk_assessment" drop column if exists "ip_country";`);

    this.addSql(`alter table if exists "risk_rule" add constraint "risk_rule_condition_check" check("condition" in ('blacklisted', 'order_total_above', 'customer_total_above', 'velocity', 'accounts_per_ip', 'accounts_per_device', 'new_customer'));`);
    this.addSql(`alter table if exists "risk_rule" add constraint "risk_rule_action_check" check("action" in ('allow', 'review', 'block'));`);
  }

}
