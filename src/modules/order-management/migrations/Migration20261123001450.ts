import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123001450 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" add column if not exists "payment_fee_minor" integer null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" drop column if exists "payment_fee_minor";`);
  }

}
