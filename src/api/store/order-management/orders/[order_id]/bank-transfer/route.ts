import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { bankTransferSession } from "../../../../../../workflows/bank-transfer"
import { customerOrder } from "../../../../../utils/store-order"
import { sendLifecycleError } from "../../../../../utils/errors"

/** GET /store/order-management/orders/:order_id/bank-transfer — what to pay, where, with which reference; proofs and their state. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const order = await customerOrder(req)
    const { data } = await bankTransferSession(req.scope, order.id)
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const l = await service.retrieveLifecycleByOrder(order.id)
    const proofs = await service.listProofsOf(order.id)
    res.json({
      bank_transfer: {
        reference: data.reference,
        amount_minor: data.amount_minor,
        currency: data.currency,
        expires_at: data.expires_at,
        accounts: data.accounts,
        instructions: data.instructions,
        received_minor: data.received_minor ?? 0,
        payment_status: l.payment_status,
        proofs: proofs.map((p: any) => ({ id: p.id, status: p.status, reject_reason: p.reject_reason, payer_name: p.payer_name, created_at: p.created_at })),
      },
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
