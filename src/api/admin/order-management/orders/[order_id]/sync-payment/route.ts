import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { syncOrderPayment } from "../../../../../../workflows/sync-payment"
import { sendLifecycleError } from "../../../../../utils/errors"
import { serializeLifecycle } from "../../../../../utils/serialize"
import { adminActor } from "../../../../../utils/actor"

/**
 * POST /admin/order-management/orders/:order_id/sync-payment — query the
 * payment platform now and apply the answer (recorded in history).
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    await service.retrieveLifecycleByOrder(req.params.order_id)
    const result = await syncOrderPayment(req.scope, req.params.order_id, { type: "user", id: (await adminActor(req)).id })
    res.json({ ...result, order_lifecycle: serializeLifecycle(await service.retrieveLifecycleByOrder(req.params.order_id)) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
