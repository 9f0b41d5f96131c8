import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { completeManualOrder } from "../../../../../../workflows/manual-orders/complete"
import type { CompleteManualOrderBodyType } from "../../validators"

/**
 * POST /admin/order-management/manual-orders/:id/complete `{ finish: mark_paid | payment_link | unpaid,
 * payment?: { method: cash | bank_transfer, reference } }` — place the draft as an ordinary Medusa order.
 * 200 `{ order_id, display_id, finish, payment_link, payment_link_sent, manual_order }`. 400 naming the field
 * (required address fields, stock, a balance or points spent meanwhile, no storefrontPayUrl), 404 unknown.
 */
export async function POST(req: AuthenticatedMedusaRequest<CompleteManualOrderBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const b = req.validatedBody
    res.json(await completeManualOrder(req.scope, { id: req.params.id, finish: b.finish, payment: b.payment ?? null, actor: { id: actor.id ?? null, email: actor.email ?? null } }))
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
