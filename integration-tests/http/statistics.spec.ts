import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/core-flows"
import { DateTime } from "luxon"
import { subscribersIdle } from "../../src/utils/in-flight"
import { createAdmin } from "../helpers/admin-auth"
import { payOrder, placeOrder } from "../helpers/place-order"
import generate from "../../bench/generate-orders"
import rebuildStatistics from "../../src/scripts/rebuild-statistics"
import { refreshStatisticsRun as refreshStatisticsJob } from "../../src/jobs/refresh-statistics"
import { eventDatesFromModules, eventDatesFromSql } from "../../src/workflows/statistics/mark-dirty"
import { timeToPayBucket, timeToPayBucketSql } from "../../src/modules/statistics/rollup/buckets"

jest.setTimeout(600 * 1000)

// Issue 15: every number of GET /admin/order-management/statistics equals a recomputation from the raw tables in
// plain SQL (written here independently of the rollup code: days as dates in the store's time zone, distinct
// customers counted directly) on the generator's 90 days of orders (two currencies, refunds, cancellations,
// abandoned carts and unpaid sessions) with orders moved to either side of midnight in Asia/Shanghai; events keep
// the rollups current; bad queries are 400 naming the field.
process.env.OM_RELEASE_UNPAID = "false"
// the test calls the refresh job itself: a scheduled tick in the middle would make "pending" depend on the clock
process.env.OM_STATISTICS_REFRESH_JOB = "false"
process.env.BENCH_ORDERS = "1000"
process.env.BENCH_PRODUCTS = "20"
process.env.BENCH_CUSTOMERS = "150"
process.env.BENCH_GENERATOR_BATCH = "500"

