import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AFTER_SALES_MODULE } from "../../../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../../../modules/after-sales/service"
import { refundContext } from "../../../../../../workflows/after-sales/context"
import { requestRefundWorkflow } from "../../../../../../workflows/after-sales/request-refund"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { AdminRefundRequestBodyType } from "../../../refund-requests/validators"

/**
 * GET /admin/order-management/orders/:order_id/refund-requests — the order's requests (newest first, with
 * timelines) and what can still be asked: `{ refund_requests, refundable: { amount_minor, currency_code,
 * captured_minor, refunded_minor, held_minor, deadline_at (ISO 8601 UTC | null), reasons, open_request_id } }`. 404.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const afterSales: AfterSalesModuleService = req.scope.resolve(AFTER_SALES_MODULE)
    const ctx = await refundContext(req.scope, req.params.order_id)
    const { rows } = await afterSales.listRefundRequestViews({ order_id: req.params.order_id }, { limit: 100 })
    res.json({
      refund_requests: rows,
      refundable: {
        amount_minor: ctx.available_minor,
        currency_code: ctx.order.currency_code,
        captured_minor: ctx.captured_minor,
        refunded_minor: ctx.refunded_minor,
        held_minor: ctx.held_minor,
        deadline_at: ctx.deadline_at,
        reasons: afterSales.getAfterSalesOptions().refundReasons,
        open_request_id: ctx.open_request_id,
        can_refund_to_balance: !!ctx.order.customer_id && ctx.order.has_account,
      },
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/**
 * POST /admin/order-management/orders/:order_id/refund-requests { amount? (minor units; default all refundable),
 * items?, reason_code, note?, return_items?, return_location_id? } — open a request on the customer's behalf
 * (same checks as the storefront's): 201 `{ refund_request }`. 400 bad amount/reason/items, 409 one already open.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminRefundRequestBodyType>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const actor = await adminActor(req)
    const { result: id } = await requestRefundWorkflow(req.scope).run({
      input: { order_id: req.params.order_id, amount_minor: b.amount ?? null, items: b.items ?? null, reason_code: b.reason_code, note: b.note ?? null, return_items: b.return_items, return_location_id: b.return_location_id ?? null, actor: { type: "user", id: actor.id ?? null } },
    })
    res.status(201).json({ refund_request: await (req.scope.resolve(AFTER_SALES_MODULE) as AfterSalesModuleService).viewRefundRequest(id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
