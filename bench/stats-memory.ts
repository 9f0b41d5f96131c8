/**
 * The statistics benchmark's baseline (bench/stats.mjs, `medusa exec ./bench/stats-memory.ts <from> <to> <currency>
 * [runs]`): the statistics page's numbers for `from`–`to` (YYYY-MM-DD, inclusive days in the store's time zone) and
 * the period of as many days just before, computed the way the Medusa analytics plugins do it (Agilo's
 * medusa-analytics-plugin, RSC-Labs' medusa-store-analytics): `query.graph` over the orders of each period with their
 * items, payment collections, payments, captures and refunds, plus carts and payment sessions, everything aggregated
 * in JavaScript memory. Nothing is read from the plugin's tables (no lifecycle, no rollups): only Medusa's modules
 * through Query, as a plugin without its own tables has to.
 *
 * The definitions are the statistics API's (docs in src/api/admin/order-management/statistics/route.ts), in Medusa's
 * own terms:
 * - orders: orders created in the period (canceled: status canceled); placed_orders per provider: the provider of the
 *   order's payment session;
 * - revenue: captures created in the period minus refunds created in the period, of payments of an order's payment
 *   collection (by the capture's and refund's own date, so an order placed earlier and paid or refunded in the
 *   period counts there);
 * - paid orders: orders whose payment was captured in the period (payment.captured_at; the first one per order);
 *   AOV = their totals (Medusa's computed `total`) / their number; time to pay = captured_at − the order's
 *   created_at, p50 / p90 (same histogram buckets and nearest rank as the API); best sellers: their items by
 *   quantity (then revenue = unit_price × quantity − adjustments, then product id);
 * - conversion: carts created in the period with at least one item; checkouts: those with a payment session;
 *   orders: those completed;
 * - payment success: payment sessions created in the period, paid = with a captured payment;
 * - repurchase: customers with a paid order in the period; returning: two or more there, or one paid before it.
 *
 * Each query is paged by id, 4,000 rows a page: an unpaged query.graph over 30,000 orders would send their ids to the
 * payment module as one IN list (PostgreSQL refuses more than 65,535 parameters), and Medusa 2.21's Query fetches a
 * linked relation in batches of 4,000 ids of which only the first gets computed fields: with 5,000 payments a page,
 * `payment_collection.order.total` came back undefined for the last 1,000 orders (the AOV was 20 % low). A missing
 * total throws here rather than counting as 0.
 *
 * Runs the whole computation `runs` times (default 2; the first warms Query and the database's cache) and prints
 * `BENCH_STATS_MEMORY_RESULT {json}`: the time of each run in ms and the numbers of the last.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { ORDER_MANAGEMENT_MODULE } from "../src/modules/order-management"
import type OrderManagementModuleService from "../src/modules/order-management/service"
import { histogramPercentile, timeToPayBucket } from "../src/modules/statistics/rollup/buckets"
import { comparisonRange } from "../src/modules/statistics/report"
import { toMinorUnits } from "../src/utils/money"

const PAGE = 4000
const CHUNK = 2000

export default async function statsInMemory({ container, args }: ExecArgs) {
  const [from, to, currency = "cny", runsArg] = args ?? []
  if (!from || !to) throw new Error("usage: medusa exec ./bench/stats-memory.ts <from> <to> [currency] [runs]")
  const runs = Number(runsArg ?? 2)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const prev = comparisonRange(from, to, "previous_period")

  /** Every row of `entity` matching `filters`, paged by id. */
  async function all(entity: string, fields: string[], filters: Record<string, unknown>): Promise<any[]> {
    const out: any[] = []
    let after: string | undefined
    for (;;) {
      const { data } = await query.graph({
        entity,
        fields: fields.includes("id") ? fields : ["id", ...fields],
        filters: after ? { ...filters, id: { $gt: after } } : filters,
        pagination: { take: PAGE, skip: 0, order: { id: "ASC" } },
      } as any)
      out.push(...data)
      if (data.length < PAGE) return out
      after = data[data.length - 1].id
    }
  }

  async function period(f: string, t: string) {
    const steps: Record<string, number> = {}
    let lap = performance.now()
    const step = (name: string) => {
      const now = performance.now()
      steps[name] = Math.round(now - lap)
      lap = now
    }
    const start = DateTime.fromISO(f, { zone: tz }).startOf("day").toJSDate()
    const end = DateTime.fromISO(t, { zone: tz }).plus({ days: 1 }).startOf("day").toJSDate()
    const inP = (d: unknown) => d != null && new Date(d as string) >= start && new Date(d as string) < end
    const range = { $gte: start, $lt: end }
    const day = (d: unknown) => DateTime.fromJSDate(new Date(d as string), { zone: tz }).toISODate()!

    // 1. the orders placed in the period, with their payment sessions (the channel the buyer chose)
    const placed = await all("order", ["id", "created_at", "status", "customer_id", "currency_code", "payment_collections.payment_sessions.provider_id"], {
      created_at: range,
      currency_code: currency,
      status: { $nin: ["draft"] },
    })
    const series = new Map<string, number>()
    const providers = new Map<string, Provider>()
    const provider = (id: string) => {
      let p = providers.get(id)
      if (!p) providers.set(id, (p = { placed_orders: 0, orders: 0, captured: [], refunded: [], sessions: 0, paid_sessions: 0, times: new Map() }))
      return p
    }
    let canceled = 0
    for (const o of placed) {
      series.set(day(o.created_at), (series.get(day(o.created_at)) ?? 0) + 1)
      if (o.status === "canceled") canceled++
      const session = (o.payment_collections ?? []).flatMap((pc: any) => pc?.payment_sessions ?? [])[0]
      provider(session?.provider_id ?? "").placed_orders++
    }

    step("placed")
    // 2. captures and refunds of the period (by their own date), of payments that belong to an order
    const money = async (entity: "capture" | "refund") => {
      const rows = await all(entity, ["amount", "created_at", "payment.provider_id", "payment.currency_code", "payment.payment_collection.order.id"], { created_at: range })
      return rows.filter((r) => r.payment?.currency_code === currency && r.payment?.payment_collection?.order?.id)
    }
    const captures = await money("capture")
    const refunds = await money("refund")
    for (const c of captures) provider(c.payment.provider_id).captured.push(String(c.amount))
    for (const r of refunds) provider(r.payment.provider_id).refunded.push(String(r.amount))

    step("captures_refunds")
    // 3. the orders paid in the period: payments captured in it, with their order's total, customer and items
    const payments = await all(
      "payment",
      [
        "provider_id", "captured_at", "currency_code",
        "payment_collection.order.id", "payment_collection.order.created_at", "payment_collection.order.customer_id", "payment_collection.order.total",
        "payment_collection.order.items.id", "payment_collection.order.items.product_id", "payment_collection.order.items.product_title",
        "payment_collection.order.items.quantity", "payment_collection.order.items.unit_price", "payment_collection.order.items.adjustments.amount",
      ],
      { captured_at: range, currency_code: currency }
    )
    const paidOrders = new Map<string, { order: any; provider_id: string; paid_at: Date }>()
    for (const p of payments) {
      const order = p.payment_collection?.order
      if (!order?.id) continue
      const seen = paidOrders.get(order.id)
      if (!seen || new Date(p.captured_at) < seen.paid_at) paidOrders.set(order.id, { order, provider_id: p.provider_id, paid_at: new Date(p.captured_at) })
    }
    let paidTotalMinor = 0
    const allTimes: Array<[number, number]> = []
    const products = new Map<string, { product_id: string; title: string; title_at: number; quantity: number; orders: Set<string>; revenue: any }>()
    const buyers = new Map<string, number>()
    for (const { order, provider_id, paid_at } of paidOrders.values()) {
      if (order.total == null) throw new Error(`query.graph returned order ${order.id} without its total`)
      paidTotalMinor += toMinorUnits(MathBN.convert(order.total), currency)
      const p = provider(provider_id)
      p.orders++
      const bucket = timeToPayBucket((paid_at.getTime() - new Date(order.created_at).getTime()) / 1000)
      p.times.set(bucket, (p.times.get(bucket) ?? 0) + 1)
      allTimes.push([bucket, 1])
      if (order.customer_id) buyers.set(order.customer_id, (buyers.get(order.customer_id) ?? 0) + 1)
      for (const item of order.items ?? []) {
        if (!item?.product_id) continue
        let x = products.get(item.product_id)
        if (!x) products.set(item.product_id, (x = { product_id: item.product_id, title: item.product_title ?? "", title_at: 0, quantity: 0, orders: new Set(), revenue: MathBN.convert(0) }))
        x.quantity += Number(item.quantity)
        x.orders.add(order.id)
        const adjustments = (item.adjustments ?? []).reduce((s: any, a: any) => MathBN.add(s, a?.amount ?? 0), MathBN.convert(0))
        x.revenue = MathBN.add(x.revenue, MathBN.sub(MathBN.mult(item.unit_price, item.quantity), adjustments))
        if (paid_at.getTime() >= x.title_at) Object.assign(x, { title: item.product_title ?? "", title_at: paid_at.getTime() })
      }
    }

    step("paid")
    // 4. conversion: the period's carts with their items and payment sessions
    const carts = await all("cart", ["completed_at", "items.id", "payment_collection.payment_sessions.id"], { created_at: range, currency_code: currency })
    let cartCount = 0
    let checkouts = 0
    let cartOrders = 0
    for (const c of carts) {
      if (!(c.items ?? []).length) continue
      cartCount++
      if ((c.payment_collection?.payment_sessions ?? []).length) checkouts++
      if (c.completed_at) cartOrders++
    }

    step("carts")
    // 5. payment success: the period's payment sessions and whether their payment was captured
    const sessions = await all("payment_session", ["provider_id", "payment.captured_at"], { created_at: range, currency_code: currency })
    for (const s of sessions) {
      const p = provider(s.provider_id)
      p.sessions++
      if (s.payment?.captured_at) p.paid_sessions++
    }

    step("sessions")
    // 6. repurchase: each buyer's paid orders before the period (their orders, with their payments)
    const once = [...buyers.entries()].filter(([, n]) => n < 2).map(([id]) => id)
    let returning = buyers.size - once.length
    for (let i = 0; i < once.length; i += CHUNK) {
      const earlier = await all("order", ["customer_id", "payment_collections.payments.captured_at"], {
        customer_id: once.slice(i, i + CHUNK),
        currency_code: currency,
        created_at: { $lt: start },
      })
      const before = new Set<string>()
      for (const o of earlier) {
        const paidAt = (o.payment_collections ?? []).flatMap((pc: any) => pc?.payments ?? []).map((p: any) => p?.captured_at).filter(Boolean)
        if (paidAt.some((d: string) => new Date(d) < start)) before.add(o.customer_id)
      }
      returning += before.size
    }

    step("repurchase")
    const sum = (vals: string[]) => toMinorUnits(vals.reduce((s, v) => MathBN.add(s, v), MathBN.convert(0)), currency)
    const captured = sum(captures.map((c) => String(c.amount)))
    const refunded = sum(refunds.map((r) => String(r.amount)))
    const paid = captured - refunded
    const ratio = (a: number, b: number) => (b ? a / b : null)
    const productList = [...products.values()].map((x) => ({ product_id: x.product_id, title: x.title, quantity: x.quantity, orders: x.orders.size, revenue_minor: toMinorUnits(x.revenue, currency) }))
    const productsRevenue = productList.reduce((s, x) => s + x.revenue_minor, 0)
    productList.sort((a, b) => b.quantity - a.quantity || b.revenue_minor - a.revenue_minor || (a.product_id < b.product_id ? -1 : 1))
    return {
      from: f,
      to: t,
      steps_ms: steps,
      rows: { placed: placed.length, captures: captures.length, refunds: refunds.length, payments: payments.length, carts: carts.length, sessions: sessions.length },
      orders: { count: placed.length, canceled, series: Object.fromEntries([...series.entries()].sort()) },
      revenue: {
        paid_minor: paid,
        captured_minor: captured,
        refunded_minor: refunded,
        paid_orders: paidOrders.size,
        aov_minor: paidOrders.size ? Math.round(paidTotalMinor / paidOrders.size) : null,
      },
      conversion: { carts: cartCount, checkouts, orders: cartOrders, cart_to_order_rate: ratio(cartOrders, cartCount), checkout_to_order_rate: ratio(cartOrders, checkouts) },
      repurchase: { customers: buyers.size, returning, rate: ratio(returning, buyers.size) },
      payments: {
        providers: [...providers.entries()]
          .filter(([, p]) => p.placed_orders || p.orders || p.sessions || p.captured.length || p.refunded.length)
          .map(([provider_id, p]) => {
            const pPaid = sum(p.captured) - sum(p.refunded)
            const times = [...p.times.entries()]
            return {
              provider_id,
              orders: p.orders,
              placed_orders: p.placed_orders,
              paid_minor: pPaid,
              share_count: ratio(p.orders, paidOrders.size),
              share_amount: ratio(pPaid, paid),
              sessions: p.sessions,
              paid_sessions: p.paid_sessions,
              success_rate: ratio(p.paid_sessions, p.sessions),
              time_to_pay_p50_seconds: histogramPercentile(times, 50),
              time_to_pay_p90_seconds: histogramPercentile(times, 90),
            }
          })
          .sort((a, b) => b.orders - a.orders || b.sessions - a.sessions || a.provider_id.localeCompare(b.provider_id)),
        time_to_pay_p50_seconds: histogramPercentile(allTimes, 50),
        time_to_pay_p90_seconds: histogramPercentile(allTimes, 90),
      },
      products: { revenue_minor: productsRevenue, best_sellers: productList.slice(0, 10) },
    }
  }

  const times: number[] = []
  let result: any
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const current = await period(from, to)
    const previous = await period(prev.from, prev.to)
    times.push(Number((performance.now() - t0).toFixed(1)))
    result = { current, previous }
    console.log(`[stats-memory] run ${i + 1} of ${runs}: ${times[i]} ms (${JSON.stringify(current.rows)} + ${JSON.stringify(previous.rows)} rows; ms per step ${JSON.stringify(current.steps_ms)} + ${JSON.stringify(previous.steps_ms)})`)
  }
  console.log(`BENCH_STATS_MEMORY_RESULT ${JSON.stringify({ runs_ms: times, ...result })}`)
}

type Provider = {
  placed_orders: number
  orders: number
  captured: string[]
  refunded: string[]
  sessions: number
  paid_sessions: number
  times: Map<number, number>
}
