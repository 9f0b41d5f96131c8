import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130143550 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_payment_event" drop constraint if exists "order_payment_event_status_check";`);

    this.addSql(`alter table if exists "order_payment_event" add constraint "order_payment_event_status_check" check("status" in ('received', 'processing', 'processed', 'ignored', 'failed'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_payment_event" drop constraint if exists "order_payment_event_status_check";`);

    this.addSql(`alter table if exists "order_payment_event" add constraint "order_payment_event_status_check" check("status" in ('received', 'processed', 'ignored', 'failed'));`);
  }

}
