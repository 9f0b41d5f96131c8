import { MedusaModule } from "@medusajs/framework/modules-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { BALANCE_MODULE } from "../../modules/balance"
import type BalanceModuleService from "../../modules/balance/service"

/**
 * The balance module's service. A provider's container holds only the
 * payment module's own services, so the balance provider — the ledger's own
 * payment method — finds the module in Medusa's module registry, where every
 * loaded module of this process is listed.
 */
export function balanceLedger(): BalanceModuleService {
  const service = (MedusaModule.getModuleInstance(BALANCE_MODULE) as Record<string, BalanceModuleService> | undefined)?.[BALANCE_MODULE]
  if (!service) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "the balance module is not loaded: install medusa-order-management as a plugin (it registers the module) or add ./modules/balance to the modules")
  }
  return service
}
