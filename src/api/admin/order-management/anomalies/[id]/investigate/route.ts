import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"

/** POST /admin/order-management/anomalies/:id/investigate { note? }: open → investigating. */
export async function POST(req: AuthenticatedMedusaRequest<{ note?: string }>, res: MedusaResponse) {
  const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  try {
    const actor = await adminActor(req)
    const anomaly = await service.updateAnomalyStatus(req.params.id, "investigating", {
      actor,
      metadata: req.validatedBody.note ? { investigation_note: req.validatedBody.note } : undefined,
    })
    res.json({ anomaly })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