const TZ = "Asia/Shanghai"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: Record<string, string>
    let knex: any
    let store: any
    const today = DateTime.now().setZone(TZ).toISODate()!
    const from = DateTime.fromISO(today).minus({ days: 29 }).toISODate()!
    const prevFrom = DateTime.fromISO(from).minus({ days: 30 }).toISODate()!
    const prevTo = DateTime.fromISO(from).minus({ days: 1 }).toISODate()!

    beforeAll(async () => {
      container = getContainer()
      knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      ;({ store } = (await generate({ container, args: [] } as any)) as any)
      admin = (await createAdmin(container, "analyst@test.com")).headers
      // orders on either side of a Shanghai midnight (16:00 UTC): the last millisecond of one day, the first of the
      // next, placed and paid there
      const edge = DateTime.fromISO(`${DateTime.fromISO(today).minus({ days: 10 }).toISODate()}T00:00:00`, { zone: TZ })
      const [a, b] = (await knex.raw(`select order_id from order_lifecycle where order_id like 'order_GEN%' and paid_at is not null and currency_code = 'cny' order by order_id limit 2`)).rows
      await knex.raw(`update order_lifecycle set placed_at = ?, paid_at = ? where order_id = ?`, [edge.minus({ milliseconds: 1 }).toJSDate(), edge.minus({ milliseconds: 1 }).toJSDate(), a.order_id])
      await knex.raw(`update order_lifecycle set placed_at = ?, paid_at = ? where order_id = ?`, [edge.toJSDate(), edge.plus({ minutes: 3 }).toJSDate(), b.order_id])
      await knex.raw(
        `update capture set created_at = l.paid_at from payment p join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id
         join order_lifecycle l on l.order_id = opc.order_id where capture.payment_id = p.id and l.order_id in (?, ?)`,
        [a.order_id, b.order_id]
      )
      await rebuildStatistics({ container, args: [DateTime.fromISO(today).minus({ days: 100 }).toISODate()!, today] } as any)
    })
    beforeEach(() => {
      container = getContainer()
    })

    const stats = async (qs: string) => api.get(`/admin/order-management/statistics?${qs}`, { headers: admin, validateStatus: () => true })
    const rows = async (sql: string, b: unknown[] = []) => (await knex.raw(sql, b)).rows
    const minor = (v: unknown) => Math.round(Number(v) * 100)
    /** The weekly tier (best sellers, time to pay, repurchase) holds exactly the sums of its weeks' daily rows, no row more or less. */
    async function tiersAgree() {
      const week = `to_char(date_trunc('week', day::date), 'YYYY-MM-DD')`
      // each weekly table, its daily one, the grouping keys besides week and currency, the summed columns with the type compared
      const tiers: Array<[string, string, string[], Array<[string, string]>]> = [
        ["product_stats_weekly", "product_stats_daily", ["product_id"], [["quantity", "int"], ["orders", "int"], ["revenue_amount", "text"]]],
        ["payment_time_weekly", "payment_time_daily", ["provider_id", "bucket_seconds"], [["payments", "int"]]],
        ["customer_stats_weekly", "customer_stats_daily", ["kind", "ref_day"], [["customers", "int"]]],
      ]
      const differences: Record<string, unknown[]> = {}
      for (const [weekly, daily, keys, sums] of tiers) {
        const k = keys.join(", ")
        differences[weekly] = await rows(`select * from (
            select week, currency_code, ${k}, ${sums.map(([c, type], i) => `${c}::${type} as s${i}`).join(", ")} from ${weekly} where deleted_at is null
          ) w full join (
            select ${week} as week, currency_code, ${k}, ${sums.map(([c, type], i) => `sum(${c})::${type} as s${i}`).join(", ")}
            from ${daily} where deleted_at is null group by ${[1, 2, ...keys.map((_, i) => i + 3)].join(", ")}
          ) d using (week, currency_code, ${k}) where w is distinct from d`)
      }
      expect(differences).toEqual({ product_stats_weekly: [], payment_time_weekly: [], customer_stats_weekly: [] })
      const [{ weeks }] = await rows(`select count(distinct week)::int as weeks from product_stats_weekly`)
      expect(weeks).toBeGreaterThan(10)
    }

    /** Every number of one period recomputed from the raw tables. */
    async function expected(currency: string, f: string, t: string) {
      const day = (col: string) => `(${col} at time zone '${TZ}')::date`
      const inP = (col: string) => `${day(col)} between '${f}' and '${t}'`
      const [o] = await rows(`select count(*)::int as count, count(*) filter (where canceled_at is not null or payment_status = 'canceled')::int as canceled
        from order_lifecycle where deleted_at is null and currency_code = ? and ${inP("placed_at")}`, [currency])
      const [p] = await rows(`select count(*)::int as n, coalesce(sum(total_minor), 0)::bigint as total from order_lifecycle where deleted_at is null and currency_code = ? and ${inP("paid_at")}`, [currency])
      const money = async (table: string) =>
        rows(`select p.provider_id, sum(x.amount) as amount from ${table} x join payment p on p.id = x.payment_id
          join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id
          where x.deleted_at is null and p.currency_code = ? and ${inP("x.created_at")} group by 1`, [currency])
      const captured = await money("capture")
      const refunded = await money("refund")
      const sum = (list: any[]) => list.reduce((s, r) => s + minor(r.amount), 0)
      const [c] = await rows(`select count(*)::int as carts,
          count(*) filter (where exists (select 1 from cart_payment_collection cpc join payment_session ps on ps.payment_collection_id = cpc.payment_collection_id and ps.deleted_at is null where cpc.cart_id = c.id and cpc.deleted_at is null))::int as checkouts,
          count(*) filter (where completed_at is not null)::int as orders
        from cart c where deleted_at is null and currency_code = ? and ${inP("created_at")}
          and exists (select 1 from cart_line_item li where li.cart_id = c.id and li.deleted_at is null)`, [currency])
      const [r] = await rows(`with buyers as (
          select customer_id, count(*) as n from order_lifecycle where deleted_at is null and currency_code = ? and customer_id is not null and ${inP("paid_at")} group by 1)
        select count(*)::int as customers,
          count(*) filter (where n >= 2 or exists (select 1 from order_lifecycle e where e.customer_id = b.customer_id and e.currency_code = ? and e.deleted_at is null and ${day("e.paid_at")} < '${f}'))::int as returning
        from buyers b`, [currency, currency])
      const providers = await rows(`select coalesce(payment_provider, '') as provider_id, count(*)::int as orders from order_lifecycle
        where deleted_at is null and currency_code = ? and ${inP("paid_at")} group by 1`, [currency])
      const sessions = await rows(`select provider_id, count(*)::int as sessions,
          count(*) filter (where exists (select 1 from payment p where p.payment_session_id = s.id and p.captured_at is not null and p.deleted_at is null))::int as paid
        from payment_session s where currency_code = ? and ${inP("created_at")} group by 1`, [currency])
      const pct = async (provider: string, percent: number) => {
        const [x] = await rows(`with t as (
            select ${timeToPayBucketSql("s")} as b from (select greatest(0, floor(extract(epoch from paid_at - placed_at)))::bigint as s from order_lifecycle
              where deleted_at is null and currency_code = ? and coalesce(payment_provider, '') = ? and ${inP("paid_at")}) y),
          r as (select b, row_number() over (order by b) as rn, count(*) over () as n from t)
          select b from r where rn = ceil(n * ${percent} / 100.0)`, [currency, provider])
        return x ? Number(x.b) : null
      }
      const products = await rows(`select li.product_id, sum(oi.quantity)::int as quantity,
          sum(li.unit_price * oi.quantity - coalesce((select sum(a.amount) from order_line_item_adjustment a where a.item_id = li.id and a.deleted_at is null), 0)) as revenue
        from order_lifecycle l join "order" o on o.id = l.order_id
        join order_item oi on oi.order_id = o.id and oi.version = o.version and oi.deleted_at is null
        join order_line_item li on li.id = oi.item_id
        where l.deleted_at is null and l.currency_code = ? and ${inP("l.paid_at")}
        group by 1 order by 2 desc, 3 desc, 1`, [currency])
      const series = await rows(`select ${day("placed_at")}::text as date, count(*)::int as count from order_lifecycle
        where deleted_at is null and currency_code = ? and ${inP("placed_at")} group by 1`, [currency])
      const net = await rows(`select d::text as date, sum(a)::text as amount from (
          select ${day("x.created_at")} as d, x.amount as a from capture x join payment p on p.id = x.payment_id join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id
          where x.deleted_at is null and p.currency_code = ? and ${inP("x.created_at")}
          union all
          select ${day("x.created_at")}, -x.amount from refund x join payment p on p.id = x.payment_id join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id
          where x.deleted_at is null and p.currency_code = ? and ${inP("x.created_at")}) m group by 1`, [currency, currency])
      const byProvider = (list: any[]) => Object.fromEntries(list.map((x) => [x.provider_id, minor(x.amount)]))
      const cap = byProvider(captured)
      const ref = byProvider(refunded)
      return {
        orders: o,
        revenue: { captured_minor: sum(captured), refunded_minor: sum(refunded), paid_minor: sum(captured) - sum(refunded), paid_orders: p.n, aov_minor: p.n ? Math.round(Number(p.total) / p.n) : null },
        conversion: c,
        repurchase: r,
        providers: Object.fromEntries(
          await Promise.all(
            [...new Set([...providers.map((x: any) => x.provider_id), ...sessions.map((x: any) => x.provider_id)])].map(async (id) => [
              id,
              {
                orders: providers.find((x: any) => x.provider_id === id)?.orders ?? 0,
                paid_minor: (cap[id] ?? 0) - (ref[id] ?? 0),
                sessions: sessions.find((x: any) => x.provider_id === id)?.sessions ?? 0,
                paid_sessions: sessions.find((x: any) => x.provider_id === id)?.paid ?? 0,
                p50: await pct(id, 50),
                p90: await pct(id, 90),
              },
            ])
          )
        ),
        products: products.map((x: any) => ({ product_id: x.product_id, quantity: x.quantity, revenue_minor: minor(x.revenue) })),
        productRevenue: products.reduce((s: number, x: any) => s + minor(x.revenue), 0),
        series: Object.fromEntries(series.map((x: any) => [x.date, x.count])),
        revenueSeries: Object.fromEntries(net.map((x: any) => [x.date, minor(x.amount)])),
      }
    }

    function compare(period: any, e: Awaited<ReturnType<typeof expected>>) {
      expect({ count: period.orders.count, canceled: period.orders.canceled }).toEqual(e.orders)
      expect(period.revenue).toMatchObject(e.revenue)
      expect(period.conversion).toMatchObject(e.conversion)
      expect(period.conversion.cart_to_order_rate).toBe(e.conversion.carts ? e.conversion.orders / e.conversion.carts : null)
      expect({ customers: period.repurchase.customers, returning: period.repurchase.returning }).toEqual(e.repurchase)
      const got = Object.fromEntries(
        period.payments.providers.map((p: any) => [p.provider_id, { orders: p.orders, paid_minor: p.paid_minor, sessions: p.sessions, paid_sessions: p.paid_sessions, p50: p.time_to_pay_p50_seconds, p90: p.time_to_pay_p90_seconds }])
      )
      expect(got).toEqual(e.providers)
      for (const p of period.payments.providers) {
        expect(p.success_rate).toBe(p.sessions ? p.paid_sessions / p.sessions : null)
        expect(p.share_count).toBe(e.revenue.paid_orders ? p.orders / e.revenue.paid_orders : null)
      }
      expect(period.products.revenue_minor).toBe(e.productRevenue)
      const top = period.products.best_sellers.map((p: any) => ({ product_id: p.product_id, quantity: p.quantity, revenue_minor: p.revenue_minor }))
      expect(top).toEqual(e.products.slice(0, top.length))
      for (const s of period.orders.series) expect([s.date, s.count]).toEqual([s.date, e.series[s.date] ?? 0])
      for (const s of period.revenue.series) expect([s.date, s.paid_minor]).toEqual([s.date, e.revenueSeries[s.date] ?? 0])
    }

    it("every number of a 30-day window and its comparison equals plain SQL over the raw tables, in both currencies", async () => {
      // best sellers, time to pay and repurchase read whole weeks from the weekly tier: both windows hold whole weeks
      await tiersAgree()
      for (const currency of ["cny", "usd"]) {
        const r = await stats(`from=${from}&to=${today}&currency_code=${currency}&limit=50`)
        expect(r.status).toBe(200)
        expect(r.data).toMatchObject({ currency_code: currency, from, to: today, granularity: "day", time_zone: TZ, pending_days: 0, comparison: { kind: "previous_period", from: prevFrom, to: prevTo } })
        expect(r.data.currencies).toEqual(["cny", "usd"])
        expect(r.data.orders.series).toHaveLength(30)
        // the data is real: the generator put orders, refunds, cancellations, carts and several channels in both periods
        expect(r.data.orders.count).toBeGreaterThan(20)
        expect(r.data.conversion.carts).toBeGreaterThan(r.data.conversion.orders)
        expect(r.data.payments.providers.length).toBeGreaterThan(2)
        if (currency === "cny") {
          expect(r.data.revenue.refunded_minor).toBeGreaterThan(0)
          expect(r.data.orders.canceled).toBeGreaterThan(0)
          expect(r.data.repurchase.returning).toBeGreaterThan(0)
          expect(r.data.repurchase.returning).toBeLessThan(r.data.repurchase.customers)
        }
        compare(r.data, await expected(currency, from, today))
        // each best seller under its product's title (the generator never renames one)
        const best = r.data.products.best_sellers
        const titles = await rows(`select id, title from product where id = any(?)`, [best.map((p: any) => p.product_id)])
        expect(best.map((p: any) => p.title)).toEqual(best.map((p: any) => titles.find((t: any) => t.id === p.product_id)?.title))
        expect(best.length).toBeGreaterThan(5)
        compare({ ...r.data.orders.previous && { orders: r.data.orders.previous, revenue: r.data.revenue.previous, conversion: r.data.conversion.previous, repurchase: r.data.repurchase.previous, payments: r.data.payments.previous, products: r.data.products.previous } }, await expected(currency, prevFrom, prevTo))
        expect(r.data.orders.growth).toBe(r.data.orders.previous.count ? (r.data.orders.count - r.data.orders.previous.count) / r.data.orders.previous.count : null)
      }
    })

    it("the time-to-pay buckets in SQL are the documented ones", async () => {
      const samples = [0, 7, 59, 60, 61, 599, 600, 601, 3599, 3600, 3601, 86399, 86400, 90001, 200000]
      const got = await rows(`select s, ${timeToPayBucketSql("s")} as b from unnest(?::bigint[]) s order by s`, [samples])
      expect(got.map((r: any) => Number(r.b))).toEqual(samples.map(timeToPayBucket))
    })

    it("the two orders either side of a Shanghai midnight count on their own days", async () => {
      const d = DateTime.fromISO(today).minus({ days: 10 })
      const r = await stats(`from=${d.minus({ days: 1 }).toISODate()}&to=${d.toISODate()}&currency_code=cny`)
      const e = await expected("cny", d.minus({ days: 1 }).toISODate()!, d.toISODate()!)
      compare(r.data, e)
      const one = await stats(`from=${d.toISODate()}&to=${d.toISODate()}&currency_code=cny`)
      compare(one.data, await expected("cny", d.toISODate()!, d.toISODate()!))
    })

    it("weeks, months and the previous year sum the same days", async () => {
      const f = DateTime.fromISO(today).minus({ days: 89 }).toISODate()!
      const byDay = (await stats(`from=${f}&to=${today}&currency_code=cny&granularity=day`)).data
      for (const g of ["week", "month"]) {
        const r = (await stats(`from=${f}&to=${today}&currency_code=cny&granularity=${g}`)).data
        expect(r.granularity).toBe(g)
        expect(r.orders.series.reduce((s: number, x: any) => s + x.count, 0)).toBe(byDay.orders.count)
        expect(r.revenue.series.reduce((s: number, x: any) => s + x.paid_minor, 0)).toBe(byDay.revenue.paid_minor)
        // the first point is labelled with the period's first day (a partial week or month), the others with a
        // Monday or a 1st; the comparison's points line up one for one
        expect(r.orders.series[0].date).toBe(f)
        if (g === "week") for (const x of r.orders.series.slice(1)) expect(DateTime.fromISO(x.date).weekday).toBe(1)
        if (g === "month") for (const x of r.orders.series.slice(1)) expect(x.date.endsWith("-01")).toBe(true)
        expect(r.orders.previous.series).toHaveLength(r.orders.series.length)
        expect(r.orders.previous.series.reduce((s: number, x: any) => s + x.count, 0)).toBe(r.orders.previous.count)
      }
      const y = (await stats(`from=${from}&to=${today}&currency_code=cny&compare=previous_year`)).data
      expect(y.comparison).toEqual({ kind: "previous_year", from: DateTime.fromISO(from).minus({ years: 1 }).toISODate(), to: DateTime.fromISO(today).minus({ years: 1 }).toISODate() })
      // a year ago there were no orders: growth is not a number, not "infinite"
      expect(y.orders.previous.count).toBe(0)
      expect(y.orders.growth).toBeNull()
      expect(y.pending_days).toBeGreaterThan(0)
      // naming the year-ago range computes only its never-computed days; the current period keeps its computation
      // other days waiting (newer ones, as the job's first run leaves) do not push the named range back
      await knex.raw(`insert into stats_day (id, day, dirty_at, created_at, updated_at) select 'sday_' || d, d, now(), now(), now()
        from unnest(?::text[]) d on conflict (day) where deleted_at is null do update set dirty_at = now()`,
        [Array.from({ length: 40 }, (_, i) => DateTime.fromISO(today).minus({ days: 200 + i }).toISODate())])
      const [before] = await rows(`select computed_at from stats_day where day = ?`, [from])
      const r = await api.post(`/admin/order-management/statistics/refresh`, y.comparison && { from: y.comparison.from, to: y.comparison.to }, { headers: admin })
      expect([r.data, r.data.range_pending_days]).toEqual([r.data, 0])
      expect(r.data.refreshed_days).toEqual(expect.arrayContaining([y.comparison.from, y.comparison.to]))
      expect(r.data.refreshed_days).not.toContain(from)
      expect((await rows(`select computed_at from stats_day where day = ?`, [from]))[0].computed_at).toEqual(before.computed_at)
      const again = (await stats(`from=${from}&to=${today}&currency_code=cny&compare=previous_year`)).data
      expect([again.pending_days, again.orders.previous.count]).toEqual([0, 0])
    })

    it("low stock lists variants below the threshold (option, or the variant's metadata) from Medusa's inventory", async () => {
      // the teapot runs low at the store's location: 6 stocked, 2 reserved
      await knex.raw(`update inventory_level set stocked_quantity = 6, raw_stocked_quantity = '{"value":"6","precision":20}', reserved_quantity = 2, raw_reserved_quantity = '{"value":"2","precision":20}'
        where inventory_item_id = ? and location_id = ?`, [store.inventoryItems.teapot, store.locationId])
      const r = await stats(`from=${from}&to=${today}&currency_code=cny`)
      const low = r.data.products.low_stock
      expect(low.find((v: any) => v.variant_id === store.variants.teapot)).toMatchObject({ sku: expect.any(String), stocked: 6, reserved: 2, available: 4, threshold: 10, location_id: store.locationId, inventory_item_id: store.inventoryItems.teapot })
      for (const v of low) {
        expect(v.available).toBe(v.stocked - v.reserved)
        expect(v.available).toBeLessThan(v.threshold)
        expect(v.threshold).toBe(10)
      }
      const raw = await rows(`select count(*)::int as n from inventory_level il where il.deleted_at is null and il.stocked_quantity - il.reserved_quantity < 10`)
      expect(r.data.products.low_stock_total).toBe(raw[0].n)
      // the tea is plentiful until its own threshold says otherwise
      const tea = store.variants.tea
      const [level] = await rows(`select il.stocked_quantity - il.reserved_quantity as a from inventory_level il join product_variant_inventory_item pvi on pvi.inventory_item_id = il.inventory_item_id where pvi.variant_id = ?`, [tea])
      expect(low.map((v: any) => v.variant_id)).not.toContain(tea)
      await container.resolve(Modules.PRODUCT).updateProductVariants(tea, { metadata: { low_stock_threshold: String(Number(level.a) + 1) } })
      const again = (await stats(`from=${from}&to=${today}&currency_code=cny&low_stock_limit=500`)).data.products.low_stock
      expect(again.find((v: any) => v.variant_id === tea)).toMatchObject({ threshold: Number(level.a) + 1, available: Number(level.a), location_id: store.locationId })
    })

    it("orders placed, paid, refunded and canceled mark their days; a refresh brings every number up to date", async () => {
      const before = (await stats(`from=${today}&to=${today}&currency_code=cny`)).data
      const placed = await placeOrder(container, store, { provider: "pp_system_default", items: [{ variant: "teapot", quantity: 2 }], email: "stats-buyer@example.com" })
      await subscribersIdle()
      // the session was opened three days ago (a bank transfer paid late): its creation day's success rate changes
      const threeDaysAgo = DateTime.fromISO(today).minus({ days: 3 }).toISODate()!
      const twoDaysAgo = DateTime.fromISO(today).minus({ days: 2 }).toISODate()!
      await knex.raw(`update stats_day set dirty_at = null where day in (?, ?)`, [threeDaysAgo, twoDaysAgo])
      await knex.raw(`update payment_session set created_at = ? where id = ?`, [DateTime.fromISO(`${threeDaysAgo}T12:00:00`, { zone: TZ }).toJSDate(), placed.session_id])
      await payOrder(container, placed)
      const other = await placeOrder(container, store, { provider: "pp_system_default", items: [{ variant: "tea", quantity: 1 }], email: "stats-buyer@example.com" })
      await subscribersIdle()
      // and the other order's cart was created two days ago: its cancel marks the cart's day (the funnel's cohort)
      await knex.raw(`update cart set created_at = ? where id = ?`, [DateTime.fromISO(`${twoDaysAgo}T12:00:00`, { zone: TZ }).toJSDate(), other.cart_id])
      const [payment] = await rows(`select p.id, p.amount from payment p join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id where opc.order_id = ?`, [placed.order_id])
      await refundPaymentWorkflow(container).run({ input: { payment_id: payment.id, amount: 10 } })
      await api.post(`/admin/orders/${other.order_id}/cancel`, {}, { headers: admin })
      await subscribersIdle()
      const [state] = await rows(`select dirty_at from stats_day where day = ?`, [today])
      expect(state.dirty_at).not.toBeNull()
      const marked = await rows(`select day from stats_day where day in (?, ?) and dirty_at is not null order by day`, [threeDaysAgo, twoDaysAgo])
      expect(marked.map((r: any) => r.day)).toEqual([threeDaysAgo, twoDaysAgo])
      // the dates come from one SQL read; Medusa's modules (the fallback for a store split over databases) agree
      for (const [kind, id] of [["order", other.order_id], ["order", placed.order_id], ["payment", payment.id], ["payment", "pay_unknown"]] as const) {
        const sql = await eventDatesFromSql(container, kind, id)
        expect([kind, id, sql]).toEqual([kind, id, await eventDatesFromModules(container, kind, id)])
        if (id !== "pay_unknown") expect(sql.every(Boolean)).toBe(true)
      }
      const pending = (await stats(`from=${today}&to=${today}&currency_code=cny`)).data
      expect(pending.pending_days).toBe(1)
      const refreshed = await api.post(`/admin/order-management/statistics/refresh`, {}, { headers: admin })
      expect(refreshed.status).toBe(200)
      expect(refreshed.data.refreshed_days).toContain(today)
      const after = (await stats(`from=${today}&to=${today}&currency_code=cny`)).data
      expect(after.pending_days).toBe(0)
      expect(after.orders.count).toBe(before.orders.count + 2)
      expect(after.orders.canceled).toBe(before.orders.canceled + 1)
      expect(after.revenue.captured_minor).toBe(before.revenue.captured_minor + minor(payment.amount))
      expect(after.revenue.refunded_minor).toBe(before.revenue.refunded_minor + 1000)
      expect(after.revenue.paid_orders).toBe(before.revenue.paid_orders + 1)
      compare(after, await expected("cny", today, today))
      // the weeks of the recomputed days were summed again (the session moved to three days ago, the paid order today)
      await tiersAgree()
      const wideFrom = DateTime.fromISO(today).minus({ days: 16 }).toISODate()!
      const wide = (await stats(`from=${wideFrom}&to=${today}&currency_code=cny&limit=50`)).data
      compare(wide, await expected("cny", wideFrom, today))
      // a second refresh with nothing changed gives the same numbers (idempotent)
      await api.post(`/admin/order-management/statistics/refresh`, { from: today, to: today, force: true }, { headers: admin })
      expect((await stats(`from=${today}&to=${today}&currency_code=cny`)).data).toEqual({ ...after, updated_at: expect.any(String) })
    })

    it("bad queries are 400 naming the field and change nothing; no admin, no numbers", async () => {
      const cases: Array<[string, RegExp]> = [
        [`from=2026-02-30&to=2026-03-01&currency_code=cny`, /from is not a calendar day/],
        [`from=2026-11-30&to=2026-11-01&currency_code=cny`, /from must not be after to/],
        [`from=2020-01-01&to=2026-11-30&currency_code=cny`, /at most 1096/],
        [`from=${from}&to=${today}`, /currency_code is required: this store has CNY, USD/],
        [`from=${from}&to=${today}&currency_code=eur`, /EUR is not a currency of this store/],
        [`currency_code=cny&granularity=hour`, /granularity must be any of day, week, month/],
        [`currency_code=cny&compare=last_week`, /compare must be any of previous_period, previous_year/],
        [`currency_code=cny&limit=0`, /limit.*at least/],
        [`currency_code=cny&limit=51`, /limit/],
        [`currency_code=cny&colour=red`, /colour/],
        [`currency_code=cny&from=30-11-2026`, /from must be a day written YYYY-MM-DD/],
        [`currency_code=cny&from=9999-12-31`, /from must be a day from 1970 to 2999/],
      ]
      for (const [qs, message] of cases) {
        const r = await stats(qs)
        expect([qs, r.status]).toEqual([qs, 400])
        expect(r.data.message).toMatch(message)
      }
      const bad = await api.post(`/admin/order-management/statistics/refresh`, { from: "2026-11-30" }, { headers: admin, validateStatus: () => true })
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringMatching(/from and to go together/)])
      const force = await api.post(`/admin/order-management/statistics/refresh`, { force: true }, { headers: admin, validateStatus: () => true })
      expect([force.status, force.data.message]).toEqual([400, expect.stringMatching(/force needs from and to/)])
      const long = await api.post(`/admin/order-management/statistics/refresh`, { from: "2024-01-01", to: "2026-11-30" }, { headers: admin, validateStatus: () => true })
      expect([long.status, long.data.message]).toEqual([400, expect.stringMatching(/at most 400/)])
      expect((await api.get(`/admin/order-management/statistics?currency_code=cny`, { validateStatus: () => true })).status).toBe(401)
      expect((await api.post(`/admin/order-management/statistics/refresh`, {}, { validateStatus: () => true })).status).toBe(401)
    })

    it("the refresh job's first run on a store with nothing computed builds recent days first, the rest on later runs", async () => {
      const before = (await stats(`from=${from}&to=${today}&currency_code=cny`)).data
      await knex.raw(`delete from stats_day; delete from order_stats_daily; delete from cart_stats_daily; delete from product_stats_daily; delete from payment_time_daily; delete from customer_stats_daily; delete from product_stats_weekly; delete from payment_time_weekly; delete from customer_stats_weekly`)
      const empty = (await stats(`from=${from}&to=${today}&currency_code=cny`)).data
      expect([empty.orders.count, empty.updated_at, empty.pending_days]).toEqual([0, null, 60])
      await refreshStatisticsJob(container)
      const [{ n, computed, newest }] = await rows(`select count(*)::int as n, count(computed_at)::int as computed,
        count(computed_at) filter (where day > ?)::int as newest from stats_day`, [DateTime.fromISO(today).minus({ days: 62 }).toISODate()])
      // 400 days marked, the newest 62 computed in this run (a month per workflow run); the scheduled job may have
      // ticked meanwhile and computed the next ones
      expect([n, newest]).toEqual([400, 62])
      expect(computed).toBeGreaterThanOrEqual(62)
      const after = (await stats(`from=${from}&to=${today}&currency_code=cny`)).data
      expect(after.pending_days).toBe(0)
      expect({ ...after, updated_at: null }).toEqual({ ...before, updated_at: null })
      await refreshStatisticsJob(container)
      expect((await rows(`select count(computed_at)::int as c from stats_day`))[0].c).toBeGreaterThanOrEqual(124)
    })

    it("a changed time zone makes every day stale until recomputed", async () => {
      await knex.raw(`update stats_day set time_zone = 'UTC' where day = ?`, [from])
      expect((await stats(`from=${from}&to=${from}&currency_code=cny`)).data.pending_days).toBe(1)
      await api.post(`/admin/order-management/statistics/refresh`, {}, { headers: admin })
      expect((await stats(`from=${from}&to=${from}&currency_code=cny`)).data.pending_days).toBe(0)
    })
  },
})
