import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { transitionAnomaly } from "../../../../../../workflows/anomalies/transition-anomaly"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { deskView } from "../../helpers"
import type { ResolveAnomalyBodyType } from "../../validators"

/**
 * POST /admin/order-management/anomalies/:id/resolve `{ resolution: refund | resend | revive | manual, note? }` — the
 * older name of `POST …/:id/transition { to: "resolved", resolution, note }` (same workflow: the move is claimed, the
 * refund or revive runs, a failure leaves the anomaly as it was). → `{ anomaly, step }`; 409 when already resolved
 * or dismissed.
 */
export async function POST(req: AuthenticatedMedusaRequest<ResolveAnomalyBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const b = req.validatedBody
    const { anomaly, step } = await transitionAnomaly(req.scope, { anomaly_id: req.params.id, to: "resolved", resolution: b.resolution, note: b.note ?? null, actor: { type: "user", id: actor.id ?? null } })
    res.json({ anomaly: await deskView(req.scope, anomaly), step })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
