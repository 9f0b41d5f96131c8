import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import type { ListAnomaliesQueryType } from "../validators"

/**
 * GET /admin/order-management/anomalies?status=&type=&order_id=&cart_id=&without_order=&limit=&offset= : newest
 * first. Each anomaly: type, status, amount_minor + currency_code (the money concerned, minor units), provider_id,
 * platform_transaction_id, out_trade_no, session_id, payment_id (Medusa's payment, when recorded: the refund path),
 * order_id or, before there is an order, cart_id; metadata with the reason.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as ListAnomaliesQueryType
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const [anomalies, count] = await service.listAnomalies({ status: q.status, type: q.type, order_id: q.order_id, cart_id: q.cart_id, without_order: q.without_order }, { limit: q.limit, offset: q.offset })
  res.json({ anomalies, count, limit: q.limit, offset: q.offset })
}
