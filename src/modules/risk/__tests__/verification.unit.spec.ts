import { codeMatches, confirmDecision, generateCode, hashCode, maskEmail, maskPhone, sendDecision } from "../verification-code"
import { countryOfIp } from "../geoip"
import { evaluateRules, formatMoney, ruleParamsError } from "../evaluate"
import { ipRangeTooWide } from "../service"
import { resolveRiskOptions } from "../options"

const opts = resolveRiskOptions().verification

describe("one-time codes", () => {
  it("are 6 digits, stored as a salted scrypt hash that only the code matches", () => {
    const codes = new Set(Array.from({ length: 50 }, () => generateCode()))
    for (const c of codes) expect(c).toMatch(/^\d{6}$/)
    expect(codes.size).toBeGreaterThan(40)
    const h = hashCode("042917")
    expect(h).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/)
    expect(h).not.toContain("042917")
    expect(hashCode("042917")).not.toBe(h) // salted
    expect(codeMatches("042917", h)).toBe(true)
    expect(codeMatches("042 917", h)).toBe(true)
    expect(codeMatches("042918", h)).toBe(false)
    expect(codeMatches("042917", null)).toBe(false)
    expect(codeMatches("042917", "garbage")).toBe(false)
  })

  it("defaults: 10 minutes, 5 attempts, 60 s between codes, 5 codes; a bad option stops the boot naming it", () => {
    expect(opts).toEqual({ codeTtlMinutes: 10, maxAttempts: 5, resendIntervalSeconds: 60, maxSends: 5 })
    expect(() => resolveRiskOptions({ verification: { maxAttempts: 0 } })).toThrow("risk.verification.maxAttempts must be a whole number from 1 to 20")
    expect(() => resolveRiskOptions({ verification: { ttl: 5 } as any })).toThrow(/unknown option\(s\) ttl/)
  })

  const now = new Date("2026-12-01T10:00:00Z")
  const challenge = (o: Record<string, any> = {}) => ({ status: "pending", sends: 1, attempts: 0, last_sent_at: new Date(now.getTime() - 61_000), expires_at: new Date(now.getTime() + 5 * 60_000), code_hash: hashCode("123456"), ...o })

  it("resending waits the interval (with the seconds left), stops at the last code, and is refused once verified", () => {
    expect(sendDecision(null, opts, now)).toEqual({ ok: true })
    expect(sendDecision(challenge(), opts, now)).toEqual({ ok: true })
    expect(sendDecision(challenge({ last_sent_at: new Date(now.getTime() - 18_000) }), opts, now)).toMatchObject({ ok: false, status: 429, retry_after: 42 })
    expect(sendDecision(challenge({ sends: 5 }), opts, now)).toMatchObject({ ok: false, status: 429, message: expect.stringContaining("at most 5") })
    expect(sendDecision(challenge({ status: "verified" }), opts, now)).toMatchObject({ ok: false, status: 409 })
    // a locked challenge may get a new code
    expect(sendDecision(challenge({ status: "locked", attempts: 5 }), opts, now)).toEqual({ ok: true })
  })

  it("confirming: right, wrong (attempts left, locked at the fifth), expired, locked, none sent", () => {
    expect(confirmDecision(challenge(), "123456", opts, now)).toEqual({ result: "verified" })
    expect(confirmDecision(challenge(), "654321", opts, now)).toEqual({ result: "wrong", attempts: 1, attempts_left: 4, locked: false })
    expect(confirmDecision(challenge({ attempts: 4 }), "654321", opts, now)).toEqual({ result: "wrong", attempts: 5, attempts_left: 0, locked: true })
    expect(confirmDecision(challenge({ expires_at: new Date(now.getTime() - 1) }), "123456", opts, now)).toEqual({ result: "expired" })
    expect(confirmDecision(challenge({ status: "locked" }), "123456", opts, now)).toEqual({ result: "locked" })
    expect(confirmDecision(challenge({ code_hash: null, expires_at: null }), "123456", opts, now)).toEqual({ result: "no_code" })
    expect(confirmDecision(challenge({ status: "verified" }), "123456", opts, now)).toEqual({ result: "done" })
  })

  it("destinations are masked", () => {
    expect(maskEmail("li.wei@example.com")).toBe("l***i@example.com")
    expect(maskEmail("a@example.com")).toBe("a@example.com")
    expect(maskPhone("+8613800138000")).toBe("+86*******8000")
  })
})

describe("GeoIP", () => {
  it("maps public addresses to their country from the shipped GeoLite2 data; private and loopback to null", () => {
    expect(countryOfIp("1.0.1.1")).toBe("CN")
    expect(countryOfIp("114.114.114.114")).toBe("CN")
    expect(countryOfIp("8.8.8.8")).toBe("US")
    expect(countryOfIp("::ffff:8.8.8.8")).toBe("US")
    expect(countryOfIp("2001:4860:4860::8888")).toBe("US")
    for (const ip of ["127.0.0.1", "10.1.2.3", "192.168.0.9", "::1", "fe80::1", "198.51.100.9", "not an ip", null]) expect(countryOfIp(ip as any)).toBeNull()
  })
})

