import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../modules/order-management/service"
import { serializeLifecycle } from "../../../../utils/serialize"
import { sendLifecycleError } from "../../../../utils/errors"
import { userEmails } from "../../../../utils/order-summaries"
import { RISK_MODULE } from "../../../../../modules/risk"
import type RiskModuleService from "../../../../../modules/risk/service"
import { ADMIN_ACTIONS, decide } from "../../../../../modules/order-management/lifecycle/transitions"

/**
 * GET /admin/order-management/orders/:order_id: the record with its history and notes (newest first), and `risk`:
 * the checkout's assessment `{ level, score, action, rules: [{ rule_id, name, condition, action, weight, detail }],
 * ip, device_id, ip_country }` or null.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  try {
    const row = await service.retrieveLifecycleByOrder(req.params.order_id)
    const { history, notes } = await service.getHistoryAndNotes(row.id)
    const emails = await userEmails(req.scope, [...history.map((h: any) => h.actor_id), ...notes.map((n: any) => n.author_id)])
    for (const h of history) h.actor_email = h.actor_type === "user" ? emails[h.actor_id] ?? null : null
    for (const n of notes) n.author_email = n.author_type === "user" ? emails[n.author_id] ?? null : null
    // what an admin could do now, per the transition table (the widget shows only these)
    const available_actions = ADMIN_ACTIONS.filter((a) => decide(a, row, "user").ok)
    // the checkout's risk assessment (null for an order placed without one)
    const risk = await (req.scope.resolve(RISK_MODULE) as RiskModuleService).assessmentOfOrder(row.order_id)
    res.json({ order_lifecycle: { ...serializeLifecycle(row), available_actions, history, notes }, risk })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
