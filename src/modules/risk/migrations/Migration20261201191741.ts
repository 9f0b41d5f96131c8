import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201191741 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "risk_assessment" add column if not exists "stage" text check ("stage" in ('payment_session', 'completion')) not null default 'completion';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "risk_assessment" drop column if exists "stage";`);
  }

}
