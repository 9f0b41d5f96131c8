import { addressKeys, normalizeAddress, normalizeBlacklistValue, normalizeIp } from "../normalize"
import { clientIpOf, resolveRiskOptions } from "../options"

describe("blacklist values", () => {
  it.each([
    ["email", " Li.Wei@Example.COM ", "li.wei@example.com"],
    ["email_domain", "@Mailinator.com", "mailinator.com"],
    ["phone", "+86 138-0013-8000", "+8613800138000"],
    ["ip", "203.0.113.7", "203.0.113.7"],
    ["ip", "203.0.113.77/24", "203.0.113.0/24"],
    ["ip", "2001:db8::1/32", "2001:db8::/32"],
    ["ip", "::ffff:198.51.100.9", "198.51.100.9"],
    ["ip", "::ffff:198.51.100.0/120", "198.51.100.0/24"],
    ["device", "fp_7f3a9c", "fp_7f3a9c"],
    ["customer", "cus_01M8S3M92JH1RWKBSDNBP3GTDM", "cus_01M8S3M92JH1RWKBSDNBP3GTDM"],
    ["address", "5 Zhongshan Rd., Nanjing, 210005, CN", "5zhongshanrd|nanjing"],
    ["address", "南京市中山路5号", "南京市中山路5号|"],
  ] as const)("%s %s → %s", (type, raw, value) => {
    expect(normalizeBlacklistValue(type, raw)).toEqual({ value })
  })

  it.each([
    ["email", "not-an-email"],
    ["email_domain", "localhost"],
    ["phone", "12"],
    ["ip", "300.1.1.1"],
    ["ip", "10.0.0.0/40"],
    ["device", "a b"],
    ["customer", "bob"],
    ["address", "x"],
    ["email", ""],
  ] as const)("%s %s is refused with a reason", (type, raw) => {
    expect(normalizeBlacklistValue(type, raw)).toEqual({ error: expect.any(String) })
  })

  it("a phone written the local way, with 00 or with +86 is one number (read as Chinese unless it says otherwise)", () => {
    for (const v of ["137 0000 2222", "008613700002222", "+86-137-0000-2222", "+86 13700002222"]) expect(normalizeBlacklistValue("phone", v)).toEqual({ value: "+8613700002222" })
    expect(normalizeBlacklistValue("phone", "+1 415 555 2671")).toEqual({ value: "+14155552671" })
  })

  it("the same address typed differently matches", () => {
    expect(normalizeAddress({ address_1: "5 Zhongshan Rd.", city: "NANJING", postal_code: "210005", country_code: "cn" })).toBe(normalizeAddress("5 zhongshan rd, Nanjing, 210005, CN"))
    // punctuation-free and spaced-out forms are one entry
    expect(normalizeAddress("No.5 Zhongshan-Rd, Nan jing")).toBe(normalizeAddress("no 5 zhongshan rd，nanjing"))
  })

  it("a checkout cannot escape an address entry by adding an apartment, a province or a postal code", () => {
    const entry = normalizeAddress("5 Zhongshan Rd, Nanjing")
    const keys = addressKeys({ address_1: "5 Zhongshan Rd.", address_2: "Apt 1203", city: "Nanjing", province: "Jiangsu", postal_code: "210005", country_code: "cn" })
    expect(keys).toContain(entry)
    // an entry typed with the building as part of the street matches a checkout that split it into address_2
    expect(addressKeys({ address_1: "中山路5号", address_2: "2栋", city: "南京" })).toContain(normalizeAddress("中山路5号2栋, 南京"))
    // an entry without a city matches the street in any city; one with a city does not match another city
    expect(addressKeys({ address_1: "5 Zhongshan Rd", city: "Suzhou" })).toContain(normalizeAddress("5 Zhongshan Rd"))
    expect(addressKeys({ address_1: "5 Zhongshan Rd", city: "Suzhou" })).not.toContain(entry)
  })
})

