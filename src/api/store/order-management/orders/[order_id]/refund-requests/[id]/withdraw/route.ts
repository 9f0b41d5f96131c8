import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { AFTER_SALES_MODULE } from "../../../../../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../../../../../modules/after-sales/service"
import { withdrawRefundRequest } from "../../../../../../../../workflows/after-sales/review-refund"
import { customerOrder } from "../../../../../../../utils/store-order"
import { sendLifecycleError } from "../../../../../../../utils/errors"
import { customerView } from "../../route"

/**
 * POST /store/order-management/orders/:order_id/refund-requests/:id/withdraw — the customer takes back a request
 * not yet reviewed: `{ refund_request }`. 404 not their order or request; 409 already reviewed.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const order = await customerOrder(req)
    const afterSales: AfterSalesModuleService = req.scope.resolve(AFTER_SALES_MODULE)
    const r = await afterSales.viewRefundRequest(req.params.id)
    if (r.order_id !== order.id) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund request ${req.params.id} was not found`)
    res.json({ refund_request: customerView(await withdrawRefundRequest(req.scope, r.id, order.customer_id)) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
