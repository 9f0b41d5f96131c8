import { Module } from "@medusajs/framework/utils"
import PaymentTradesModuleService from "./service"

export const PAYMENT_TRADES_MODULE = "payment_trades"

export default Module(PAYMENT_TRADES_MODULE, {
  service: PaymentTradesModuleService,
})

export type { TradeRegistration, RegisteredTrade } from "./service"
