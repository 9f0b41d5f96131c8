import { randomUUID } from "node:crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { refundToBalance } from "../../../../../../workflows/refund-to-balance"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { RefundToBalanceBodyType } from "../../../validators"

/**
 * POST /admin/order-management/orders/:order_id/refund-to-balance { amount (minor units), reason, idempotency_key? }
 * — refund to the customer's balance instead of the original payment method: Medusa records the refund on the
 * payment and the order, the platform is not asked to send money back, the balance is credited.
 */
export async function POST(req: AuthenticatedMedusaRequest<RefundToBalanceBodyType>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const actor = await adminActor(req)
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    service.assertPermitted("refund_to_balance", actor, "refund this order to the customer's balance")
    const refund = await refundToBalance(req.scope, {
      order_id: req.params.order_id,
      amount_minor: b.amount,
      reason: b.reason,
      idempotency_key: b.idempotency_key ?? randomUUID(),
      actor: { type: "user", id: actor.id ?? null },
    })
    res.json({ refund })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
