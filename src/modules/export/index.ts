import { Module } from "@medusajs/framework/utils"
import OrderExportModuleService from "./service"

export const ORDER_EXPORT_MODULE = "order_export"

export default Module(ORDER_EXPORT_MODULE, {
  service: OrderExportModuleService,
})
