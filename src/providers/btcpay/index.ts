import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import BtcpayProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [BtcpayProviderService] })
