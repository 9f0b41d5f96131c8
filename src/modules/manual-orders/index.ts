import { Module } from "@medusajs/framework/utils"
import ManualOrdersModuleService from "./service"

export const MANUAL_ORDERS_MODULE = "manual_orders"

export default Module(MANUAL_ORDERS_MODULE, {
  service: ManualOrdersModuleService,
})

export type { ResolvedManualOrderOptions, ManualOrderOptions } from "./options"
