import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveDifference } from "../../../../../../../workflows/reconciliation/resolve"
import { adminActor } from "../../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../../utils/errors"
import type { ResolveDifferenceBodyType } from "../../../validators"

/**
 * POST /admin/order-management/reconciliation/differences/:id/resolve { action: open_anomaly | explained | assign,
 * note?, order_id? } — hand the difference to the anomaly desk, mark it explained (a note is required), or assign an
 * unmatched bank transfer to an order (which records the receipt). `{ difference }`. 400 a wrong action for the
 * type, an order not paid by bank transfer; 404 unknown; 409 already decided.
 */
export async function POST(req: AuthenticatedMedusaRequest<ResolveDifferenceBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const b = req.validatedBody
    const difference = await resolveDifference(req.scope, req.params.id, { action: b.action, note: b.note ?? null, order_id: b.order_id ?? null, actor: { type: "user", id: actor.id ?? null } })
    res.json({ difference })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
