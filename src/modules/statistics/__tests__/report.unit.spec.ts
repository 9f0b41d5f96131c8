import { histogramPercentile, timeToPayBucket } from "../rollup/buckets"
import { bucketOf, bucketsBetween, comparisonRange, growth, periodReport } from "../report"
import { consecutiveRuns } from "../../../workflows/statistics/refresh-statistics"
import type { PeriodSums } from "../service"

describe("time to pay buckets", () => {
  it("5 s steps under a minute, then 30 s, 5 min, 30 min and 6 h steps", () => {
    expect([0, 4, 59, 60, 89, 599, 600, 3599, 3600, 86399, 86400, 90001, 200000].map(timeToPayBucket)).toEqual([0, 0, 55, 60, 60, 570, 600, 3300, 3600, 84600, 86400, 86400, 194400])
    expect(timeToPayBucket(-5)).toBe(0)
    expect(timeToPayBucket(12.9)).toBe(10)
  })

  it("percentiles are nearest-rank in exact integer arithmetic (the 90th of 30 is the 27th)", () => {
    const thirty: Array<[number, number]> = Array.from({ length: 30 }, (_, i) => [i + 1, 1])
    expect(histogramPercentile(thirty, 90)).toBe(27)
    expect(histogramPercentile(thirty, 50)).toBe(15)
    expect(histogramPercentile([[600, 3], [60, 1], [3600, 0]], 50)).toBe(600)
    expect(histogramPercentile([[60, 1]], 90)).toBe(60)
    expect(histogramPercentile([], 50)).toBeNull()
  })
})

describe("periods", () => {
  it("the previous period has as many days just before; the previous year the same dates", () => {
    expect(comparisonRange("2026-11-01", "2026-11-30", "previous_period")).toEqual({ from: "2026-10-02", to: "2026-10-31" })
    expect(comparisonRange("2026-12-01", "2026-12-01", "previous_period")).toEqual({ from: "2026-11-30", to: "2026-11-30" })
    expect(comparisonRange("2028-02-29", "2028-03-01", "previous_year")).toEqual({ from: "2027-02-28", to: "2027-03-01" })
  })

  it("weeks start on Monday, months on the 1st; buckets cover the period", () => {
    expect(bucketOf("2026-12-01", "week")).toBe("2026-11-30")
    expect(bucketOf("2026-11-29", "week")).toBe("2026-11-23")
    expect(bucketOf("2026-11-29", "month")).toBe("2026-11-01")
    expect(bucketsBetween("2026-11-29", "2026-12-01", "week")).toEqual(["2026-11-23", "2026-11-30"])
    expect(bucketsBetween("2026-10-31", "2026-12-01", "month")).toEqual(["2026-10-01", "2026-11-01", "2026-12-01"])
    expect(bucketsBetween("2026-11-30", "2026-12-01", "day")).toEqual(["2026-11-30", "2026-12-01"])
  })

  it("growth and rates over nothing are null, not 0 or infinity", () => {
    expect(growth(5, 0)).toBeNull()
    expect(growth(6, 4)).toBe(0.5)
  })

  it("consecutive days are refreshed as runs of at most a month, newest first", () => {
    expect(consecutiveRuns(["2026-11-29", "2026-11-30", "2026-12-01", "2026-11-20", "2026-11-30"])).toEqual([
      { from: "2026-11-29", to: "2026-12-01" },
      { from: "2026-11-20", to: "2026-11-20" },
    ])
    const days = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 9, 1 + i)).toISOString().slice(0, 10))
    const runs = consecutiveRuns(days, 31)
    expect(runs).toEqual([{ from: "2026-10-10", to: "2026-11-09" }, { from: "2026-10-01", to: "2026-10-09" }])
  })
})

