import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_VIEWS_MODULE } from "../../../../../modules/order-views"
import type OrderViewsModuleService from "../../../../../modules/order-views/service"
import type { UpdateOrderViewBodyType } from "../../validators"
import { serializeView } from "../route"

/**
 * POST /admin/order-management/views/:id — rename a saved view, replace its filters, or share / unshare it (only
 * its owner). Body `{ name?, filters?, shared? }`. Response `{ view }`. Errors: 404 for an unknown view or another
 * admin's private one; 403 for another admin's shared view; 400 naming the field; duplicate name.
 */
export async function POST(req: AuthenticatedMedusaRequest<UpdateOrderViewBodyType>, res: MedusaResponse) {
  const service: OrderViewsModuleService = req.scope.resolve(ORDER_VIEWS_MODULE)
  const userId = req.auth_context.actor_id
  const view = await service.retrieveOwnView(req.params.id, userId)
  const body = req.validatedBody
  if (body.name !== undefined && body.name !== view.name) await service.assertNameFree(userId, body.name, view.id)
  const updated = await service.updateOrderListViews({ id: view.id, ...(body.name !== undefined ? { name: body.name } : {}), ...(body.filters !== undefined ? { filters: body.filters } : {}), ...(body.shared !== undefined ? { shared: body.shared } : {}) })
  res.json({ view: serializeView(updated as any, userId) })
}

/** DELETE /admin/order-management/views/:id — delete a saved view (only its owner). `{ id, object: "order_list_view", deleted: true }`. Errors as POST. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderViewsModuleService = req.scope.resolve(ORDER_VIEWS_MODULE)
  const view = await service.retrieveOwnView(req.params.id, req.auth_context.actor_id)
  await service.deleteOrderListViews(view.id)
  res.json({ id: view.id, object: "order_list_view", deleted: true })
}
