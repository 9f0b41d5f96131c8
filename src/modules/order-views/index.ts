import { Module } from "@medusajs/framework/utils"
import OrderViewsModuleService from "./service"

export const ORDER_VIEWS_MODULE = "order_views"

export default Module(ORDER_VIEWS_MODULE, {
  service: OrderViewsModuleService,
})

export type { OrderListViewRecord } from "./service"
