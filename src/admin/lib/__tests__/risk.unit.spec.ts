import { buildParams, CONDITION_PARAMS, expiryIso, paramsSummary, riskColor, RULE_CONDITIONS } from "../risk"
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
