import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201183857 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "anomaly_step" ("id" text not null, "anomaly_id" text not null, "kind" text check ("kind" in ('opened', 'transition', 'assigned', 'unassigned', 'note')) not null, "from_status" text null, "to_status" text null, "resolution" text null, "assignee_id" text null, "actor_type" text not null, "actor_id" text null, "note" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "anomaly_step_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_anomaly_step_deleted_at" ON "anomaly_step" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_anomaly_step_anomaly_id_created_at" ON "anomaly_step" ("anomaly_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_anomaly_step_one_opened" ON "anomaly_step" ("anomaly_id") WHERE deleted_at IS NULL AND kind = 'opened';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "anomaly_step" cascade;`);
  }

}
