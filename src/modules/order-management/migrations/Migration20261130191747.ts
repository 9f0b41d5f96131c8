import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130191747 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_paid_at" ON "order_lifecycle" ("paid_at") WHERE deleted_at IS NULL AND paid_at IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_total_minor" ON "order_lifecycle" ("total_minor") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_currency_code_total_minor" ON "order_lifecycle" ("currency_code", "total_minor") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_order_lifecycle_currency_code_paid_minor" ON "order_lifecycle" ("currency_code", "paid_minor") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_order_lifecycle_paid_at";`);
    this.addSql(`drop index if exists "IDX_order_lifecycle_total_minor";`);
    this.addSql(`drop index if exists "IDX_order_lifecycle_currency_code_total_minor";`);
    this.addSql(`drop index if exists "IDX_order_lifecycle_currency_code_paid_minor";`);
  }

}
