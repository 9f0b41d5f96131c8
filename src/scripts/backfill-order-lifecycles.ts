import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { backfillLifecycles } from "../workflows/backfill-lifecycles"

/**
 * `npx medusa exec ./node_modules/medusa-order-management/.medusa/server/src/scripts/backfill-order-lifecycles.js`
 * (or `./src/scripts/backfill-order-lifecycles.ts` in this repo): create
 * lifecycle records for orders that existed before the plugin was installed.
 */
export default async function backfillOrderLifecycles({ container, args }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const batchSize = args?.[0] ? Number(args[0]) : undefined
  const report = await backfillLifecycles(container, { batchSize })
  logger.info(
    `order-management backfill: scanned ${report.scanned}, created ${report.created}, failed ${report.failed.length}`
  )
  for (const f of report.failed) {
    logger.warn(`order-management backfill: ${f.order_id}: ${f.message}`)
  }
}
