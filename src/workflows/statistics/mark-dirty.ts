import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { STATISTICS_MODULE } from "../../modules/statistics"
import type StatisticsModuleService from "../../modules/statistics/service"

/**
 * The days whose statistics an event changed, marked dirty for the refresh job: always today (store time zone: a
 * capture, refund or order lands today), plus for an order (`order.placed`, `order.canceled`) its placement day and
 * its cart's creation day (the checkout funnel counts carts by creation), and for a payment (`payment.captured`,
 * `payment.refunded`) its session's creation day (success rate counts sessions by creation) and its order's
 * placement day. Unknown ids mark today only.
 */
export async function markStatisticsDirty(container: MedusaContainer, kind: "order" | "payment", id: string) {
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const stats: StatisticsModuleService = container.resolve(STATISTICS_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const day = (at: unknown) => (at ? DateTime.fromJSDate(new Date(at as string)).setZone(tz).toISODate() : null)
  const days: Array<string | null> = [DateTime.now().setZone(tz).toISODate()]
  if (kind === "order") {
    const { data } = await query.graph({ entity: "order", fields: ["id", "created_at", "cart.created_at"], filters: { id } })
    days.push(day(data[0]?.created_at), day((data[0] as any)?.cart?.created_at))
  } else {
    const { data } = await query.graph({
      entity: "payment",
      fields: ["id", "payment_session.created_at", "payment_collection.order.created_at"],
      filters: { id },
    })
    const p = data[0] as any
    days.push(day(p?.payment_session?.created_at), day(p?.payment_collection?.order?.created_at))
  }
  await stats.markDirty(days.filter((d): d is string => !!d))
}
