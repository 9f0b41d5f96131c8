import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_VIEWS_MODULE } from "../../../../modules/order-views"
import type OrderViewsModuleService from "../../../../modules/order-views/service"
import type { CreateOrderViewBodyType } from "../validators"

/** How a view is returned: the record plus whether the asking admin owns it (may rename, change, delete). */
export function serializeView(v: { id: string; name: string; filters: unknown; owner_id: string; shared: boolean; created_at: Date; updated_at: Date }, userId: string) {
  return { id: v.id, name: v.name, filters: v.filters, shared: v.shared, owner_id: v.owner_id, own: v.owner_id === userId, created_at: v.created_at, updated_at: v.updated_at }
}

/**
 * GET /admin/order-management/views — the saved views of the order list the admin may pick: their own and every
 * view another admin shared, by name. Response `{ views: [{ id, name, filters, shared, owner_id, own, created_at,
 * updated_at }] }`.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderViewsModuleService = req.scope.resolve(ORDER_VIEWS_MODULE)
  const userId = req.auth_context.actor_id
  const views = await service.listVisibleViews(userId)
  res.json({ views: views.map((v) => serializeView(v, userId)) })
}

/**
 * POST /admin/order-management/views — save the current filters under a name. Body `{ name, filters, shared? }`
 * (filters: the list's query parameters, checked as the list checks them). 201 `{ view }`. Errors: 400 naming the
 * field (a bad filter value, paging in filters, a blank name); 409-style duplicate error when the admin already has a
 * view of that name.
 */
export async function POST(req: AuthenticatedMedusaRequest<CreateOrderViewBodyType>, res: MedusaResponse) {
  const service: OrderViewsModuleService = req.scope.resolve(ORDER_VIEWS_MODULE)
  const userId = req.auth_context.actor_id
  const body = req.validatedBody
  await service.assertNameFree(userId, body.name)
  const view = await service.createOrderListViews({ name: body.name, filters: body.filters, shared: body.shared ?? false, owner_id: userId })
  res.status(201).json({ view: serializeView(view as any, userId) })
}
