import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import WechatPayProviderService from "./service"

export default ModuleProvider(Modules.PAYMENT, { services: [WechatPayProviderService] })
