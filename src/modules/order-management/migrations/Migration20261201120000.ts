import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * A canceled order owes nothing: lifecycles of canceled orders that still carried a positive outstanding amount
 * (Medusa's summary keeps its pending difference at the total after a cancel, and earlier versions copied it) are set
 * to zero. A negative amount (a refund due) is kept. Data only; nothing to undo.
 */
export class Migration20261201120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`update "order_lifecycle" set "outstanding_minor" = 0, "raw_outstanding_minor" = '{"value":"0","precision":20}' where "payment_status" = 'canceled' and "outstanding_minor" > 0;`);
  }

  override async down(): Promise<void> {
    // data only: the amounts it cleared were never owed
  }

}
