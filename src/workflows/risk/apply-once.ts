import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { RISK_MODULE } from "../../modules/risk"
import type RiskModuleService from "../../modules/risk/service"
import type { AssessmentView } from "../../modules/risk/service"
import { applyOrderRisk } from "./assess-checkout"

/**
 * Apply a placed order's risk assessment exactly once, whoever gets there first: the checkout's answer
 * (src/api/utils/place-order-risk.ts) or the order.placed subscriber. Under a lock on the order (Medusa's Locking
 * module: Redis across servers when configured), an order whose assessment is already attached is left alone; so a
 * review holds it once, a verification sends one code, a cancel cancels once. Returns the assessment applied now, or
 * null (nothing to apply, or already applied).
 */
export async function applyOrderRiskOnce(container: MedusaContainer, orderId: string): Promise<AssessmentView | null> {
  return container.resolve(Modules.LOCKING).execute(`om-risk-apply:${orderId}`, async () => {
    const risk: RiskModuleService = container.resolve(RISK_MODULE)
    if (await risk.assessmentOfOrder(orderId)) return null
    return applyOrderRisk(container, orderId)
  }, { timeout: 30 })
}
