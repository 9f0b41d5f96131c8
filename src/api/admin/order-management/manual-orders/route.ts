import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adminActor } from "../../../utils/actor"
import { sendLifecycleError } from "../../../utils/errors"
import { createManualOrderWorkflow } from "../../../../workflows/manual-orders/build"
import { readManualOrder } from "../../../../workflows/manual-orders/view"
import type { CreateManualOrderBodyType } from "./validators"

/**
 * POST /admin/order-management/manual-orders — build a manual order as a Medusa draft order:
 * `{ customer_id | customer: {first_name, last_name, email, phone?}, region_id, items: [{variant_id, quantity}],
 * shipping_address?, shipping_option_id?, promo_codes?, manual_discount?: {type: amount|percent, value, reason},
 * balance_minor?, points?, notes?, marks?, communication?: {channel, summary} }` (money in minor units).
 * 201 `{ manual_order }` priced (see docs/manual-orders.md). 400 naming the field (stock, a promotion code Medusa
 * refuses or that does not apply, deductions over the balance or the total), 403 a manual discount above
 * manualDiscountMaxPercent without permissions.manualDiscount, 409 a new customer whose email or phone exists.
 */
export async function POST(req: AuthenticatedMedusaRequest<CreateManualOrderBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const { result } = await createManualOrderWorkflow(req.scope).run({ input: { body: req.validatedBody as any, actor: { id: actor.id ?? null, email: actor.email ?? null } } })
    res.status(201).json({ manual_order: await readManualOrder(req.scope, result.id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
