import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import NowPaymentsProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [NowPaymentsProviderService] })
