import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveAnomaly } from "../../../../../../workflows/resolve-anomaly"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { ResolveAnomalyBodyType } from "../../../validators"

/** POST /admin/order-management/anomalies/:id/resolve { resolution: refund | revive | manual, note? } */
export async function POST(req: AuthenticatedMedusaRequest<ResolveAnomalyBodyType>, res: MedusaResponse) {
  try {
    const anomaly = await resolveAnomaly(req.scope, {
      anomaly_id: req.params.id,
      resolution: req.validatedBody.resolution,
      note: req.validatedBody.note,
      actor: await adminActor(req),
    })
    res.json({ anomaly })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
