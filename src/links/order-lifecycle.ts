import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import OrderManagementModule from "../modules/order-management"

/** order ⇄ order_lifecycle, one to one: `query.graph({ entity: "order", fields: ["order_lifecycle.*"] })`. */
export default defineLink(OrderModule.linkable.order, OrderManagementModule.linkable.orderLifecycle)