describe("the client IP", () => {
  const o = resolveRiskOptions({ trustedProxies: ["10.0.0.0/8", "127.0.0.1"] })

  it("is the connection's address when that is not a declared proxy; a forwarded header is then ignored", () => {
    expect(clientIpOf(o, "198.51.100.9", "203.0.113.7")).toBe("198.51.100.9")
    expect(clientIpOf(o, "::ffff:198.51.100.9", undefined)).toBe("198.51.100.9")
  })

  it("behind declared proxies: the last forwarded address that is not a proxy (a forged first hop does not count)", () => {
    expect(clientIpOf(o, "10.0.0.5", "203.0.113.7")).toBe("203.0.113.7")
    expect(clientIpOf(o, "10.0.0.5", "1.1.1.1, 203.0.113.7, 10.0.0.9")).toBe("203.0.113.7")
    expect(clientIpOf(o, "127.0.0.1", ["198.51.100.1", "10.2.3.4"])).toBe("198.51.100.1")
    expect(clientIpOf(o, "10.0.0.5", undefined)).toBe("10.0.0.5")
    expect(clientIpOf(o, "10.0.0.5", "garbage")).toBe("10.0.0.5")
  })

  it("options: defaults to loopback; a bad proxy entry stops the boot with its name", () => {
    expect(clientIpOf(resolveRiskOptions({}), "127.0.0.1", "203.0.113.7")).toBe("203.0.113.7")
    expect(clientIpOf(resolveRiskOptions({ trustedProxies: [] }), "127.0.0.1", "203.0.113.7")).toBe("127.0.0.1")
    expect(() => resolveRiskOptions({ trustedProxies: ["10.0.0/33"] })).toThrow(/risk.trustedProxies: 10.0.0\/33/)
  })
})

describe("checkout rate limits", () => {
  const { CheckoutRateLimiter, resolveRateLimits } = require("../rate-limit")
  const limits = resolveRateLimits({ payment_sessions_per_cart: { points: 3, duration_seconds: 60 } }).limits

  it("in memory: the fourth request of a cart waits, another cart does not", async () => {
    const l = new CheckoutRateLimiter(limits, null, `t-${Date.now()}`)
    expect(l.store).toBe("memory")
    for (let i = 0; i < 3; i++) expect(await l.consume([["payment_sessions_per_cart", "pay_col_1"]])).toBeNull()
    const wait = await l.consume([["payment_sessions_per_cart", "pay_col_1"]])
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(60)
    expect(await l.consume([["payment_sessions_per_cart", "pay_col_2"]])).toBeNull()
  })

  it("in Redis: two instances (two servers) share the count", async () => {
    const ns = `t-${process.pid}-${Date.now()}`
    const a = new CheckoutRateLimiter(limits, process.env.REDIS_URL || "redis://127.0.0.1:6379", ns)
    const b = new CheckoutRateLimiter(limits, process.env.REDIS_URL || "redis://127.0.0.1:6379", ns)
    expect(a.store).toBe("redis")
    expect(await a.consume([["payment_sessions_per_cart", "pay_col_1"]])).toBeNull()
    expect(await b.consume([["payment_sessions_per_cart", "pay_col_1"]])).toBeNull()
    expect(await a.consume([["payment_sessions_per_cart", "pay_col_1"]])).toBeNull()
    expect(await b.consume([["payment_sessions_per_cart", "pay_col_1"]])).toBeGreaterThanOrEqual(1)
    await a.close()
    await b.close()
  })

  it("bad limits stop the boot naming the limit", () => {
    expect(() => resolveRateLimits({ completions_per_ip: { points: 0, duration_seconds: 60 } })).toThrow(/risk.rateLimits.completions_per_ip/)
  })

  it("the wait for a payment-session lock: 30 s by default, 1 to 120 s, anything else stops the boot", () => {
    expect(resolveRateLimits({}).payment_session_wait_seconds).toBe(30)
    expect(resolveRateLimits({ payment_session_wait_seconds: 5 }).payment_session_wait_seconds).toBe(5)
    for (const bad of [0, 121, 2.5]) expect(() => resolveRateLimits({ payment_session_wait_seconds: bad })).toThrow(/payment_session_wait_seconds must be a whole number of seconds from 1 to 120/)
  })
})

