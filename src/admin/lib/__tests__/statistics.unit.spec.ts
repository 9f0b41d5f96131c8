import { addDays, change, csvFileName, csvTable, dayCount, DEFAULT_STATE, parseStats, periodDays, pointChange, statsQuery, statsToSearchParams, type StatisticsResponse } from "../statistics"
import { minorToDecimal } from "../money"

const sp = (s: string) => new URLSearchParams(s)
// 2026-03-10 20:30 UTC is already 11 March in Shanghai
const NOW = new Date("2026-03-10T20:30:00Z")

describe("statistics page: URL state", () => {
  it("defaults to the last 30 days against the previous period, automatic granularity, no currency", () => {
    expect(parseStats(sp(""))).toEqual(DEFAULT_STATE)
    expect(statsToSearchParams(DEFAULT_STATE).toString()).toBe("")
  })
  it("round-trips every choice, and keeps custom days only with the custom period", () => {
    const s = parseStats(sp("period=custom&from=2026-01-05&to=2026-02-04&compare=previous_year&granularity=week&currency=USD"))
    expect(s).toEqual({ period: "custom", from: "2026-01-05", to: "2026-02-04", compare: "previous_year", granularity: "week", currency: "usd" })
    expect(statsToSearchParams(s).toString()).toBe("period=custom&from=2026-01-05&to=2026-02-04&compare=previous_year&granularity=week&currency=usd")
    expect(parseStats(sp("period=90d&from=2026-01-05")).from).toBe("")
  })
  it("drops what it cannot read", () => {
    expect(parseStats(sp("period=year&compare=last_week&granularity=hour&currency=euro&from=2026-02-30"))).toEqual(DEFAULT_STATE)
    expect(parseStats(sp("period=custom&from=2026-02-30&to=2026-13-01"))).toEqual({ ...DEFAULT_STATE, period: "custom" })
  })
})

describe("statistics page: periods in the store's time zone", () => {
  const tz = "Asia/Shanghai"
  it("counts today in the store's zone, not UTC", () => {
    expect(periodDays({ period: "today", from: "", to: "" }, NOW, tz)).toEqual({ from: "2026-03-11", to: "2026-03-11" })
    expect(periodDays({ period: "today", from: "", to: "" }, NOW, "UTC")).toEqual({ from: "2026-03-10", to: "2026-03-10" })
  })
  it("gives every preset's days", () => {
    const days = (period: any) => periodDays({ period, from: "", to: "" }, NOW, tz)
    expect(days("7d")).toEqual({ from: "2026-03-05", to: "2026-03-11" })
    expect(days("30d")).toEqual({ from: "2026-02-10", to: "2026-03-11" })
    expect(days("90d")).toEqual({ from: "2025-12-12", to: "2026-03-11" })
    expect(days("month")).toEqual({ from: "2026-03-01", to: "2026-03-11" })
    expect(days("last_month")).toEqual({ from: "2026-02-01", to: "2026-02-28" })
    expect(dayCount(days("7d").from, days("7d").to)).toBe(7)
    expect(dayCount(days("90d").from, days("90d").to)).toBe(90)
  })
  it("last month across a year and in a leap year", () => {
    expect(periodDays({ period: "last_month", from: "", to: "" }, new Date("2026-01-15T00:00:00Z"), tz)).toEqual({ from: "2025-12-01", to: "2025-12-31" })
    expect(periodDays({ period: "last_month", from: "", to: "" }, new Date("2024-03-02T00:00:00Z"), tz)).toEqual({ from: "2024-02-01", to: "2024-02-29" })
  })
  it("custom days: as given, a missing bound from the other, reversed ones swapped", () => {
    expect(periodDays({ period: "custom", from: "2026-01-01", to: "2026-01-31" }, NOW, tz)).toEqual({ from: "2026-01-01", to: "2026-01-31" })
    expect(periodDays({ period: "custom", from: "", to: "2026-01-31" }, NOW, tz)).toEqual({ from: "2026-01-02", to: "2026-01-31" })
    expect(periodDays({ period: "custom", from: "2026-03-01", to: "" }, NOW, tz)).toEqual({ from: "2026-03-01", to: "2026-03-11" })
    expect(periodDays({ period: "custom", from: "2026-02-01", to: "2026-01-01" }, NOW, tz)).toEqual({ from: "2026-01-01", to: "2026-02-01" })
  })
  it("builds the API's query, always with a currency, granularity only when chosen", () => {
    expect(statsQuery(DEFAULT_STATE, NOW, tz, "cny")).toEqual({ from: "2026-02-10", to: "2026-03-11", compare: "previous_period", currency_code: "cny", limit: 10, low_stock_limit: 50 })
    expect(statsQuery({ ...DEFAULT_STATE, period: "90d", compare: "previous_year", granularity: "month" }, NOW, tz, "usd")).toMatchObject({ from: "2025-12-12", compare: "previous_year", granularity: "month", currency_code: "usd" })
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29")
  })
})

