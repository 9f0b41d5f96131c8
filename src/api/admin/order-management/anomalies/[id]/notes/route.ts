import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { addAnomalyNote } from "../../../../../../workflows/anomalies/add-note"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { deskView } from "../../helpers"
import type { AnomalyNoteBodyType } from "../../validators"

/**
 * POST /admin/order-management/anomalies/:id/notes `{ note }` — a remark on the anomaly's timeline that moves
 * nothing (any status, final ones included). 201 `{ anomaly, step }`; 400 blank note; 404 unknown anomaly.
 */
export async function POST(req: AuthenticatedMedusaRequest<AnomalyNoteBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const { anomaly, step } = await addAnomalyNote(req.scope, { anomaly_id: req.params.id, note: req.validatedBody.note, actor: { type: "user", id: actor.id ?? null } })
    res.status(201).json({ anomaly: await deskView(req.scope, anomaly), step })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
