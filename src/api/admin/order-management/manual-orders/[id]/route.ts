import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adminActor } from "../../../../utils/actor"
import { sendLifecycleError } from "../../../../utils/errors"
import { discardManualOrder, updateManualOrderWorkflow } from "../../../../../workflows/manual-orders/build"
import { readManualOrder } from "../../../../../workflows/manual-orders/view"
import type { UpdateManualOrderBodyType } from "../validators"

/** GET /admin/order-management/manual-orders/:id — the priced manual order `{ manual_order }` (draft or placed); 404 unknown. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    res.json({ manual_order: await readManualOrder(req.scope, req.params.id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/**
 * POST /admin/order-management/manual-orders/:id — change a draft (any create field but the region; `items` and
 * `promo_codes` replace their lists, `manual_discount: null` removes it) and answer it re-priced `{ manual_order }`.
 * All or nothing: a refused change leaves the draft as it was. 400 a placed order or a bad field, 403 discount limit,
 * 404 unknown.
 */
export async function POST(req: AuthenticatedMedusaRequest<UpdateManualOrderBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    await updateManualOrderWorkflow(req.scope).run({ input: { id: req.params.id, body: req.validatedBody as any, actor: { id: actor.id ?? null, email: actor.email ?? null } } })
    res.json({ manual_order: await readManualOrder(req.scope, req.params.id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/** DELETE /admin/order-management/manual-orders/:id — discard a draft (Medusa deletes the draft order). 400 once placed. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    await discardManualOrder(req.scope, req.params.id)
    res.json({ id: req.params.id, object: "manual_order", deleted: true })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
