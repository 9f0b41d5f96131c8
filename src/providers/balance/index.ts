import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import BalanceProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [BalanceProviderService] })
