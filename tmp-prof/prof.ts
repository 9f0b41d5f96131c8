import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { readLowStock } from "../src/modules/statistics/low-stock"
import { periodReport } from "../src/modules/statistics/report"
export default async function ({ container }: any) {
  const stats = container.resolve("order_statistics")
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const cur = { from: "2026-11-02", to: "2026-12-01" }, prev = { from: "2026-10-03", to: "2026-11-01" }
  const t = async (name: string, f: () => Promise<any>) => {
    const xs: number[] = []
    let r: any
    for (let i = 0; i < 45; i++) { const s = performance.now(); r = await f(); if (i >= 5) xs.push(performance.now() - s) }
    xs.sort((a, b) => a - b)
    console.log(`PROF ${name}: p50 ${xs[20].toFixed(2)} ms`)
    return r
  }
  const [a, b] = await t("readPeriods", () => stats.readPeriods("cny", [cur, prev], 10))
  await t("dayStates", () => stats.dayStates(prev.from, cur.to))
  await t("lowStock", () => readLowStock(pg, 10, 50))
  await t("currencies", () => stats.currencies())
  await t("store graph", () => query.graph({ entity: "store", fields: ["supported_currencies.currency_code"] }))
  await t("periodReport x2", async () => { periodReport(a, "cny", cur.from, cur.to, "day"); periodReport(b, "cny", prev.from, prev.to, "day", cur) })
  const knex = pg
  const b2 = { c: "cny" }
  const q = (name: string, sql: string) => t(name, () => knex.raw(sql, b2))
  await q("orders", `select day, provider_id, orders from order_stats_daily where deleted_at is null and currency_code = :c and day between '2026-10-03' and '2026-12-01'`)
  await q("carts", `select sum(carts) from cart_stats_daily where deleted_at is null and currency_code = :c and day between '2026-10-03' and '2026-12-01'`)
  await q("customers", `select kind, count(*), sum(customers) from customer_stats_daily where deleted_at is null and currency_code = :c and day between '2026-10-03' and '2026-12-01' group by 1`)
  await q("times weekly", `select count(*) from payment_time_weekly where deleted_at is null and currency_code = :c and week between '2026-10-05' and '2026-11-23'`)
  await q("products weekly", `select product_id, sum(quantity) from product_stats_weekly where deleted_at is null and currency_code = :c and week between '2026-10-05' and '2026-11-23' group by 1`)
  await q("products daily edges", `select product_id, sum(quantity) from product_stats_daily where deleted_at is null and currency_code = :c and (day between '2026-10-03' and '2026-10-04' or day between '2026-11-30' and '2026-12-01') group by 1`)
}
