import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { paymentWindows } from "../workflows/utils/payment-windows"

/** Once, right after boot: warn about channels whose payment window is longer than their unpaid-order timeout. */
export default async function checkPaymentWindowsJob(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const w of paymentWindows(container)) if (w.warning) logger.warn(`order-management: ${w.warning}`)
}

export const config = { name: "order-management-check-payment-windows", schedule: "* * * * *", numberOfExecutions: 1 }
