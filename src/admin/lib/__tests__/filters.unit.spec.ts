import { dayIn, parseFilters, presetDays, toApiQuery, toSearchParams, viewFilters } from "../filters"

describe("order-management page filters", () => {
  it("round-trips through the URL and drops defaults", () => {
    const sp = new URLSearchParams(
      "view=review&status=paid,refunded&payment_status=confirmed&on_hold=true&mark=VIP&created=custom&from=2026-11-01&to=2026-11-20&paid=week&payment_provider=pp_alipay_alipay,pp_wechatpay_wechatpay&customer_id=cus_1&customer_label=%E7%8E%8B+%E4%BC%9F&product_id=prod_1,prod_2&product_label=Tea+%7C+Pot&currency_code=cny&amount_min=100&amount_max=200.5&amount_field=paid&sort=-total&q=MO2026&page=3"
    )
    const f = parseFilters(sp)
    expect(f).toMatchObject({
      view: "review", status: "paid,refunded", payment_status: "confirmed", on_hold: "true", mark: "VIP", created: "custom", from: "2026-11-01", to: "2026-11-20", paid: "week",
      payment_provider: "pp_alipay_alipay,pp_wechatpay_wechatpay", customer_id: "cus_1", customer_label: "王 伟", product_id: "prod_1,prod_2", product_label: "Tea | Pot",
      currency_code: "cny", amount_min: "100", amount_max: "200.5", amount_field: "paid", sort: "-total", q: "MO2026", page: 3,
    })
    expect(toSearchParams(f).toString()).toBe(sp.toString())
    expect(toSearchParams(parseFilters(new URLSearchParams(""))).toString()).toBe("")
  })

  it("keeps the risk levels in the URL (known ones only) and passes them to the API", () => {
    const f = parseFilters(new URLSearchParams("risk_level=medium,bogus,high"))
    expect(f.risk_level).toBe("medium,high")
    expect(toSearchParams(f).toString()).toBe("risk_level=medium%2Chigh")
    expect(toApiQuery(f, new Date(), "UTC").risk_level).toBe("medium,high")
    expect(toApiQuery(parseFilters(new URLSearchParams("")), new Date(), "UTC").risk_level).toBeUndefined()
  })

  it("ignores junk in the URL", () => {
    const f = parseFilters(new URLSearchParams("created=yesterday&paid=soon&page=-2&on_hold=maybe&view=x&status=lost,paid&from=11/01/2026&amount_min=1e3&currency_code=yuan&sort=cheapest&amount_field=net"))
    expect(f).toMatchObject({ created: "any", paid: "any", page: 1, on_hold: "", view: "all", status: "paid", from: "", amount_min: "", currency_code: "", sort: "", amount_field: "" })
  })

  it("a currency picked before the amounts stays in the URL but not in the query; labels only travel with their ids", () => {
    const f = parseFilters(new URLSearchParams("currency_code=usd"))
    expect(toSearchParams(f).toString()).toBe("currency_code=usd")
    expect(toApiQuery(f, new Date(), "UTC").currency_code).toBeUndefined()
    expect(toSearchParams(parseFilters(new URLSearchParams("customer_label=someone&product_label=x"))).toString()).toBe("")
  })

  it("days are the store's: today, this week (Monday first) and this month in its time zone", () => {
    // 2026-11-29 20:30 UTC is Monday 30 November 04:30 in Shanghai, still Sunday 29 November in New York
    const now = new Date(Date.UTC(2026, 10, 29, 20, 30))
    expect(dayIn(now, "Asia/Shanghai")).toBe("2026-11-30")
    expect(dayIn(now, "America/New_York")).toBe("2026-11-29")
    expect(presetDays("today", "", "", now, "Asia/Shanghai")).toEqual({ gte: "2026-11-30" })
    expect(presetDays("week", "", "", now, "Asia/Shanghai")).toEqual({ gte: "2026-11-30" })
    expect(presetDays("week", "", "", now, "America/New_York")).toEqual({ gte: "2026-11-23" })
    expect(presetDays("month", "", "", now, "Asia/Shanghai")).toEqual({ gte: "2026-11-01" })
    expect(presetDays("month", "", "", new Date(Date.UTC(2026, 10, 30, 17)), "Asia/Shanghai")).toEqual({ gte: "2026-12-01" })
    expect(presetDays("custom", "2026-11-01", "2026-11-02", now, "UTC")).toEqual({ gte: "2026-11-01", lte: "2026-11-02" })
    expect(presetDays("custom", "bad", "", now, "UTC")).toEqual({})
    expect(presetDays("any", "", "", now, "UTC")).toEqual({})
  })

  it("builds the list API's query; the review queue is holded, oldest first", () => {
    const now = new Date(Date.UTC(2026, 10, 22, 7, 30))
    const all = toApiQuery(parseFilters(new URLSearchParams("status=paid&payment_status=pending&created=today&paid=custom&paid_from=2026-11-01&payment_provider=pp_alipay_alipay&customer_id=cus_1&product_id=prod_1,prod_2&currency_code=cny&amount_min=100&sort=-total&page=2")), now, "Asia/Shanghai")
    expect(all).toEqual({
      limit: 20, offset: 20, status: "paid", payment_status: "pending", "created_at[gte]": "2026-11-22", "paid_at[gte]": "2026-11-01", payment_provider: "pp_alipay_alipay",
      customer_id: "cus_1", product_id: "prod_1,prod_2", currency_code: "cny", amount_min: "100", sort: "-total",
    })
    const review = toApiQuery(parseFilters(new URLSearchParams("view=review&fulfillment_status=dispatched&status=paid&sort=total")), now)
    expect(review).toMatchObject({ fulfillment_status: "holded", sort: "created_at" })
    expect(review.status).toBeUndefined()
  })

  it("a saved view keeps the filters, not the tab or the page", () => {
    expect(viewFilters(parseFilters(new URLSearchParams("view=review&status=paid&created=week&page=4")))).toEqual({ status: "paid", created: "week" })
  })
})
