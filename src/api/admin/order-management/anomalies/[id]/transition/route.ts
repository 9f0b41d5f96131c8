import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { transitionAnomaly } from "../../../../../../workflows/anomalies/transition-anomaly"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { deskView } from "../../helpers"
import type { TransitionAnomalyBodyType } from "../../validators"

/**
 * POST /admin/order-management/anomalies/:id/transition `{ to, note?, resolution?, from? }` — move an anomaly along the
 * desk's process (src/modules/anomaly-desk/transitions.ts): open → investigating | waiting_customer | resolved |
 * dismissed; investigating → open | waiting_customer | resolved | dismissed; waiting_customer → investigating |
 * resolved | dismissed; resolved and dismissed are final. `resolution` (to = resolved only): refund (through the
 * provider), resend, revive (paid_after_cancel), manual. A note is required to dismiss and for manual and resend.
 * `from` (optional): the status the caller saw; the move happens only while the anomaly is still in it.
 * → `{ anomaly, step }` (the timeline row: actor, time, from → to, note).
 * 400 missing note / resolution (the message names the field); 404 unknown anomaly; 409 an illegal move (the
 * message names from and to), or a concurrent move from the same status won first; a refund or revive that cannot be
 * made answers its own 400 / 409 and leaves the anomaly as it was.
 */
export async function POST(req: AuthenticatedMedusaRequest<TransitionAnomalyBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const b = req.validatedBody
    const { anomaly, step } = await transitionAnomaly(req.scope, {
      anomaly_id: req.params.id,
      to: b.to,
      resolution: b.resolution ?? null,
      note: b.note ?? null,
      from: b.from ?? null,
      actor: { type: "user", id: actor.id ?? null },
    })
    res.json({ anomaly: await deskView(req.scope, anomaly), step })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
