import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { runLifecycleAction } from "../../../../../../workflows/run-lifecycle-action"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { serializeLifecycle } from "../../../../../utils/serialize"
import type { OrderActionBodyType } from "../../../validators"

/**
 * POST /admin/order-management/orders/:order_id/actions { action, reason?, activate_at?, tracking_number?,
 * override_outstanding? } — one lifecycle action. `override_outstanding` (dispatch only): the reason to dispatch
 * although the order still owes money (otherwise 409 naming the amount).
 */
export async function POST(req: AuthenticatedMedusaRequest<OrderActionBodyType>, res: MedusaResponse) {
  const body = req.validatedBody
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  try {
    await runLifecycleAction(req.scope, {
      order_id: req.params.order_id,
      action: body.action,
      actor: await adminActor(req),
      reason: body.reason,
      activate_at: body.activate_at,
      tracking_number: body.tracking_number,
      override_outstanding: body.override_outstanding,
    })
    const row = await service.retrieveLifecycleByOrder(req.params.order_id)
    res.json({ order_lifecycle: serializeLifecycle(row) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
