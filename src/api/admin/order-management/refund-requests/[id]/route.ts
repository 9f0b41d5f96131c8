import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AFTER_SALES_MODULE } from "../../../../../modules/after-sales"
import type AfterSalesModuleService from "../../../../../modules/after-sales/service"
import { sendLifecycleError } from "../../../../utils/errors"

/** GET /admin/order-management/refund-requests/:id — one request with its timeline: `{ refund_request }`; 404. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const afterSales: AfterSalesModuleService = req.scope.resolve(AFTER_SALES_MODULE)
    res.json({ refund_request: await afterSales.viewRefundRequest(req.params.id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
