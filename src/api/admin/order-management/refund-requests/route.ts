import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AFTER_SALES_MODULE } from "../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../modules/after-sales/service"
import { sendLifecycleError } from "../../../utils/errors"
import { ListRefundRequestsQuery } from "./validators"

/**
 * GET /admin/order-management/refund-requests?status=requested[,failed…]&order_id=&q=&limit=50&offset=0 — the refund
 * queue, newest first (`q`: an order's display id, a part of the buyer's email, or a request id): `{ refund_requests: [RefundRequest & { order_display_id, customer_email }], count, limit,
 * offset }` (amounts in minor units); each row also has `order_number` (the plugin's MO number) and
 * `can_refund_to_balance` (the buyer has an account). 400 for an unknown status or a bad page.
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
    // q: the order's number (display id), a part of the buyer's email, or a request id
    let orderIds: string[] | undefined
    if (q.q) {
      const text = q.q.replace(/^#/, "")
      const { data: found } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "order",
        fields: ["id"],
        filters: /^\d{1,9}$/.test(text) ? { display_id: Number(text) } : { email: { $ilike: `%${text.replace(/[%_\\]/g, "\\$&")}%` } },
        pagination: { take: 500 },
      } as any)
      orderIds = (found as any[]).map((o) => o.id)
    }
    const { rows, count } = await afterSales.listRefundRequestViews({ status: q.status, order_id: q.order_id, order_ids: orderIds, id_prefix: q.q && /^rfreq_/.test(q.q) ? q.q : undefined }, { limit: q.limit, offset: q.offset })
    const ids = [...new Set(rows.map((r) => r.order_id))]
    const { data: orders } = ids.length
      ? await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "display_id", "email", "customer_id", "customer.has_account", "order_lifecycle.order_number"], filters: { id: ids } })
      : { data: [] as any[] }
    const byId = new Map((orders as any[]).map((o) => [o.id, o]))
    res.json({
      refund_requests: rows.map((r) => {
        const o = byId.get(r.order_id)
        return { ...r, order_display_id: o?.display_id ?? null, order_number: o?.order_lifecycle?.order_number ?? null, customer_email: o?.email ?? null, can_refund_to_balance: !!o?.customer_id && !!o?.customer?.has_account }
      }),
      count,
      limit: q.limit,
      offset: q.offset,
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