describe("required address fields", () => {
  const { missingAddressFields } = require("../../../workflows/hooks/validate-cart-completion")
  it("names the empty ones in the option's order; an unknown field stops the boot", () => {
    expect(missingAddressFields(["phone", "province", "postal_code"], { phone: " ", province: null, postal_code: "200001" })).toEqual(["phone", "province"])
    expect(missingAddressFields(["phone"], null)).toEqual(["phone"])
    expect(() => resolveRiskOptions({}, ["phone", "zipcode"])).toThrow(/requiredAddressFields: zipcode is not an address field/)
  })
})

describe("rule evaluation", () => {
  const { evaluateRules, ruleParamsError } = require("../evaluate")
  const facts = (o: Record<string, any> = {}) => ({
    currency_code: "cny", total_minor: 120000,
    blacklisted: async () => o.blacklisted ?? [],
    customerTotal: async () => o.customerTotal ?? 0,
    velocity: async () => o.velocity ?? 0,
    accountsPer: async () => o.accounts ?? 1,
    isNewCustomer: async () => o.isNew ?? false,
  })
  const rule = (id: string, priority: number, condition: string, action: string, weight: number, params: any = null, enabled = true) => ({ id, name: id, priority, enabled, condition, params, action, weight })

  it("the first match by priority decides; every match scores; no match allows", async () => {
    const rules = [
      rule("new", 30, "new_customer", "allow", 10),
      rule("big", 10, "order_total_above", "review", 30, { amount_minor: 100000, currency_code: "CNY" }),
      rule("fast", 20, "velocity", "block", 50, { subject: "ip", max: 2, window_minutes: 60 }),
      rule("off", 1, "new_customer", "block", 99, null, false),
    ]
    expect(await evaluateRules(rules, facts({ isNew: true, velocity: 2 }))).toMatchObject({ action: "review", level: "medium", score: 90, hits: [{ rule_id: "big" }, { rule_id: "fast", detail: "3 checkouts by this ip in 60 min, above 2" }, { rule_id: "new" }] })
    expect(await evaluateRules(rules.slice(2), facts({ velocity: 5 }))).toMatchObject({ action: "block", level: "high", score: 50 })
    expect(await evaluateRules([rule("new", 1, "new_customer", "allow", 60)], facts({ isNew: true }))).toMatchObject({ action: "allow", level: "medium", score: 60 })
    expect(await evaluateRules(rules, { ...facts(), total_minor: 100 })).toEqual({ action: "allow", level: "low", score: 0, hits: [] })
  })

  it("a customer's total over a window counts this order; another currency does not match", async () => {
    const r = [rule("month", 1, "customer_total_above", "review", 0, { amount_minor: 500000, currency_code: "cny", window_hours: 720 })]
    expect((await evaluateRules(r, facts({ customerTotal: 400000 }))).action).toBe("review")
    expect((await evaluateRules(r, facts({ customerTotal: 300000 }))).action).toBe("allow")
    expect((await evaluateRules(r, { ...facts({ customerTotal: 900000 }), currency_code: "usd" })).action).toBe("allow")
  })

  it("params are checked per condition", () => {
    expect(ruleParamsError("velocity", { subject: "ip", max: 3, window_minutes: 60 })).toBeNull()
    expect(ruleParamsError("velocity", { subject: "planet", max: 3, window_minutes: 60 })).toBe("params.subject must be one of: customer, email, phone, ip, device")
    expect(ruleParamsError("accounts_per_ip", { max: 0, window_minutes: 60 })).toMatch(/max/)
    expect(ruleParamsError("order_total_above", { amount_minor: 1.5, currency_code: "cny" })).toMatch(/amount_minor/)
    expect(ruleParamsError("blacklisted", null)).toBeNull()
  })
})
