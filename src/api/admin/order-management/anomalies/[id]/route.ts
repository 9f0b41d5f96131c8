import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendLifecycleError } from "../../../../utils/errors"
import { anomalyDetail } from "../helpers"

/**
 * GET /admin/order-management/anomalies/:id — one anomaly for the desk's drawer:
 * `{ anomaly, steps, order, payment_events, order_history }`.
 * - `anomaly`: as in the list (assignee, age in seconds, last_step);
 * - `steps`: the timeline, oldest first: `{ id, kind: opened | transition | assigned | unassigned | note,
 *   from_status, to_status, resolution, assignee_id, assignee, actor: { type, id, email?, name? }, note, metadata,
 *   created_at, synthetic? }` (an anomaly opened before the desk kept steps starts with a synthetic "opened" step
 *   dated its created_at);
 * - `order`: `{ id, display_id, status (Medusa's), payment_status, fulfillment_status, on_hold, email,
 *   currency_code, total_minor, payment_provider, placed_at }` or null (money without an order);
 * - `payment_events`: the callback inbox rows of its order, payment session or trade number (`{ id, provider,
 *   source, kind, status, outcome, attempts, error, amount_minor, currency_code, created_at, processed_at, … }`,
 *   never the payload), newest first;
 * - `order_history`: the order's lifecycle history rows, newest first.
 * 404 for an unknown id.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    res.json(await anomalyDetail(req.scope, req.params.id))
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
