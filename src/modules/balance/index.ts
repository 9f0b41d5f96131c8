import { Module } from "@medusajs/framework/utils"
import BalanceModuleService from "./service"

export const BALANCE_MODULE = "balance"

export default Module(BALANCE_MODULE, {
  service: BalanceModuleService,
})

export type { PostEntryInput, LedgerEntry, AccountBalance, PostResult, EntrySource, EntryDirection } from "./service"
