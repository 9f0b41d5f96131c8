import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { queryProcessingRefunds } from "../workflows/after-sales/track-refund"

/**
 * Every two minutes: ask the platform about refund requests whose refund is still processing (WeChat Pay settles
 * refunds asynchronously; its refund notify may be lost) and finish or fail them on its answer.
 */
export default async function trackProcessingRefundsJob(container: MedusaContainer) {
  const r = await queryProcessingRefunds(container)
  if (r.asked) container.resolve(ContainerRegistrationKeys.LOGGER).info(`order-management: asked about ${r.asked} processing refunds, ${r.changed} changed, ${r.failed} failed`)
}

export const config = { name: "order-management-track-processing-refunds", schedule: "*/2 * * * *" }