describe("a period's report", () => {
  const sums: PeriodSums = {
    orders: [
      { day: "2026-11-30", provider_id: "pp_alipay_alipay", orders: 3, canceled_orders: 1, paid_orders: 2, paid_orders_minor: "2001", captured_amount: "20.01", refunded_amount: "0", sessions: 4, paid_sessions: 2 },
      { day: "2026-12-01", provider_id: "pp_alipay_alipay", orders: 1, canceled_orders: 0, paid_orders: 0, paid_orders_minor: "0", captured_amount: "0", refunded_amount: "5.005", sessions: 1, paid_sessions: 0 },
      { day: "2026-12-01", provider_id: "pp_wechatpay_wechatpay", orders: 1, canceled_orders: 0, paid_orders: 1, paid_orders_minor: "1000", captured_amount: "10", refunded_amount: "0", sessions: 1, paid_sessions: 1 },
    ],
    carts: { carts: 10, checkouts: 5, orders: 4 },
    customers: { customers: 3, first_time: 2, first_time_with_second: 1 },
    paymentTimes: [
      { provider_id: "pp_alipay_alipay", bucket_seconds: 30, payments: 1 },
      { provider_id: "pp_alipay_alipay", bucket_seconds: 600, payments: 1 },
      { provider_id: "pp_wechatpay_wechatpay", bucket_seconds: 10, payments: 1 },
    ],
    products: [{ product_id: "prod_1", title: "Tea", quantity: 4, orders: 3, revenue_amount: "22.505" }],
    productsRevenueAmount: "30.01",
  }
  const r = periodReport(sums, "cny", "2026-11-30", "2026-12-01", "day")

  it("sums exact amounts and rounds once per figure (half-up to the fen)", () => {
    expect(r.revenue).toMatchObject({ captured_minor: 3001, refunded_minor: 501, paid_minor: 2500, paid_orders: 3 })
    // (2001 + 1000) / 3 = 1000.33 → 1000
    expect(r.revenue.aov_minor).toBe(1000)
    expect(r.products.best_sellers[0]).toMatchObject({ revenue_minor: 2251, revenue_share: 2251 / 3001 })
  })

  it("counts, series, conversion and repurchase", () => {
    expect(r.orders).toEqual({ count: 5, canceled: 1, series: [{ date: "2026-11-30", count: 3 }, { date: "2026-12-01", count: 2 }] })
    expect(r.conversion).toEqual({ carts: 10, checkouts: 5, orders: 4, cart_to_order_rate: 0.4, checkout_to_order_rate: 0.8 })
    // 3 customers; 2 first-timers of whom 1 bought again in the period: 1 new-only, 2 returning
    expect(r.repurchase).toEqual({ customers: 3, returning: 2, rate: 2 / 3 })
  })

  it("per channel: shares, success rate and time to pay", () => {
    const alipay = r.payments.providers.find((p) => p.provider_id === "pp_alipay_alipay")!
    expect(alipay).toMatchObject({ orders: 2, placed_orders: 4, paid_minor: 2001 - 501, sessions: 5, paid_sessions: 2, success_rate: 0.4, share_count: 2 / 3, time_to_pay_p50_seconds: 30, time_to_pay_p90_seconds: 600 })
    expect(r.payments.providers[0].provider_id).toBe("pp_alipay_alipay")
    expect(r.payments.time_to_pay_p50_seconds).toBe(30)
  })
})

describe("the comparison's series", () => {
  const empty = { carts: { carts: 0, checkouts: 0, orders: 0 }, customers: { customers: 0, first_time: 0, first_time_with_second: 0 }, paymentTimes: [], products: [], productsRevenueAmount: "0" }
  const row = (day: string, orders: number) => ({ day, provider_id: "p", orders, canceled_orders: 0, paid_orders: 0, paid_orders_minor: "0", captured_amount: "0", refunded_amount: "0", sessions: 0, paid_sessions: 0 })

  it("is laid on the current period's buckets, point for point, labelled with its own days", () => {
    // months of 2026-09-15 … 11-30 against the 77 days before (06-30 … 09-14): the comparison's September orders
    // land in the first point, not in a fourth one
    const prev = periodReport({ ...empty, orders: [row("2026-06-30", 1), row("2026-09-14", 5)] }, "cny", "2026-06-30", "2026-09-14", "month", { from: "2026-09-15", to: "2026-11-30" })
    const cur = periodReport({ ...empty, orders: [] }, "cny", "2026-09-15", "2026-11-30", "month")
    expect(cur.orders.series.map((p) => p.date)).toEqual(["2026-09-15", "2026-10-01", "2026-11-01"])
    expect(prev.orders.series).toEqual([
      { date: "2026-06-30", count: 1 },
      { date: "2026-07-16", count: 0 },
      { date: "2026-08-16", count: 5 },
    ])
  })
})
