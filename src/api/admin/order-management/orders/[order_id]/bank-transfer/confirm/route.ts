import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../../modules/order-management/service"
import { confirmBankTransferReceipt } from "../../../../../../../workflows/bank-transfer"
import { adminActor } from "../../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../../utils/errors"
import { serializeLifecycle } from "../../../../../../utils/serialize"

type Body = { amount: number; received_at: Date; bank_reference: string; approve?: boolean; note?: string }

/**
 * POST /admin/order-management/orders/:order_id/bank-transfer/confirm
 * { amount (minor units), received_at, bank_reference, approve?, note? } —
 * "the money is on our account": full → captured and confirmed (approved too
 * with `approve`); partial → recorded, the order stays pending.
 */
export async function POST(req: AuthenticatedMedusaRequest<Body>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const actor = await adminActor(req)
    const result = await confirmBankTransferReceipt(req.scope, {
      order_id: req.params.order_id, amount_minor: b.amount, received_at: b.received_at, bank_reference: b.bank_reference,
      approve: b.approve, note: b.note ?? null, actor: { type: "user", id: actor.id },
    })
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    res.json({ receipt: { complete: result.complete, received_minor: result.received, expected_minor: result.expected }, order_lifecycle: serializeLifecycle(await service.retrieveLifecycleByOrder(req.params.order_id)) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
