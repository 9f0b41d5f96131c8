import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { replayPaymentEvent } from "../../../../../../workflows/anomalies/replay-payment-event"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"

/**
 * POST /admin/order-management/payment-events/:id/replay — "Re-process callback": apply a stored inbox event again
 * through the retry job's path (the stored, signature-verified report; never a body: any field is refused with 400).
 * Replays failed and ignored events and ones left half-done for 2 minutes. → `{ event, result }`: the inbox row after
 * (status, outcome, attempts, error; no payload) and `result` `{ status: processed | ignored | failed | duplicate,
 * outcome?, error?, order_id, event_id }`. The order's history records `payment_event_replayed` (the admin, the
 * outcome). 404 unknown id; 409 "already processed" (or being processed right now).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    res.json(await replayPaymentEvent(req.scope, { event_id: req.params.id, actor: { type: "user", id: actor.id ?? null } }))
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
