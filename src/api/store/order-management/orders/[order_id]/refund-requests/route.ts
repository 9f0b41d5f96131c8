import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AFTER_SALES_MODULE } from "../../../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../../../modules/after-sales/service"
import type { RefundRequestView } from "../../../../../../modules/after-sales/service"
import { refundContext } from "../../../../../../workflows/after-sales/context"
import { requestRefundWorkflow } from "../../../../../../workflows/after-sales/request-refund"
import { customerOrder } from "../../../../../utils/store-order"
import { decodeUpload } from "../../../../../utils/upload"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { StoreRefundRequestBodyType } from "../../../../../admin/order-management/refund-requests/validators"

/** What a customer sees of a request: no reviewer ids, no internal notes, evidence without file ids. */
export function customerView(r: RefundRequestView) {
  return {
    id: r.id, order_id: r.order_id, status: r.status, currency_code: r.currency_code,
    requested_amount_minor: r.requested_amount_minor, amount_minor: r.amount_minor, refunded_minor: r.refunded_minor,
    destination: r.destination, reason_code: r.reason_code, note: r.note, items: r.items,
    evidence: r.evidence.map((e) => ({ name: e.name ?? null, mime_type: e.mime_type, size_bytes: e.size_bytes })),
    reject_reason: r.reject_reason, failure: r.failure ? { cause: r.failure.cause } : null,
    refunds: r.refunds.map((m) => ({ amount_minor: m.amount_minor, destination: m.destination, status: m.status, platform_refund_no: m.platform_refund_no, claim_url: m.claim_url ?? null, created_at: m.created_at })),
    history: r.history.map((h) => ({ action: h.action, from_status: h.from_status, to_status: h.to_status, created_at: h.created_at })),
    created_at: r.created_at, updated_at: r.updated_at,
  }
}

/**
 * GET /store/order-management/orders/:order_id/refund-requests — the logged-in customer's requests on their own
 * order and what can still be asked: `{ refund_requests, refundable: { amount_minor, currency_code, deadline_at,
 * reasons, open_request_id } }`. 401 not logged in; 404 not their order.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const order = await customerOrder(req)
    const afterSales: AfterSalesModuleService = req.scope.resolve(AFTER_SALES_MODULE)
    const ctx = await refundContext(req.scope, order.id)
    const { rows } = await afterSales.listRefundRequestViews({ order_id: order.id }, { limit: 100 })
    res.json({
      refund_requests: rows.map(customerView),
      refundable: { amount_minor: ctx.available_minor, currency_code: ctx.order.currency_code, deadline_at: ctx.deadline_at, reasons: afterSales.getAfterSalesOptions().refundReasons, open_request_id: ctx.open_request_id },
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/**
 * POST /store/order-management/orders/:order_id/refund-requests { amount? (minor units; absent = everything
 * refundable), items? [{item_id, quantity}], reason_code (one of the store's reasons), note?, evidence? (up to 5
 * files {name, mime_type: image/png | image/jpeg | application/pdf, content_base64}, 5 MB each), return_items? } —
 * ask for money back on one's own order: 201 `{ refund_request }`. 400 each failed check with its message (not paid,
 * above what is refundable, past the channel's deadline, already fully refunded, bad reason or file); 409 one open.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreRefundRequestBodyType>, res: MedusaResponse) {
  try {
    const order = await customerOrder(req)
    const b = req.validatedBody
    const evidence = (b.evidence ?? []).map((f, i) => {
      const bytes = decodeUpload(f, `evidence[${i}]`)
      return { name: f.name, mime_type: f.mime_type, content_base64: bytes.toString("base64"), size_bytes: bytes.length }
    })
    const { result: id } = await requestRefundWorkflow(req.scope).run({
      input: { order_id: order.id, amount_minor: b.amount ?? null, items: b.items ?? null, reason_code: b.reason_code, note: b.note ?? null, evidence, return_items: b.return_items, actor: { type: "customer", id: order.customer_id } },
    })
    res.status(201).json({ refund_request: customerView(await (req.scope.resolve(AFTER_SALES_MODULE) as AfterSalesModuleService).viewRefundRequest(id)) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
