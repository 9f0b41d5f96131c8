import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201163535 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" add column if not exists "risk_level" text check ("risk_level" in ('low', 'medium', 'high')) null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_risk_level_placed_at" ON "order_lifecycle" ("risk_level", "placed_at") WHERE deleted_at IS NULL AND risk_level IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_order_lifecycle_risk_level_placed_at";`);
    this.addSql(`alter table if exists "order_lifecycle" drop column if exists "risk_level";`);
  }

}
