import { ageHours, deskApiQuery, deskToSearchParams, formatShortAge, isFinal, movesFrom, noteRequired, parseDeskFilters, resolutionsFor } from "../desk"

describe("anomaly desk filters", () => {
  it("defaults to the open tab, page 1, no filters", () => {
    const f = parseDeskFilters(new URLSearchParams(""))
    expect(f).toEqual({ state: "open", type: "", provider: "", assignee: "", age: "", q: "", page: 1, anomaly: "" })
    expect(deskToSearchParams(f).toString()).toBe("")
    expect(deskApiQuery(f)).toEqual({ limit: 20, offset: 0, status: "open" })
  })
  it("round-trips through the URL and makes the API's query", () => {
    const sp = new URLSearchParams("state=waiting_customer&type=paid_after_cancel&provider=pp_alipay_alipay&assignee=me&age=72&q=%2042%20&page=3&anomaly=oanom_1")
    const f = parseDeskFilters(sp)
    expect(deskToSearchParams(f).toString()).toBe(sp.toString())
    expect(deskApiQuery(f)).toEqual({
      limit: 20,
      offset: 40,
      status: "waiting_customer",
      type: "paid_after_cancel",
      provider_id: "pp_alipay_alipay",
      assignee_id: "me",
      older_than_hours: 72,
      q: "42",
    })
  })
  it("all states: no status in the query; unknown values fall back", () => {
    expect(deskApiQuery(parseDeskFilters(new URLSearchParams("state=all")))).toEqual({ limit: 20, offset: 0 })
    const f = parseDeskFilters(new URLSearchParams("state=closed&age=-3&page=0"))
    expect([f.state, f.age, f.page]).toEqual(["open", "", 1])
  })
})

describe("anomaly desk actions", () => {
  it("offers the moves the backend allows; resolved and dismissed are final", () => {
    expect(movesFrom("open")).toEqual(["investigating", "waiting_customer", "resolved", "dismissed"])
    expect(movesFrom("investigating")).toEqual(["open", "waiting_customer", "resolved", "dismissed"])
    expect(movesFrom("waiting_customer")).toEqual(["investigating", "resolved", "dismissed"])
    expect(movesFrom("resolved")).toEqual([])
    expect(movesFrom("dismissed")).toEqual([])
    expect(movesFrom("nonsense")).toEqual([])
    expect([isFinal("resolved"), isFinal("dismissed"), isFinal("open")]).toEqual([true, true, false])
  })
  it("revive only after a cancel, refund only when money is held", () => {
    expect(resolutionsFor({ type: "paid_after_cancel", amount_minor: 1000 })).toEqual(["refund", "resend", "revive", "manual"])
    expect(resolutionsFor({ type: "duplicate_payment", amount_minor: 1000 })).toEqual(["refund", "resend", "manual"])
    expect(resolutionsFor({ type: "refunded_outside_store", amount_minor: 1000 })).toEqual(["resend", "manual"])
    expect(resolutionsFor({ type: "amount_mismatch", amount_minor: null })).toEqual(["resend", "manual"])
    expect(resolutionsFor({ type: "malicious_order", amount_minor: 5000, can_refund: true })).toEqual(["refund", "resend", "manual"])
  })
  it("a note is required to dismiss and to resolve by hand", () => {
    expect(noteRequired("dismissed")).toBe(true)
    expect(noteRequired("resolved", "manual")).toBe(true)
    expect(noteRequired("resolved", "resend")).toBe(true)
    expect(noteRequired("resolved", "refund")).toBe(false)
    expect(noteRequired("investigating")).toBe(false)
  })
  it("ages in whole hours and short words", () => {
    const now = new Date("2026-01-10T12:00:00Z")
    expect(ageHours("2026-01-09T11:30:00Z", now)).toBe(24)
    expect(ageHours("2026-01-11T00:00:00Z", now)).toBe(0)
    expect(formatShortAge("2026-01-10T11:15:00Z", "en", now)).toBe("45m")
    expect(formatShortAge("2026-01-09T12:00:00Z", "en", now)).toBe("24h")
    expect(formatShortAge("2026-01-07T12:00:00Z", "en", now)).toBe("3d")
  })
})
