import type { MedusaContainer } from "@medusajs/framework/types"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { unpaidTimeoutFor } from "../../modules/order-management/options"
import { paymentWindowMinutes } from "../../providers/shared/options"
import { configuredProviders } from "../../api/utils/payment-channels"

export type PaymentWindow = { provider_id: string; window_minutes: number | null; unpaid_timeout_minutes: number; warning: string | null }

/**
 * Each configured channel's payment window (how long its customers are told they may pay) against the unpaid-order
 * timeout. A window longer than the timeout is legal (the release job waits for each session's own deadline), but
 * the timeout then says less than it seems: the warning names both, for the boot log and the Payment channels page.
 */
export function paymentWindows(container: MedusaContainer): PaymentWindow[] {
  const options = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions()
  return configuredProviders(container).map((p) => {
    const window = paymentWindowMinutes(p.identifier, p.options)
    const timeout = unpaidTimeoutFor(p.provider_id, options)
    return {
      provider_id: p.provider_id,
      window_minutes: window,
      unpaid_timeout_minutes: timeout,
      warning: window !== null && window > timeout
        ? `${p.provider_id}: customers may pay for ${window} minutes but the unpaid-order timeout is ${timeout} minutes; unpaid orders of this channel are released only after each payment's own deadline (set unpaidOrderTimeoutByProvider to ${window} to say so)`
        : null,
    }
  })
}
