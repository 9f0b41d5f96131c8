import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AFTER_SALES_MODULE } from "../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../modules/after-sales/service"
import { sendLifecycleError } from "../../../utils/errors"
import { ListRefundRequestsQuery } from "./validators"

/**
 * GET /admin/order-management/refund-requests?status=requested[,failed…]&order_id=&limit=50&offset=0 — the refund
 * queue, newest first: `{ refund_requests: [RefundRequest & { order_display_id, customer_email }], count, limit,
 * offset }` (amounts in minor units). 400 for an unknown status or a bad page.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const parsed = ListRefundRequestsQuery.safeParse(req.query)
    if (!parsed.success) {
      res.status(400).json({ type: "invalid_data", message: parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ") })
      return
    }
    const q = parsed.data
    const afterSales: AfterSalesModuleService = req.scope.resolve(AFTER_SALES_MODULE)
    const { rows, count } = await afterSales.listRefundRequestViews({ status: q.status, order_id: q.order_id }, { limit: q.limit, offset: q.offset })
    const ids = [...new Set(rows.map((r) => r.order_id))]
    const { data: orders } = ids.length
      ? await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "display_id", "email"], filters: { id: ids } })
      : { data: [] as any[] }
    const byId = new Map((orders as any[]).map((o) => [o.id, o]))
    res.json({
      refund_requests: rows.map((r) => ({ ...r, order_display_id: byId.get(r.order_id)?.display_id ?? null, customer_email: byId.get(r.order_id)?.email ?? null })),
      count,
      limit: q.limit,
      offset: q.offset,
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
