import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import type { ListAnomaliesQueryType } from "../validators"

/** GET /admin/order-management/anomalies?status=&type=&order_id= : newest first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as ListAnomaliesQueryType
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const [anomalies, count] = await service.listAnomalies({ status: q.status, type: q.type, order_id: q.order_id }, { limit: q.limit, offset: q.offset })
  res.json({ anomalies, count, limit: q.limit, offset: q.offset })
}
