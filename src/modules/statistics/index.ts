import { Module } from "@medusajs/framework/utils"
import StatisticsModuleService from "./service"

export const STATISTICS_MODULE = "order_statistics"

export default Module(STATISTICS_MODULE, {
  service: StatisticsModuleService,
})

export type { PeriodSums, DayState } from "./service"
