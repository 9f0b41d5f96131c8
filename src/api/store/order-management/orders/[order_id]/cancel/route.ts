import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { cancelLifecycleOrderWorkflow } from "../../../../../../workflows/cancel-order"
import { customerOrder } from "../../../../../utils/store-order"
import { sendLifecycleError } from "../../../../../utils/errors"
import { serializeLifecycle } from "../../../../../utils/serialize"

/**
 * POST /store/order-management/orders/:order_id/cancel { reason? }: the
 * customer cancels their own unpaid order (stock released, trade closed).
 * A paid or activated order is refused with the reason.
 */
export async function POST(req: AuthenticatedMedusaRequest<{ reason?: string }>, res: MedusaResponse) {
  try {
    const order = await customerOrder(req)
    await cancelLifecycleOrderWorkflow(req.scope).run({
      input: { order_id: order.id, actor: { type: "customer", id: order.customer_id }, reason: req.validatedBody.reason ?? "canceled by the customer" },
    })
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    res.json({ order_lifecycle: serializeLifecycle(await service.retrieveLifecycleByOrder(order.id)) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
