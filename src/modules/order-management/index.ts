import { Module } from "@medusajs/framework/utils"
import OrderManagementModuleService from "./service"

export const ORDER_MANAGEMENT_MODULE = "order_management"

export default Module(ORDER_MANAGEMENT_MODULE, {
  service: OrderManagementModuleService,
})

export type { OrderManagementOptions } from "./options"
