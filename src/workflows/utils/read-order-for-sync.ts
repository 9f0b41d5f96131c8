import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { OrderForSync } from "./medusa-payment-state"

/**
 * What a lifecycle sync reads of an order: id, display id, placed time, currency, email, customer, status, the products
 * of its current line items (sorted, distinct: the list's product filter), Medusa's
 * order summary (`current_order_total`, `pending_difference`: kept current by order edits, claims and exchanges; the
 * order's `total` is not read, as asking the order module for it loads and totals every item, tax line, adjustment
 * and shipping method), and each payment collection (status, amounts) with its sessions (provider, status, created,
 * data) and payments (id, provider, session). Captures and refunds per payment are not read (HELD_PAYMENT_FIELDS,
 * only for a canceled order). Amounts are Medusa's (major units) as exact decimal strings.
 *
 * It runs once per confirmed payment, inside the order's lock, so it is the one read of Medusa's tables done in SQL:
 * a single statement over the order, order_summary, order_payment_collection, payment_collection, payment_session and
 * payment tables of Medusa 2.21 (the module reads it replaces cost six ORM round trips, about a tenth of a
 * confirmation). A store whose order or payment module lives in another database (module isolation) has no such
 * tables here: the first failure switches this process to the module reads (`readOrderForSyncFromModules`), which
 * return the same shape; an HTTP test compares the two on paid, partially paid, edited and canceled orders.
 * Throws NOT_FOUND when the order does not exist.
 */
