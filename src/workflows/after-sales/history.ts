import type { MedusaContainer } from "@medusajs/framework/types"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"

/** A row in the order's lifecycle history (skipped for an order the plugin has no record of). Returns its id. */
export async function recordOrderHistory(container: MedusaContainer, orderId: string, e: { action: string; actor: { type: string; id: string | null }; reason: string; metadata?: Record<string, unknown> }): Promise<string | null> {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  if (!(await om.findLifecycleByOrder(orderId))) return null
  return om.recordEvent(orderId, { action: e.action, actor: e.actor as any, reason: e.reason, metadata: e.metadata ?? null })
}
