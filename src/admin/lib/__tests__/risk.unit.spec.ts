import { buildParams, movedIds, CONDITION_PARAMS, expiryIso, paramsSummary, riskColor, RULE_CONDITIONS } from "../risk"
import { parseMinor } from "../money"

describe("risk helpers", () => {
  it("summarises each condition's params", () => {
    expect(paramsSummary("order_total_above", { amount_minor: 100000, currency_code: "cny" }, "en")).toBe("> CN¥1,000.00")
    expect(paramsSummary("customer_total_above", { amount_minor: 500000, currency_code: "usd", window_hours: 24 }, "en")).toBe("> $5,000.00 / 24 h")
    expect(paramsSummary("velocity", { subject: "ip", max: 3, window_minutes: 60 })).toBe("ip > 3 / 60 min")
    expect(paramsSummary("accounts_per_device", { max: 2, window_minutes: 30 })).toBe("> 2 / 30 min")
    expect(paramsSummary("new_customer", null)).toBe("")
    expect(paramsSummary("blacklisted", {})).toBe("")
    expect(paramsSummary("velocity", {})).toBe("? > ? / ? min")
    expect(paramsSummary("order_total_above", { amount_minor: 5 })).toBe("> 5")
  })
  it("builds params from the form, naming the first bad field", () => {
    expect(buildParams("order_total_above", { amount_minor: "1000", currency_code: "CNY", max: "3" }, parseMinor)).toEqual({ params: { amount_minor: 100000, currency_code: "cny" } })
    expect(buildParams("velocity", { subject: "email", max: "3", window_minutes: "60" }, parseMinor)).toEqual({ params: { subject: "email", max: 3, window_minutes: 60 } })
    expect(buildParams("velocity", { subject: "nobody", max: "3", window_minutes: "60" }, parseMinor).error).toBe("subject")
    expect(buildParams("accounts_per_ip", { max: "0", window_minutes: "60" }, parseMinor).error).toBe("max")
    expect(buildParams("customer_total_above", { amount_minor: "12.345", currency_code: "cny", window_hours: "24" }, parseMinor).error).toBe("amount_minor")
    expect(buildParams("new_customer", {}, parseMinor)).toEqual({ params: {} })
    for (const c of RULE_CONDITIONS) expect(Array.isArray(CONDITION_PARAMS[c])).toBe(true)
  })
  it("colours levels and reads expiry days", () => {
    expect([riskColor("low"), riskColor("medium"), riskColor("high"), riskColor(null)]).toEqual(["green", "orange", "red", "grey"])
    expect(expiryIso("")).toBeUndefined()
    expect(new Date(expiryIso("2030-05-01")!).getDate()).toBe(1)
  })
})

describe("ip_country_mismatch params", () => {
  it("allowed pairs are optional, read from free text, upper-cased; a bad pair names the field", () => {
    expect(buildParams("ip_country_mismatch", {}, () => 0)).toEqual({ params: {} })
    expect(buildParams("ip_country_mismatch", { allow: "hk-cn，MO-CN" }, () => 0)).toEqual({ params: { allow: ["HK-CN", "MO-CN"] } })
    expect(buildParams("ip_country_mismatch", { allow: "HK to CN" }, () => 0).error).toBe("allow")
    expect(paramsSummary("ip_country_mismatch", { allow: ["HK-CN"] })).toBe("≠ (HK-CN ok)")
  })
})

describe("velocity counts", () => {
  it("checkouts is the default and not sent; payment attempts are sent and summarised", () => {
    expect(buildParams("velocity", { subject: "ip", max: "3", window_minutes: "10", counts: "checkouts" }, () => 0)).toEqual({ params: { subject: "ip", max: 3, window_minutes: 10 } })
    expect(buildParams("velocity", { subject: "ip", max: "3", window_minutes: "10", counts: "payment_attempts" }, () => 0)).toEqual({ params: { subject: "ip", max: 3, window_minutes: 10, counts: "payment_attempts" } })
    expect(buildParams("velocity", { subject: "ip", max: "3", window_minutes: "10", counts: "refunds" }, () => 0).error).toBe("counts")
    expect(paramsSummary("velocity", { subject: "device", max: 5, window_minutes: 10, counts: "payment_attempts" }, "en")).toBe("device > 5 / 10 min (payment attempts)")
  })
})

describe("moving a rule", () => {
  it("swaps it with its neighbour; the ends stay put", () => {
    expect(movedIds(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"])
    expect(movedIds(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"])
    expect(movedIds(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"])
    expect(movedIds(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"])
  })
})
