import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201223206 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "order_anomaly" drop constraint if exists "order_anomaly_type_check";`);

    this.addSql(`alter table if exists "order_anomaly" add constraint "order_anomaly_type_check" check("type" in ('paid_after_cancel', 'duplicate_payment', 'amount_mismatch', 'currency_mismatch', 'paid_not_received', 'malicious_order', 'paid_late', 'paid_no_order', 'unmatched_payment', 'refunded_outside_store', 'reconciliation_difference'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "order_anomaly" drop constraint if exists "order_anomaly_type_check";`);

    this.addSql(`alter table if exists "order_anomaly" add constraint "order_anomaly_type_check" check("type" in ('paid_after_cancel', 'duplicate_payment', 'amount_mismatch', 'currency_mismatch', 'paid_not_received', 'malicious_order', 'paid_late', 'paid_no_order', 'unmatched_payment', 'refunded_outside_store'));`);
  }

}