export async function readOrderForSync(container: MedusaContainer, orderId: string): Promise<OrderForSync> {
  if (sqlUnavailable) return readOrderForSyncFromModules(container, orderId)
  let rows: any[]
  try {
    const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    rows = (await knex.raw(SQL, [orderId])).rows
  } catch (e) {
    // 42P01 undefined table, 42703 undefined column: not the schema this read was written for
    if (!["42P01", "42703"].includes((e as any)?.code)) throw e
    sqlUnavailable = true
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: reading orders for the lifecycle through Medusa's modules (${(e as Error).message})`)
    return readOrderForSyncFromModules(container, orderId)
  }
  const o = rows[0]
  if (!o) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order id not found: ${orderId}`)
  return orderForSync(o, o.totals, o.payment_collections ?? [], (c, k) => c[k])
}

let sqlUnavailable = false

/**
 * The OrderForSync shape from either read: the order's own fields, its summary totals, and each payment collection
 * (in creation order, as are its sessions and payments) with its amounts as `amountOf` reads them.
 */
function orderForSync(o: any, totals: Record<string, any> | null, collections: any[], amountOf: (c: any, k: string) => unknown): OrderForSync {
  return {
    id: o.id,
    display_id: o.display_id,
    created_at: o.created_at,
    currency_code: o.currency_code,
    email: o.email,
    customer_id: o.customer_id,
    status: o.status,
    product_ids: [...new Set<string>((o.product_ids ?? []).filter(Boolean))].sort(),
    summary: summaryOf(totals),
    payment_collections: collections.map((c) => ({
      status: c.status,
      amount: amountOf(c, "amount"),
      captured_amount: amountOf(c, "captured_amount"),
      authorized_amount: amountOf(c, "authorized_amount"),
      refunded_amount: amountOf(c, "refunded_amount"),
      payment_sessions: (c.payment_sessions ?? []).map((s: any) => ({ id: s.id, provider_id: s.provider_id, status: s.status, created_at: new Date(s.created_at), data: s.data ?? null })),
      payments: (c.payments ?? []).map((p: any) => ({ id: p.id, provider_id: p.provider_id, payment_session_id: p.payment_session_id ?? null })),
    })),
  }
}

/** The exact value of a summary total: its `raw_` twin when present (Medusa's BigNumber JSON), else the number. */
function summaryOf(totals: Record<string, any> | null) {
  if (!totals) return null
  const exact = (k: string) => totals[`raw_${k}`]?.value ?? totals[k] ?? null
  return { current_order_total: exact("current_order_total"), pending_difference: exact("pending_difference"), credit_line_total: exact("credit_line_total") }
}

// amounts from the raw_ (exact BigNumber JSON) columns, falling back to the numeric column
const amount = (col: string) => `coalesce(pc.raw_${col}->>'value', pc.${col}::text)`
const SQL = `
select o.id, o.display_id, o.created_at, o.currency_code, o.email, o.customer_id, o.status,
  coalesce((select array_agg(distinct li.product_id)
    from order_item oi join order_line_item li on li.id = oi.item_id and li.deleted_at is null
    where oi.order_id = o.id and oi.version = o.version and oi.deleted_at is null and li.product_id is not null), '{}') as product_ids,
  (select s.totals from order_summary s where s.order_id = o.id and s.deleted_at is null order by s.version desc limit 1) as totals,
  coalesce((
    select json_agg(json_build_object(
      'id', pc.id, 'status', pc.status,
      'amount', ${amount("amount")}, 'captured_amount', ${amount("captured_amount")},
      'authorized_amount', ${amount("authorized_amount")}, 'refunded_amount', ${amount("refunded_amount")},
      'payment_sessions', coalesce((
        select json_agg(json_build_object('id', ps.id, 'provider_id', ps.provider_id, 'status', ps.status, 'created_at', ps.created_at, 'data', ps.data) order by ps.created_at)
        from payment_session ps where ps.payment_collection_id = pc.id and ps.deleted_at is null), '[]'::json),
      'payments', coalesce((
        select json_agg(json_build_object('id', p.id, 'provider_id', p.provider_id, 'payment_session_id', p.payment_session_id) order by p.created_at)
        from payment p where p.payment_collection_id = pc.id and p.deleted_at is null), '[]'::json)
    ) order by pc.created_at)
    from order_payment_collection opc join payment_collection pc on pc.id = opc.payment_collection_id and pc.deleted_at is null
    where opc.order_id = o.id and opc.deleted_at is null), '[]'::json) as payment_collections
from "order" o where o.id = ? and o.deleted_at is null`

/**
 * readOrderForSync through Medusa's order and payment modules and the order ↔ payment collection link (the order side
 * by side with the payment side); the same shape. Throws NOT_FOUND when the order does not exist.
 */
export async function readOrderForSyncFromModules(container: MedusaContainer, orderId: string): Promise<OrderForSync> {
  const collectionsOf = async () => {
    const { data: links } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
      entity: "order_payment_collection",
      fields: ["payment_collection_id"],
      filters: { order_id: orderId },
    })
    const ids = (links as any[]).map((l) => l.payment_collection_id).filter(Boolean)
    if (!ids.length) return []
    return container.resolve(Modules.PAYMENT).listPaymentCollections(
      { id: ids },
      {
        select: [
          "id", "status", "amount", "captured_amount", "authorized_amount", "refunded_amount", "created_at",
          "payment_sessions.id", "payment_sessions.provider_id", "payment_sessions.status", "payment_sessions.created_at", "payment_sessions.data",
          "payments.id", "payments.provider_id", "payments.payment_session_id", "payments.created_at",
        ],
        relations: ["payment_sessions", "payments"],
      }
    )
  }
  const [[order], collections] = await Promise.all([
    container.resolve(Modules.ORDER).listOrders(
      { id: orderId },
      { select: ["id", "display_id", "created_at", "currency_code", "email", "customer_id", "status", "items.product_id"], relations: ["summary", "items"] }
    ),
    collectionsOf(),
  ])
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order id not found: ${orderId}`)
  const exact = (c: any, k: string) => (c[`raw_${k}`]?.value ?? (c[k] === undefined || c[k] === null ? null : String(c[k]?.numeric ?? c[k])))
  const byCreated = (a: any, b: any) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime()
  const sorted = [...(collections as any[])].sort(byCreated).map((c) => ({
    ...c,
    payment_sessions: [...(c.payment_sessions ?? [])].sort(byCreated),
    payments: [...(c.payments ?? [])].sort(byCreated),
  }))
  const productIds = ((order as any).items ?? []).map((i: any) => i?.product_id)
  return orderForSync({ ...order, product_ids: productIds }, (order as any).summary ?? null, sorted, exact)
}
