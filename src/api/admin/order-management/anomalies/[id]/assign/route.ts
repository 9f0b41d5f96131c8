import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assignAnomaly } from "../../../../../../workflows/anomalies/assign-anomaly"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { deskView } from "../../helpers"
import type { AssignAnomalyBodyType } from "../../validators"

/**
 * POST /admin/order-management/anomalies/:id/assign `{ user_id: string | null, note? }` — assign an unfinished
 * anomaly to an admin user (null unassigns), recorded as a timeline step (assigned / unassigned) and announced
 * (order_management.anomaly.assigned). → `{ anomaly, step }` (step null when it was assigned to that user already).
 * 400 when user_id is not an admin user of this store; 404 unknown anomaly; 409 a resolved or dismissed anomaly.
 */
export async function POST(req: AuthenticatedMedusaRequest<AssignAnomalyBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const { anomaly, step } = await assignAnomaly(req.scope, {
      anomaly_id: req.params.id,
      user_id: req.validatedBody.user_id,
      note: req.validatedBody.note ?? null,
      actor: { type: "user", id: actor.id ?? null },
    })
    res.json({ anomaly: await deskView(req.scope, anomaly), step })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
