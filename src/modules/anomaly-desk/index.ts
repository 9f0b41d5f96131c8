import { Module } from "@medusajs/framework/utils"
import AnomalyDeskModuleService from "./service"

export const ANOMALY_DESK_MODULE = "anomaly_desk"

export default Module(ANOMALY_DESK_MODULE, {
  service: AnomalyDeskModuleService,
})

export type { AnomalyStepView, NewAnomalyStep } from "./service"
