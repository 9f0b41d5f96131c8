import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201183855 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_anomaly" drop constraint if exists "order_anomaly_status_check";`);

    this.addSql(`alter table if exists "order_anomaly" add column if not exists "assignee_id" text null, add column if not exists "assigned_at" timestamptz null;`);
    this.addSql(`alter table if exists "order_anomaly" add constraint "order_anomaly_status_check" check("status" in ('open', 'investigating', 'waiting_customer', 'resolved', 'dismissed'));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_anomaly_assignee_id_status" ON "order_anomaly" ("assignee_id", "status") WHERE deleted_at IS NULL AND assignee_id IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_anomaly" drop constraint if exists "order_anomaly_status_check";`);

    this.addSql(`drop index if exists "IDX_order_anomaly_assignee_id_status";`);
    this.addSql(`alter table if exists "order_anomaly" drop column if exists "assignee_id", drop column if exists "assigned_at";`);

    this.addSql(`alter table if exists "order_anomaly" add constraint "order_anomaly_status_check" check("status" in ('open', 'investigating', 'resolved'));`);
  }

}
