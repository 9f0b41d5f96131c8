import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { queryPendingPayments } from "../workflows/sync-payment"

/**
 * Truth by query: every minute, ask Alipay / WeChat Pay about orders still
 * unpaid `paymentQueryAfterMinutes` after placement (a lost or late callback
 * must not leave a paid order pending) and apply what they say.
 */
export default async function queryPendingPaymentsJob(container: MedusaContainer) {
  const r = await queryPendingPayments(container)
  if (r.queried) {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: queried ${r.queried} pending payments, ${r.changed} changed, ${r.failed} failed`)
  }
}

export const config = { name: "order-management-query-pending-payments", schedule: "* * * * *" }
