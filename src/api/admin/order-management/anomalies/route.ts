import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import type { AnomalyFilters } from "../../../../modules/order-management/service"
import { ANOMALY_DESK_MODULE } from "../../../../modules/anomaly-desk"
import type AnomalyDeskModuleService from "../../../../modules/anomaly-desk/service"
import { openMaliciousOrderAnomaly } from "../../../../workflows/anomalies/open-anomaly"
import { adminActor } from "../../../utils/actor"
import { sendLifecycleError } from "../../../utils/errors"
import { deskRow, deskView, usersById } from "./helpers"
import type { CreateAnomalyBodyType, ListAnomaliesQueryType } from "./validators"

/**
 * GET /admin/order-management/anomalies — the anomaly desk's list, newest first.
 *
 * Query (all optional): `status` (open, investigating, waiting_customer, resolved, dismissed; a list), `type` (a
 * list of anomaly types), `order_id`, `cart_id`, `without_order=true` (money that belongs to no order yet),
 * `provider_id` (`pp_alipay_alipay` or the channel `alipay`), `assignee_id` (a user id, `me`, or `unassigned`),
 * `older_than_hours`, `created_from` / `created_to` (ISO 8601), `q` (the order's display id, an order or anomaly
 * id, out_trade_no, the platform's transaction id), `limit` (≤ 200, default 20), `offset`.
 *
 * Answer: `{ anomalies, count, limit, offset, counts: { open, investigating, waiting_customer, resolved, dismissed } }`
 * (counts: every filter but status — the page's tabs). Each anomaly: type, status, amount_minor + currency_code (the
 * money concerned, minor units), provider_id, platform_transaction_id, out_trade_no, session_id, payment_id (Medusa's
 * payment, when recorded: the refund path), order_id and display_id or, before there is an order, cart_id; metadata
 * with the reason; resolution, resolution_note, resolved_at; `assignee_id`, `assigned_at`, `assignee` ({ id, email,
 * name } or null), `age` (whole seconds since it was opened) and `last_step` (the newest timeline step).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as unknown as ListAnomaliesQueryType
  const om: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const desk: AnomalyDeskModuleService = req.scope.resolve(ANOMALY_DESK_MODULE)
  const now = new Date()
  const filters: AnomalyFilters = {
    type: q.type,
    order_id: q.order_id,
    cart_id: q.cart_id,
    without_order: q.without_order,
    provider_id: q.provider_id,
    assignee_id: q.assignee_id === "unassigned" ? null : q.assignee_id === "me" ? req.auth_context?.actor_id ?? "" : q.assignee_id,
    created_from: q.created_from,
    created_to: q.created_to,
    older_than: q.older_than_hours !== undefined ? new Date(now.getTime() - q.older_than_hours * 3_600_000) : undefined,
    q: q.q?.trim() || undefined,
  }
  const [[anomalies, count], counts] = await Promise.all([
    om.listAnomalies({ ...filters, status: q.status }, { limit: q.limit, offset: q.offset }),
    om.countAnomaliesByStatus(filters),
  ])
  const [users, last] = await Promise.all([usersById(req.scope, anomalies.map((a) => a.assignee_id)), desk.lastStepsOf(anomalies.map((a) => a.id))])
  res.json({ anomalies: anomalies.map((a) => deskRow(a, users, last[a.id], now.getTime())), count, limit: q.limit, offset: q.offset, counts })
}

/**
 * POST /admin/order-management/anomalies `{ order_id, type: "malicious_order", note }` — an admin opens a
 * malicious-order anomaly by hand (the note is its reason and the opened step's note). 201 `{ anomaly }`; 404 unknown
 * order; 409 when the order has an unfinished malicious_order anomaly already (the message names it).
 */
export async function POST(req: AuthenticatedMedusaRequest<CreateAnomalyBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const b = req.validatedBody
    const { anomaly, created } = await openMaliciousOrderAnomaly(req.scope, { order_id: b.order_id, reason: b.note, actor: { type: "user", id: actor.id ?? null } })
    if (!created) {
      res.status(409).json({ type: "conflict", message: `Order ${b.order_id} has an unfinished malicious_order anomaly already (${anomaly.id}, ${anomaly.status})` })
      return
    }
    res.status(201).json({ anomaly: await deskView(req.scope, anomaly) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
