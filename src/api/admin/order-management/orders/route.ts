import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { cursorFits, decodeCursor } from "../../../../modules/order-management/lifecycle/filters"
import { serializeLifecycle } from "../../../utils/serialize"
import { orderSummaries } from "../../../utils/order-summaries"
import { lifecycleFiltersFromQuery } from "../../../utils/order-filters"
import type { ListOrdersQueryType } from "../validators"

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)

/**
 * GET /admin/order-management/orders — the order list, from the lifecycle table (never a scan of Medusa's orders).
 *
 * Query (all optional; lists are comma-separated):
 * - `status`: pending|paid|completed|canceled|refunded (the simple statuses, see lifecycle/filters.ts), any of them;
 *   `payment_status`, `fulfillment_status` (`none` = not started), `on_hold`, `mark`: the detailed ones;
 * - `created_at[gte|lte]`, `paid_at[gte|lte]`: a day `YYYY-MM-DD` (the whole day in the store's time zone, option
 *   `timeZone`, default Asia/Shanghai) or an ISO 8601 date-time; both ends inclusive;
 * - `payment_provider` (provider ids), `customer_id`, `product_id` (orders with any of these products), `q` (order
 *   number, email, display id);
 * - `amount_min`, `amount_max`: major units of `currency_code` (required with them), on `amount_field` total (default)
 *   or paid; both ends inclusive; only orders in that currency;
 * - `sort`: created_at, -created_at (default), paid_at, -paid_at (unpaid orders last), total, -total;
 * - `limit` (1–200, default 20); `cursor` (the previous page's `next_cursor`, keyset paging at any depth) or `offset`
 *   (up to 100,000).
 * Response: `{ order_lifecycles, count, count_exact, next_cursor, limit, offset }`; `count` is exact up to 10,000
 * and `count_exact` is false above (count = 10,000, shown "over 10,000").
 * Errors: 400 naming the field for a value it cannot read (unknown status, bad date, an amount without currency, a
 * cursor this list did not write).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListOrdersQueryType>, res: MedusaResponse) {
  const q = req.validatedQuery as ListOrdersQueryType
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const tz = service.getOptions().timeZone
  const cursor = q.cursor ? decodeCursor(q.cursor) : null
  if (q.cursor && (!cursor || !cursorFits(cursor, q.sort))) throw invalid("cursor: not a cursor of this list and sort (use next_cursor from the previous page, with the same sort)")
  const [rows, count, more] = await service.listLifecycles(
    lifecycleFiltersFromQuery(q, tz),
    { limit: q.limit, offset: q.offset, cursor }
  )
  const summaries = await orderSummaries(req.scope, rows.map((r) => r.order_id))
  res.json({
    order_lifecycles: rows.map((r) => ({ ...serializeLifecycle(r), ...(summaries[r.order_id] ?? { customer_name: null, items: [], item_count: 0 }) })),
    count,
    count_exact: more.count_exact,
    next_cursor: more.next_cursor,
    limit: q.limit,
    offset: q.offset,
  })
}
