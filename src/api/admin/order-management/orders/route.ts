import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { serializeLifecycle } from "../../../utils/serialize"
import { orderSummaries } from "../../../utils/order-summaries"
import type { ListOrdersQueryType } from "../validators"

/** GET /admin/order-management/orders: filtered, paged, newest first. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListOrdersQueryType>, res: MedusaResponse) {
  const q = req.validatedQuery as ListOrdersQueryType
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const [rows, count] = await service.listLifecycles(
    {
      payment_status: q.payment_status,
      fulfillment_status: q.fulfillment_status,
      on_hold: q.on_hold,
      mark: q.mark,
      payment_provider: q.payment_provider,
      customer_id: q.customer_id,
      created_at_gte: q.created_at?.gte,
      created_at_lte: q.created_at?.lte,
      q: q.q,
      sort: q.sort,
    },
    { limit: q.limit, offset: q.offset }
  )
  const summaries = await orderSummaries(req.scope, rows.map((r) => r.order_id))
  res.json({
    order_lifecycles: rows.map((r) => ({ ...serializeLifecycle(r), ...(summaries[r.order_id] ?? { customer_name: null, items: [], item_count: 0 }) })),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}
