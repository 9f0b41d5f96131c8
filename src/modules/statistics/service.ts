import { ContainerRegistrationKeys, InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import CartStatsDaily from "./models/cart-stats-daily"
import CustomerStatsDaily from "./models/customer-stats-daily"
import CustomerStatsWeekly from "./models/customer-stats-weekly"
import OrderStatsDaily from "./models/order-stats-daily"
import PaymentTimeDaily from "./models/payment-time-daily"
import PaymentTimeWeekly from "./models/payment-time-weekly"
import ProductStatsDaily from "./models/product-stats-daily"
import ProductStatsWeekly from "./models/product-stats-weekly"
import StatsDay from "./models/stats-day"
import type { OrderStatsRow, PaymentTimeRow, ProductStatsRow, Rollups } from "./rollup/compute"
import { generateEntityId } from "@medusajs/framework/utils"
import { DateTime } from "luxon"
import { bucketOf } from "./report"
import { splitWeeks } from "./rollup/weeks"

/** Sums of one period read from the rollups (amounts exact decimal strings; see readPeriods). */
export type PeriodSums = {
  /** one row per day × provider with data: the order_stats_daily columns */
  orders: Array<Omit<OrderStatsRow, "currency_code" | "time_to_pay_seconds">>
  carts: { carts: number; checkouts: number; orders: number }
  customers: { customers: number; first_time: number; first_time_with_second: number }
  paymentTimes: Array<Omit<PaymentTimeRow, "day" | "currency_code">>
  products: Array<Omit<ProductStatsRow, "day" | "currency_code">>
  /** product revenue of every product in the period (the share's denominator), exact decimal string */
  productsRevenueAmount: string
}

export type DayState = { day: string; computed_at: Date | null; dirty_at: Date | null; time_zone: string | null }

const raw = (v: string) => JSON.stringify({ value: v, precision: 20 })

/** The weekly tier: each weekly table with its daily one, id prefix, grouping keys (besides week and currency) and summed columns. */
const WEEKLY_TIER = [
  { weekly: "product_stats_weekly", daily: "product_stats_daily", prefix: "psw", keys: ["product_id"], sums: ["quantity", "orders", "revenue_amount"] },
  { weekly: "payment_time_weekly", daily: "payment_time_daily", prefix: "ptw", keys: ["provider_id", "bucket_seconds"], sums: ["payments"] },
  { weekly: "customer_stats_weekly", daily: "customer_stats_daily", prefix: "cusw", keys: ["kind", "ref_day"], sums: ["customers"] },
]
const CHUNK = 1000

/**
 * The statistics rollups (see the models): written only by `replaceDays` (whole days, in one transaction, under an
 * advisory lock so two refreshes of the same days cannot interleave) and read by `readPeriod` with a handful of
 * indexed range sums, whatever the store's size.
 */
class StatisticsModuleService extends MedusaService({ OrderStatsDaily, CartStatsDaily, ProductStatsDaily, PaymentTimeDaily, CustomerStatsDaily, StatsDay, ProductStatsWeekly, PaymentTimeWeekly, CustomerStatsWeekly }) {
  /** the database's connection pool: the page's reads run side by side on it (a manager's connection runs them in turn) */
  private readonly pool_: any

  constructor(...args: any[]) {
    // @ts-ignore MedusaService's constructor takes the module's container first
    super(...args)
    try {
      this.pool_ = args[0]?.[ContainerRegistrationKeys.PG_CONNECTION]
    } catch {
      this.pool_ = undefined
    }
  }

  private knexOf(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    return m?.getTransactionContext?.() ?? m?.getKnex?.()
  }

  /**
   * Replaces every rollup row of the days `days` (YYYY-MM-DD, the store's time zone `tz`) with `rows` (computed by
   * computeRollups for exactly those days) and marks them computed at `computedAt`; a day that changed again after
   * `computedAt` (dirty_at later) stays dirty; the weekly tier's rows of the weeks those days fall in are summed again
   * from the daily rows in the same transaction. Idempotent: the same rows give the same tables.
   */
  @InjectManager()
  async replaceDays(days: string[], tz: string, rows: Rollups, computedAt: Date, @MedusaContext() ctx: Context = {}) {
    const knex = (ctx.manager as any).getKnex()
    await knex.transaction(async (trx: any) => {
      await trx.raw("select pg_advisory_xact_lock(hashtext('order_statistics_rollups'))")
      for (const table of ["order_stats_daily", "cart_stats_daily", "product_stats_daily", "payment_time_daily", "customer_stats_daily"]) {
        await trx(table).whereIn("day", days).delete()
      }
      const now = new Date()
      const stamp = { created_at: now, updated_at: now }
      const insert = async (table: string, prefix: string, list: Record<string, unknown>[]) => {
        for (let i = 0; i < list.length; i += CHUNK) {
          await trx(table).insert(list.slice(i, i + CHUNK).map((r) => ({ id: generateEntityId(undefined, prefix), ...r, ...stamp })))
        }
      }
      await insert("order_stats_daily", "osd", rows.orders.map((r) => ({
        ...r,
        raw_paid_orders_minor: raw(r.paid_orders_minor),
        raw_captured_amount: raw(r.captured_amount),
        raw_refunded_amount: raw(r.refunded_amount),
        raw_time_to_pay_seconds: raw(r.time_to_pay_seconds),
      })))
      await insert("cart_stats_daily", "csd", rows.carts)
      await insert("product_stats_daily", "psd", rows.products.map((r) => ({ ...r, raw_revenue_amount: raw(r.revenue_amount) })))
      await insert("payment_time_daily", "ptd", rows.paymentTimes)
      await insert("customer_stats_daily", "cusd", rows.customers)
      // the weekly tier of the weeks these days fall in, summed again from their daily rows
      const weeks = [...new Set(days.map((d) => bucketOf(d, "week")))]
      for (const t of WEEKLY_TIER) {
        await trx(t.weekly).whereIn("week", weeks).delete()
        const extra = t.weekly === "product_stats_weekly" ? ", raw_revenue_amount" : ""
        const extraSum = t.weekly === "product_stats_weekly" ? ", jsonb_build_object('value', sum(d.revenue_amount)::text, 'precision', 20)" : ""
        await trx.raw(
          `insert into ${t.weekly} (id, week, currency_code, ${t.keys.join(", ")}, ${t.sums.join(", ")}${extra}, created_at, updated_at)
           select '${t.prefix}_' || replace(gen_random_uuid()::text, '-', ''), w.week, d.currency_code, ${t.keys.map((k) => `d.${k}`).join(", ")},
             ${t.sums.map((c) => `sum(d.${c})`).join(", ")}${extraSum}, now(), now()
           from unnest(?::text[]) w(week)
           join ${t.daily} d on d.deleted_at is null and d.day between w.week and to_char(w.week::date + 6, 'YYYY-MM-DD')
           group by w.week, d.currency_code, ${t.keys.map((k) => `d.${k}`).join(", ")}`,
          [weeks]
        )
      }
      await trx.raw(
        `insert into stats_day (id, day, time_zone, computed_at, dirty_at, created_at, updated_at)
         select 'sday_' || d, d, ?, ?::timestamptz, null, now(), now() from unnest(?::text[]) d
         on conflict (day) where deleted_at is null do update set time_zone = excluded.time_zone, computed_at = excluded.computed_at,
           dirty_at = case when stats_day.dirty_at > excluded.computed_at then stats_day.dirty_at end, updated_at = now()`,
        [tz, computedAt, days]
      )
    })
  }

  /** Marks days (YYYY-MM-DD) as changed since their last computation; the refresh job recomputes them. */
  @InjectManager()
  async markDirty(days: string[], @MedusaContext() ctx: Context = {}) {
    const unique = [...new Set(days)].filter(Boolean)
    if (!unique.length) return
    await this.knexOf(ctx).raw(
      `insert into stats_day (id, day, dirty_at, created_at, updated_at)
       select 'sday_' || d, d, now(), now(), now() from unnest(?::text[]) d
       on conflict (day) where deleted_at is null do update set dirty_at = now(), updated_at = now()`,
      [unique]
    )
  }

  /** Marks the days (YYYY-MM-DD) that were never computed as to be computed; computed ones are left as they are. */
  @InjectManager()
  async markMissing(days: string[], @MedusaContext() ctx: Context = {}) {
    const unique = [...new Set(days)].filter(Boolean)
    if (!unique.length) return
    await this.knexOf(ctx).raw(
      `insert into stats_day (id, day, dirty_at, created_at, updated_at)
       select 'sday_' || d, d, now(), now(), now() from unnest(?::text[]) d
       on conflict (day) where deleted_at is null do update set dirty_at = now(), updated_at = now() where stats_day.computed_at is null`,
      [unique]
    )
  }

  /**
   * Days to recompute, newest first (those from `prefer.from` to `prefer.to` before any other), at most `limit`: dirty ones, ones computed in another time zone than `tz`, and
   * (when `ensureFrom` is given) days from `ensureFrom` to `ensureTo` never computed.
   */
  @InjectManager()
  async daysToRefresh(tz: string, limit: number, ensure?: { from: string; to: string }, prefer?: { from: string; to: string }, @MedusaContext() ctx: Context = {}): Promise<string[]> {
    const knex = this.knexOf(ctx)
    const { rows } = await knex.raw(
      `select d from (
         select day as d from stats_day where deleted_at is null and (dirty_at is not null or computed_at is null or time_zone is distinct from ?)
         union
         select to_char(g, 'YYYY-MM-DD') from generate_series(?::date, ?::date, interval '1 day') g
         where ?::boolean and not exists (select 1 from stats_day s where s.day = to_char(g, 'YYYY-MM-DD') and s.deleted_at is null)
       ) x order by (d between ? and ?) desc, d desc limit ?`,
      [tz, ensure?.from ?? "2000-01-01", ensure?.to ?? "2000-01-01", !!ensure, prefer?.from ?? "", prefer?.to ?? "", limit]
    )
    return rows.map((r: any) => r.d)
  }

  /** The refresh state of the days from `from` to `to` (YYYY-MM-DD, inclusive) that have one. */
  @InjectManager()
  async dayStates(from: string, to: string, @MedusaContext() ctx: Context = {}): Promise<DayState[]> {
    const { rows } = await this.knexOf(ctx).raw(
      `select day, computed_at, dirty_at, time_zone from stats_day where deleted_at is null and day between ? and ?`,
      [from, to]
    )
    return rows
  }

  /** Whether any day was ever computed (the refresh job's first run builds the last 400 days when not). */
  @InjectManager()
  async hasAnyDay(@MedusaContext() ctx: Context = {}): Promise<boolean> {
    const { rows } = await this.knexOf(ctx).raw(`select exists (select 1 from stats_day where deleted_at is null and computed_at is not null) as e`)
    return !!rows[0]?.e
  }

  /** Currencies that have rollups (the page's currency picker), sorted. */
  @InjectManager()
  async currencies(@MedusaContext() ctx: Context = {}): Promise<string[]> {
    const { rows } = await this.knexOf(ctx).raw(`select distinct currency_code from order_stats_daily where deleted_at is null order by 1`)
    return rows.map((r: any) => r.currency_code)
  }

  /**
   * Everything the statistics page shows for `currency` in each of `periods` (days YYYY-MM-DD, inclusive), summed
   * from the rollups: five indexed range reads in all (both periods in one statement per table, told apart by a
   * CASE; best sellers, time to pay and repurchase read whole ISO weeks from their weekly tier and only the edge days from the
   * daily rows), independent of how many orders the days hold. `limit` best sellers per period by quantity (then
   * revenue). Amounts are exact decimal strings (major units, or minor for paid_orders_minor); the route converts
   * them once. Overlapping periods are read one at a time.
   */
  @InjectManager()
  async readPeriods(currency: string, periods: Array<{ from: string; to: string }>, limit: number, @MedusaContext() ctx: Context = {}): Promise<PeriodSums[]> {
    const overlap = periods.some((p, i) => periods.some((q, j) => i < j && p.from <= q.to && q.from <= p.to))
    if (overlap) return Promise.all(periods.map((p) => this.readPeriods(currency, [p], limit, ctx).then((r) => r[0])))
    const knex = ctx.transactionManager ? this.knexOf(ctx) : this.pool_ ?? this.knexOf(ctx)
    const b: Record<string, unknown> = { c: currency, limit }
    periods.forEach((p, i) => Object.assign(b, { [`f${i}`]: p.from, [`t${i}`]: p.to }))
    // adjacent periods (the default comparison) are one range: a single index range scan
    const sorted = [...periods].sort((x, y) => x.from.localeCompare(y.from))
    const adjacent = sorted.every((p, i) => i === 0 || DateTime.fromISO(sorted[i - 1].to, { zone: "utc" }).plus({ days: 1 }).toISODate() === p.from)
    Object.assign(b, { lo: sorted[0].from, hi: sorted[sorted.length - 1].to })
    const inAny = adjacent ? "day between :lo and :hi" : `(${periods.map((_, i) => `day between :f${i} and :t${i}`).join(" or ")})`
    const which = `case ${periods.map((_, i) => `when day between :f${i} and :t${i} then ${i}`).join(" ")} end`
    const from = (i: number) => `:f${i}`
    // best sellers, time to pay and repurchase: each period's whole ISO weeks from the weekly tier, its edge days from the daily
    const split = periods.map((p) => splitWeeks(p.from, p.to))
    split.forEach((sp, i) => {
      if (sp.weeks) Object.assign(b, { [`wf${i}`]: sp.weeks.from, [`wt${i}`]: sp.weeks.to })
      sp.days.forEach((d, j) => Object.assign(b, { [`df${i}_${j}`]: d.from, [`dt${i}_${j}`]: d.to }))
    })
    const tiered = (columns: string, daily: string, weekly: string) => {
      const dayRanges = split.flatMap((sp, i) => sp.days.map((_, j) => ({ i, f: `:df${i}_${j}`, t: `:dt${i}_${j}` })))
      const weekRanges = split.flatMap((sp, i) => (sp.weeks ? [{ i, f: `:wf${i}`, t: `:wt${i}` }] : []))
      const part = (table: string, col: string, ranges: typeof dayRanges) =>
        `select case ${ranges.map((r) => `when ${col} between ${r.f} and ${r.t} then ${r.i}`).join(" ")} end as p, ${columns}
         from ${table} where deleted_at is null and currency_code = :c and (${ranges.map((r) => `${col} between ${r.f} and ${r.t}`).join(" or ")})`
      return [dayRanges.length ? part(daily, "day", dayRanges) : null, weekRanges.length ? part(weekly, "week", weekRanges) : null]
        .filter(Boolean)
        .join(" union all ")
    }
    const q = async (sql: string) => (await knex.raw(sql, b)).rows as any[]
    // best sellers: each with its title as last sold in the periods (a probe of the currency × product × day index)
    const [orders, carts, customers, times, products] = await Promise.all([
      q(`select ${which} as p, day, provider_id, orders, canceled_orders, paid_orders, paid_orders_minor::text, captured_amount::text,
           refunded_amount::text, sessions, paid_sessions
         from order_stats_daily where deleted_at is null and currency_code = :c and ${inAny}`),
      q(`select ${which} as p, sum(carts)::int as carts, sum(checkouts)::int as checkouts, sum(orders)::int as orders
         from cart_stats_daily where deleted_at is null and currency_code = :c and ${inAny} group by 1`),
      q(`select p,
           coalesce(sum(customers) filter (where kind = 'paid' and (ref_day = '' or ref_day < pf)), 0)::int as customers,
           coalesce(sum(customers) filter (where kind = 'paid' and ref_day = ''), 0)::int as first_time,
           coalesce(sum(customers) filter (where kind = 'second' and ref_day >= pf), 0)::int as first_time_with_second
         from (select p, case p ${periods.map((_, i) => `when ${i} then ${from(i)}`).join(" ")} end as pf, kind, ref_day, customers
               from (${tiered("kind, ref_day, customers", "customer_stats_daily", "customer_stats_weekly")}) t) x
         group by 1`),
      q(`select p, provider_id, bucket_seconds, sum(payments)::int as payments from (
           ${tiered("provider_id, bucket_seconds, payments", "payment_time_daily", "payment_time_weekly")}
         ) x group by 1, 2, 3`),
      q(`select * from (
           select p, product_id, quantity, orders, revenue_amount::text, (sum(revenue_amount) over (partition by p))::text as total,
             row_number() over (partition by p order by quantity desc, revenue_amount desc, product_id) as rank
           from (
             select p, product_id, sum(quantity)::int as quantity, sum(orders)::int as orders, sum(revenue_amount) as revenue_amount
             from (${tiered("product_id, quantity, orders, revenue_amount", "product_stats_daily", "product_stats_weekly")}) x
             group by 1, 2
           ) g
         ) r
         cross join lateral (
           select t.title from product_stats_daily t
           where t.deleted_at is null and t.currency_code = :c and t.product_id = r.product_id and t.day between :lo and :hi
           order by t.day desc limit 1
         ) t
         where rank <= :limit order by p, rank`),
    ])
    return periods.map((_, i) => {
      const mine = <T extends { p: number }>(rows: T[]) => rows.filter((r) => Number(r.p) === i)
      const top = mine(products)
      return {
        orders: mine(orders).map(({ p, ...r }) => r),
        carts: mine(carts)[0] ?? { carts: 0, checkouts: 0, orders: 0 },
        customers: mine(customers)[0] ?? { customers: 0, first_time: 0, first_time_with_second: 0 },
        paymentTimes: mine(times).map(({ p, ...r }) => r),
        products: top.map(({ product_id, title, quantity, orders, revenue_amount }) => ({ product_id, title: title ?? "", quantity, orders, revenue_amount })),
        productsRevenueAmount: top[0]?.total ?? "0",
      }
    })
  }
}

export default StatisticsModuleService
