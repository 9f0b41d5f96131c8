import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"

/**
 * GET /admin/order-management/config — what the dashboard needs of the plugin's options: `{ time_zone }` (IANA
 * name; where the order list's "today", "this week" and "this month" begin).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  res.json({ time_zone: service.getOptions().timeZone })
}
