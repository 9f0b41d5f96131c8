import { Module } from "@medusajs/framework/utils"
import ReconciliationModuleService from "./service"

export const RECONCILIATION_MODULE = "reconciliation"

export default Module(RECONCILIATION_MODULE, {
  service: ReconciliationModuleService,
})

export type { DifferenceView, FoundDifference, RunView } from "./service"
export { DIFFERENCE_TYPES, DIFFERENCE_STATES, type DifferenceType, type DifferenceState } from "./models/reconciliation-difference"
