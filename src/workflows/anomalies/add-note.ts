import type { MedusaContainer } from "@medusajs/framework/types"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { Actor } from "../../modules/order-management/lifecycle/statuses"
import { ANOMALY_DESK_MODULE } from "../../modules/anomaly-desk"
import type AnomalyDeskModuleService from "../../modules/anomaly-desk/service"

/**
 * A remark on an anomaly's timeline that moves nothing (kind note; status before and after the anomaly's current
 * one). Allowed in every status, final ones included (what was learned later). 404 for an unknown anomaly.
 */
export async function addAnomalyNote(container: MedusaContainer, input: { anomaly_id: string; note: string; actor: Actor }) {
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const anomaly = await om.retrieveAnomaly(input.anomaly_id)
  const desk: AnomalyDeskModuleService = container.resolve(ANOMALY_DESK_MODULE)
  const step = await desk.addStep({ anomaly_id: anomaly.id, kind: "note", from_status: anomaly.status, to_status: anomaly.status, actor: input.actor, note: input.note })
  return { anomaly, step }
}
