import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { RISK_MODULE } from "../../../../modules/risk"
import type RiskModuleService from "../../../../modules/risk/service"

/**
 * GET /admin/order-management/config — what the dashboard needs of the plugin's options: `{ time_zone }` (IANA
 * name; where the order list's "today", "this week" and "this month" begin) and `required_address_fields` (the
 * shipping-address fields the store requires, option `requiredAddressFields`: the Create order page marks them).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
  res.json({ time_zone: service.getOptions().timeZone, required_address_fields: risk.getRiskOptions().requiredAddressFields })
}
