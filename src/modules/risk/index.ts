import { Module } from "@medusajs/framework/utils"
import RiskModuleService from "./service"

export const RISK_MODULE = "risk"

export default Module(RISK_MODULE, {
  service: RiskModuleService,
})

export type { BlacklistEntryView, BlacklistSubject, NewBlacklistEntry } from "./service"
