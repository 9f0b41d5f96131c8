import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130130503 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" drop constraint if exists "order_lifecycle_payment_status_check";`);

    this.addSql(`alter table if exists "order_lifecycle_event" drop constraint if exists "order_lifecycle_event_from_payment_status_check";`);
    this.addSql(`alter table if exists "order_lifecycle_event" drop constraint if exists "order_lifecycle_event_to_payment_status_check";`);

    this.addSql(`alter table if exists "order_lifecycle" add column if not exists "outstanding_minor" numeric not null default 0, add column if not exists "raw_outstanding_minor" jsonb not null default '{"value":"0","precision":20}';`);
    this.addSql(`alter table if exists "order_lifecycle" add constraint "order_lifecycle_payment_status_check" check("payment_status" in ('pending', 'processing', 'partially_paid', 'confirmed', 'suspected_fraud', 'canceled'));`);

    this.addSql(`alter table if exists "order_lifecycle_event" add constraint "order_lifecycle_event_from_payment_status_check" check("from_payment_status" in ('pending', 'processing', 'partially_paid', 'confirmed', 'suspected_fraud', 'canceled'));`);
    this.addSql(`alter table if exists "order_lifecycle_event" add constraint "order_lifecycle_event_to_payment_status_check" check("to_payment_status" in ('pending', 'processing', 'partially_paid', 'confirmed', 'suspected_fraud', 'canceled'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_lifecycle" drop constraint if exists "order_lifecycle_payment_status_check";`);

    this.addSql(`alter table if exists "order_lifecycle_event" drop constraint if exists "order_lifecycle_event_from_payment_status_check";`);
    this.addSql(`alter table if exists "order_lifecycle_event" drop constraint if exists "order_lifecycle_event_to_payment_status_check";`);

    this.addSql(`alter table if exists "order_lifecycle" drop column if exists "outstanding_minor", drop column if exists "raw_outstanding_minor";`);

    this.addSql(`alter table if exists "order_lifecycle" add constraint "order_lifecycle_payment_status_check" check("payment_status" in ('pending', 'processing', 'confirmed', 'suspected_fraud', 'canceled'));`);

    this.addSql(`alter table if exists "order_lifecycle_event" add constraint "order_lifecycle_event_from_payment_status_check" check("from_payment_status" in ('pending', 'processing', 'confirmed', 'suspected_fraud', 'canceled'));`);
    this.addSql(`alter table if exists "order_lifecycle_event" add constraint "order_lifecycle_event_to_payment_status_check" check("to_payment_status" in ('pending', 'processing', 'confirmed', 'suspected_fraud', 'canceled'));`);
  }

}
