import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130134039 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" add column if not exists "payment_due_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" drop column if exists "payment_due_at";`);
  }

}