describe("statistics page: numbers", () => {
  it("changes are relative, rates' changes are points; nothing to compare is null", () => {
    expect(change(150, 100)).toBe(0.5)
    expect(change(5, 0)).toBeNull()
    expect(change(null, 3)).toBeNull()
    expect(pointChange(0.25, 0.2)).toBeCloseTo(0.05)
    expect(pointChange(0.25, null)).toBeNull()
  })
  it("writes minor units as decimals by string arithmetic", () => {
    expect(minorToDecimal(123456, "cny")).toBe("1234.56")
    expect(minorToDecimal(5, "usd")).toBe("0.05")
    expect(minorToDecimal(-1250, "cny")).toBe("-12.50")
    expect(minorToDecimal(1500, "jpy")).toBe("1500")
    expect(minorToDecimal(1234, "kwd")).toBe("1.234")
  })
})

describe("statistics page: CSV tables", () => {
  const providers = [
    { provider_id: "pp_alipay_alipay", orders: 3, placed_orders: 4, paid_minor: 30000, captured_minor: 31000, refunded_minor: 1000, share_count: 0.75, share_amount: 0.8, sessions: 5, paid_sessions: 3, success_rate: 0.6, time_to_pay_p50_seconds: 40, time_to_pay_p90_seconds: 600 },
    { provider_id: "pp_balance_balance", orders: 1, placed_orders: 1, paid_minor: 7500, captured_minor: 7500, refunded_minor: 0, share_count: 0.25, share_amount: 0.2, sessions: 0, paid_sessions: 0, success_rate: null, time_to_pay_p50_seconds: null, time_to_pay_p90_seconds: null },
  ]
  const r = {
    currency_code: "cny",
    from: "2026-03-01",
    to: "2026-03-02",
    orders: { series: [{ date: "2026-03-01", count: 2 }, { date: "2026-03-02", count: 3 }], previous: { series: [{ date: "2026-02-27", count: 1 }, { date: "2026-02-28", count: 0 }] } },
    revenue: {
      series: [{ date: "2026-03-01", paid_minor: 12345, captured_minor: 12345, refunded_minor: 0, paid_orders: 2 }, { date: "2026-03-02", paid_minor: -500, captured_minor: 0, refunded_minor: 500, paid_orders: 0 }],
      previous: { series: [{ date: "2026-02-27", paid_minor: 100, captured_minor: 100, refunded_minor: 0, paid_orders: 1 }, { date: "2026-02-28", paid_minor: 0, captured_minor: 0, refunded_minor: 0, paid_orders: 0 }] },
    },
    payments: { providers },
    products: {
      best_sellers: [{ product_id: "prod_1", title: "Longjing tea, 250g", quantity: 4, orders: 3, revenue_minor: 51200, revenue_share: 0.6667 }],
      low_stock: [{ variant_id: "variant_1", product_id: "prod_2", inventory_item_id: "iitem_1", sku: null, title: "Teapot · Red clay", location_id: "sloc_1", location: "Shanghai warehouse", stocked: 5, reserved: 2, available: 3, threshold: 10 }],
    },
  } as unknown as StatisticsResponse
  const name = (id: string) => (id === "pp_alipay_alipay" ? "支付宝" : id)

  it("series: one row per bucket with the comparison's bucket beside it", () => {
    const t = csvTable("series", r, name)
    expect(t.columns).toEqual(["date", "orders", "paid_orders", "revenue", "captured", "refunded", "currency", "comparison_date", "comparison_orders", "comparison_revenue"])
    expect(t.rows).toEqual([
      ["2026-03-01", 2, 2, "123.45", "123.45", "0.00", "CNY", "2026-02-27", 1, "1.00"],
      ["2026-03-02", 3, 0, "-5.00", "0.00", "5.00", "CNY", "2026-02-28", 0, "0.00"],
    ])
  })
  it("payments: names, amounts as decimals, rates 0–1, empty for nothing", () => {
    const t = csvTable("payments", r, name)
    expect(t.rows[0]).toEqual(["pp_alipay_alipay", "支付宝", 3, 4, "300.00", "310.00", "10.00", "CNY", "0.7500", "0.8000", 5, 3, "0.6000", 40, 600])
    expect(t.rows[1].slice(12)).toEqual(["", "", ""])
  })
  it("best sellers and low stock", () => {
    expect(csvTable("best-sellers", r, name).rows).toEqual([["prod_1", "Longjing tea, 250g", 4, 3, "512.00", "CNY", "0.6667"]])
    expect(csvTable("low-stock", r, name).rows).toEqual([["iitem_1", "variant_1", "prod_2", "Teapot · Red clay", "", "Shanghai warehouse", 5, 2, 3, 10]])
    expect(csvFileName("low-stock", r)).toBe("statistics-low-stock-cny-2026-03-01_2026-03-02.csv")
  })
})
