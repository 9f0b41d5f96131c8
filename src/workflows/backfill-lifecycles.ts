import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { syncOrder } from "./sync-order"

export type BackfillReport = { scanned: number; created: number; failed: Array<{ order_id: string; message: string }> }

/**
 * Create lifecycle records for orders placed before the plugin was installed.
 * Pages through Medusa's orders by id (keyset), skips those that already have
 * a record, and syncs each from its payment state. Safe to run again.
 */
export async function backfillLifecycles(
  container: MedusaContainer,
  opts: { batchSize?: number } = {}
): Promise<BackfillReport> {
  const batch = Math.min(Math.max(opts.batchSize ?? 200, 1), 1000)
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const report: BackfillReport = { scanned: 0, created: 0, failed: [] }
  let after = ""
  for (;;) {
    // read-only: orders without a lifecycle row, in id order
    const rows: { id: string }[] = await pg("order as o")
      .select("o.id")
      .whereNull("o.deleted_at")
      .where("o.is_draft_order", false)
      .where("o.id", ">", after)
      .whereNotExists(pg("order_lifecycle as l").select(pg.raw("1")).whereRaw("l.order_id = o.id").whereNull("l.deleted_at"))
      .orderBy("o.id")
      .limit(batch)
    if (!rows.length) {
      return report
    }
    for (const { id } of rows) {
      report.scanned++
      try {
        await syncOrder(container, id)
        report.created++
      } catch (e) {
        report.failed.push({ order_id: id, message: (e as Error).message })
      }
    }
    after = rows[rows.length - 1].id
  }
}
