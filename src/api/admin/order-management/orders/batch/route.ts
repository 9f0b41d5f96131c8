import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { runLifecycleAction } from "../../../../../workflows/run-lifecycle-action"
import { adminActor } from "../../../../utils/actor"
import { describeError } from "../../../../utils/errors"
import type { BatchActionBodyType } from "../../validators"

/**
 * POST /admin/order-management/orders/batch { order_ids, action, reason? }:
 * each order runs on its own, and the answer lists a result per order.
 */
export async function POST(req: AuthenticatedMedusaRequest<BatchActionBodyType>, res: MedusaResponse) {
  const b = req.validatedBody
  const actor = await adminActor(req)
  const results: Array<{ order_id: string; ok: boolean; status?: number; message?: string }> = []
  for (const order_id of [...new Set(b.order_ids)]) {
    try {
      await runLifecycleAction(req.scope, {
        order_id,
        action: b.action,
        actor,
        reason: b.reason,
        activate_at: b.activate_at,
        tracking_number: b.tracking_number,
      })
      results.push({ order_id, ok: true })
    } catch (e) {
      const d = describeError(e)
      results.push({ order_id, ok: false, status: d.status, message: d.message })
    }
  }
  const succeeded = results.filter((r) => r.ok).length
  res.json({ action: b.action, results, succeeded, failed: results.length - succeeded })
}
