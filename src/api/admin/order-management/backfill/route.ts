import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { backfillLifecycles } from "../../../../workflows/backfill-lifecycles"

/** POST /admin/order-management/backfill: create records for orders placed before install. */
export async function POST(req: AuthenticatedMedusaRequest<{ batch_size?: number }>, res: MedusaResponse) {
  const report = await backfillLifecycles(req.scope, { batchSize: req.validatedBody?.batch_size })
  res.json(report)
}
