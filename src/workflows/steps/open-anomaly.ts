import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { ANOMALY_OPENED_EVENT } from "../../modules/order-management/lifecycle/events"

export type OpenAnomalyInput = Parameters<OrderManagementModuleService["openAnomaly"]>[0]

/** Open an anomaly once per dedupe key (emits order_management.anomaly_opened); compensation removes a row it created. */
export const openAnomalyStep = createStep(
  "order-management-open-anomaly",
  async (input: OpenAnomalyInput, { container }) => {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const { anomaly, created } = await service.openAnomaly(input)
    if (created) {
      await container.resolve(Modules.EVENT_BUS).emit({ name: ANOMALY_OPENED_EVENT, data: { id: anomaly.id, order_id: anomaly.order_id, type: anomaly.type } })
    }
    return new StepResponse(anomaly, created ? anomaly.id : null)
  },
  async (createdId: string | null | undefined, { container }) => {
    if (!createdId) return
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    await service.softDeleteOrderAnomalies([createdId])
  }
)
