import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { sendLifecycleError } from "../../../../../utils/errors"
import { customerPoints, type PointsLedgerQueryType } from "../../../../../store/order-management/points/helpers"

/**
 * The order number of each order a page of the ledger names, as the balance ledger gives it (`ledgerLines`): the
 * plugin's number (`order_lifecycle.order_number`, e.g. MO20250101000042), else Medusa's `#display_id`.
 */
async function orderNumbers(container: MedusaContainer, orderIds: string[]): Promise<Map<string, string>> {
  const numbers = new Map<string, string>()
  if (!orderIds.length) return numbers
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: lifecycles } = await query.graph({ entity: "order_lifecycle", fields: ["order_id", "order_number"], filters: { order_id: orderIds } })
  for (const l of lifecycles as any[]) if (l.order_number) numbers.set(l.order_id, l.order_number)
  const missing = orderIds.filter((id) => !numbers.has(id))
  if (missing.length) {
    const { data: orders } = await query.graph({ entity: "order", fields: ["id", "display_id"], filters: { id: missing } })
    for (const o of orders as any[]) if (o.display_id != null) numbers.set(o.id, `#${o.display_id}`)
  }
  return numbers
}

/**
 * GET /admin/order-management/customers/:customer_id/points?limit=&offset= — the customer's points balance, the
 * options' value of a point per currency, and the ledger newest first (each entry with the admin's `actor_email`
 * behind an adjustment, and the `order_number` of the order it belongs to, null when none):
 * `{ points: { customer_id, balance, value_minor_per_point, earn_per_major_unit, max_share_percent, entries, count,
 * limit, offset } }`. 404 for an unknown customer.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const points = await customerPoints(req.scope, req.params.customer_id, req.validatedQuery as unknown as PointsLedgerQueryType, { withActors: true })
    const numbers = await orderNumbers(req.scope, [...new Set(points.entries.map((e) => e.order_id).filter((id): id is string => !!id))])
    res.json({ points: { ...points, entries: points.entries.map((e) => ({ ...e, order_number: e.order_id ? numbers.get(e.order_id) ?? null : null })) } })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
