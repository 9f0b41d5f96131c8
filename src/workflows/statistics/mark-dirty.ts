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
 *
 * It runs in the worker beside every payment confirmation, so it reads those dates in one SQL round trip over
 * Medusa's tables (`eventDatesFromSql`), like the statistics themselves; a store whose modules live in other
 * databases falls back to `query.graph` (`eventDatesFromModules`, same answer; an HTTP test compares them).
 */
export async function markStatisticsDirty(container: MedusaContainer, kind: "order" | "payment", id: string) {
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const stats: StatisticsModuleService = container.resolve(STATISTICS_MODULE)
  let dates: Array<Date | null>
  if (sqlUnavailable) dates = await eventDatesFromModules(container, kind, id)
  else {
    try {
      dates = await eventDatesFromSql(container, kind, id)
    } catch (e) {
      // 42P01 undefined table, 42703 undefined column: not Medusa's tables in this database
      if (!["42P01", "42703"].includes((e as any)?.code)) throw e
      sqlUnavailable = true
      dates = await eventDatesFromModules(container, kind, id)
    }
  }
  const days = [new Date(), ...dates].filter((d): d is Date => !!d).map((d) => DateTime.fromJSDate(d).setZone(tz).toISODate()!)
  await stats.markDirty(days)
}

/** [order placed, cart created] for an order id, or [session created, order placed] for a payment id (null: none). */
export async function eventDatesFromSql(container: MedusaContainer, kind: "order" | "payment", id: string): Promise<Array<Date | null>> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = await knex.raw(kind === "order" ? ORDER_DATES_SQL : PAYMENT_DATES_SQL, [id])
  return [rows[0]?.a ?? null, rows[0]?.b ?? null].map((v) => (v ? new Date(v) : null))
}

/** `eventDatesFromSql` through Medusa's modules (query.graph over the order–cart and payment collection–order links). */
export async function eventDatesFromModules(container: MedusaContainer, kind: "order" | "payment", id: string): Promise<Array<Date | null>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const at = (v: unknown) => (v ? new Date(v as string) : null)
  if (kind === "order") {
    const { data } = await query.graph({ entity: "order", fields: ["id", "created_at", "cart.created_at"], filters: { id } })
    return [at(data[0]?.created_at), at((data[0] as any)?.cart?.created_at)]
  }
  const { data } = await query.graph({ entity: "payment", fields: ["id", "payment_session.created_at", "payment_collection.order.created_at"], filters: { id } })
  const p = data[0] as any
  return [at(p?.payment_session?.created_at), at(p?.payment_collection?.order?.created_at)]
}

let sqlUnavailable = false
const ORDER_DATES_SQL = `select o.created_at as a, (select c.created_at from order_cart oc join cart c on c.id = oc.cart_id where oc.order_id = o.id and oc.deleted_at is null limit 1) as b
  from "order" o where o.id = ?`
const PAYMENT_DATES_SQL = `select s.created_at as a, (select o.created_at from order_payment_collection opc join "order" o on o.id = opc.order_id
    where opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null limit 1) as b
  from payment p left join payment_session s on s.id = p.payment_session_id where p.id = ?`
