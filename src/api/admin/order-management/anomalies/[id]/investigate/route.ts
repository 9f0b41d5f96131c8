import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { transitionAnomaly } from "../../../../../../workflows/anomalies/transition-anomaly"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { deskView } from "../../helpers"
import type { InvestigateAnomalyBodyType } from "../../validators"

/**
 * POST /admin/order-management/anomalies/:id/investigate `{ note? }` — the older name of
 * `POST …/:id/transition { to: "investigating", note }` (same workflow, same timeline step). → `{ anomaly, step }`;
 * 409 when the anomaly cannot move to investigating from its status.
 */
export async function POST(req: AuthenticatedMedusaRequest<InvestigateAnomalyBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const { anomaly, step } = await transitionAnomaly(req.scope, { anomaly_id: req.params.id, to: "investigating", note: req.validatedBody.note ?? null, actor: { type: "user", id: actor.id ?? null } })
    res.json({ anomaly: await deskView(req.scope, anomaly), step })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
