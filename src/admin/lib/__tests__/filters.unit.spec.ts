import { createdRange, parseFilters, toApiQuery, toSearchParams } from "../filters"

describe("order-management page filters", () => {
  it("round-trips through the URL and drops defaults", () => {
    const sp = new URLSearchParams("view=review&payment_status=confirmed&on_hold=true&mark=VIP&created=custom&from=2026-11-01&to=2026-11-20&q=MO2026&page=3")
    const f = parseFilters(sp)
    expect(f).toMatchObject({ view: "review", payment_status: "confirmed", on_hold: "true", mark: "VIP", created: "custom", from: "2026-11-01", to: "2026-11-20", q: "MO2026", page: 3 })
    expect(toSearchParams(f).toString()).toBe(sp.toString())
    expect(toSearchParams(parseFilters(new URLSearchParams(""))).toString()).toBe("")
  })

  it("ignores junk in the URL", () => {
    const f = parseFilters(new URLSearchParams("created=yesterday&page=-2&on_hold=maybe&view=x"))
    expect(f).toMatchObject({ created: "any", page: 1, on_hold: "", view: "all" })
  })

  it("computes presets in local time; weeks start on Monday", () => {
    const now = new Date(2026, 10, 22, 15, 30) // Sunday 22 Nov 2026
    expect(createdRange({ created: "today", from: "", to: "" }, now).gte).toEqual(new Date(2026, 10, 22))
    expect(createdRange({ created: "week", from: "", to: "" }, now).gte).toEqual(new Date(2026, 10, 16))
    expect(createdRange({ created: "week", from: "", to: "" }, new Date(2026, 10, 16, 9)).gte).toEqual(new Date(2026, 10, 16))
    expect(createdRange({ created: "month", from: "", to: "" }, now).gte).toEqual(new Date(2026, 10, 1))
    const custom = createdRange({ created: "custom", from: "2026-11-01", to: "2026-11-02" }, now)
    expect(custom).toEqual({ gte: new Date(2026, 10, 1), lte: new Date(2026, 10, 2, 23, 59, 59, 999) })
    expect(createdRange({ created: "custom", from: "bad", to: "" }, now)).toEqual({})
  })

  it("builds the API query; the review queue is holded, oldest first", () => {
    const now = new Date(2026, 10, 22, 15, 30)
    const all = toApiQuery(parseFilters(new URLSearchParams("payment_status=pending&created=today&page=2")), now)
    expect(all).toEqual({ limit: 20, offset: 20, payment_status: "pending", "created_at[gte]": new Date(2026, 10, 22).toISOString() })
    const review = toApiQuery(parseFilters(new URLSearchParams("view=review&fulfillment_status=dispatched")), now)
    expect(review).toMatchObject({ fulfillment_status: "holded", sort: "oldest" })
  })
})