describe("rules: new conditions and actions, readable details, stricter params", () => {
  const facts = (o: Record<string, any> = {}) => ({
    currency_code: "cny", total_minor: 129000, ip_country: o.ip ?? null, shipping_country: o.ship ?? null,
    blacklisted: async () => [], customerTotal: async () => 0, velocity: async () => 0, accountsPer: async () => 1, isNewCustomer: async () => o.isNew ?? false,
  })
  const rule = (id: string, priority: number, condition: string, action: string, params: any = null, weight = 10): any => ({ id, name: id, priority, enabled: true, condition, params, action, weight })

  it("money reads in major units with the currency; the hit keeps the amounts as data", async () => {
    expect(formatMoney(129000, "cny")).toBe("CNY 1,290.00")
    expect(formatMoney(123456789, "usd")).toBe("USD 1,234,567.89")
    expect(formatMoney(5000, "jpy")).toBe("JPY 5,000")
    const d = await evaluateRules([rule("big", 1, "order_total_above", "review", { amount_minor: 100000, currency_code: "cny" })], facts())
    expect(d.hits[0]).toMatchObject({ detail: "total CNY 1,290.00 above CNY 1,000.00", facts: { total_minor: 129000, limit_minor: 100000, currency_code: "cny" } })
  })

  it("ip_country_mismatch: differing known countries match, allowed pairs and unknown countries do not", async () => {
    const r = [rule("geo", 1, "ip_country_mismatch", "review")]
    expect((await evaluateRules(r, facts({ ip: "US", ship: "CN" }))).hits[0]).toMatchObject({ detail: "IP in US, shipping to CN", facts: { ip_country: "US", shipping_country: "CN" } })
    expect((await evaluateRules(r, facts({ ip: "CN", ship: "cn" }))).hits).toEqual([])
    expect((await evaluateRules(r, facts({ ip: null, ship: "CN" }))).hits).toEqual([])
    expect((await evaluateRules([rule("geo", 1, "ip_country_mismatch", "review", { allow: ["hk-cn"] })], facts({ ip: "HK", ship: "CN" }))).hits).toEqual([])
  })

  it("verify and cancel decide like any action; their levels are medium and high", async () => {
    expect(await evaluateRules([rule("new", 1, "new_customer", "verify", null, 20)], facts({ isNew: true }))).toMatchObject({ action: "verify", level: "medium", score: 20 })
    expect(await evaluateRules([rule("geo", 1, "ip_country_mismatch", "cancel", null, 5)], facts({ ip: "US", ship: "CN" }))).toMatchObject({ action: "cancel", level: "high" })
  })

  it.each([
    ["velocity", { subject: "ip", max: 3, window_minutes: 60, colour: "red" }, "params.colour is not a parameter of velocity (it takes: subject, max, window_minutes, counts)"],
    ["velocity", { subject: "ip", max: 0, window_minutes: 60 }, "params.max must be a whole number from 1 to 1000000 (checkouts allowed in the window)"],
    ["velocity", { subject: "ip", max: 3, window_minutes: 50000 }, "params.window_minutes must be a whole number from 1 to 44640"],
    ["velocity", { subject: "ip" }, "params.max is required (velocity takes: subject, max, window_minutes, counts)"],
    ["order_total_above", { amount_minor: 100, currency_code: "xyz" }, "params.currency_code must be a currency code (ISO 4217, e.g. cny, usd); xyz is not one"],
    ["order_total_above", { amount_minor: -1, currency_code: "cny" }, /^params.amount_minor must be a whole number of minor units/],
    ["new_customer", { anything: 1 }, "params.anything is not a parameter of new_customer (it takes none)"],
    ["ip_country_mismatch", { allow: ["HKCN"] }, 'params.allow must be a list of "<IP country>-<shipping country>" pairs, e.g. ["HK-CN"]; "HKCN" is not one'],
  ] as const)("%s %j is refused naming the field", (condition, params, message) => {
    expect(ruleParamsError(condition as any, params as any)).toMatch(message)
  })

  it("params that are right pass", () => {
    expect(ruleParamsError("order_total_above", { amount_minor: 0, currency_code: "USD" })).toBeNull()
    expect(ruleParamsError("ip_country_mismatch", null)).toBeNull()
    expect(ruleParamsError("ip_country_mismatch", { allow: ["HK-CN", "mo-cn"] })).toBeNull()
  })
})

describe("blacklist IP ranges", () => {
  it("a range that would match every shopper is refused", () => {
    expect(ipRangeTooWide("0.0.0.0/0")).toBe("0.0.0.0/0 would match every shopper (an IP range must be /8 or narrower for IPv4)")
    expect(ipRangeTooWide("::/0")).toMatch(/would match every shopper .*\/32 or narrower for IPv6/)
    expect(ipRangeTooWide("64.0.0.0/2")).toMatch(/every shopper/)
    expect(ipRangeTooWide("2001::/16")).toMatch(/every shopper/)
    expect(ipRangeTooWide("10.0.0.0/8")).toBeNull()
    expect(ipRangeTooWide("2001:db8::/32")).toBeNull()
    expect(ipRangeTooWide("203.0.113.7")).toBeNull()
  })
})
