import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { startStoreCheckout } from "../helpers/store-checkout"
import { waitForSubscribers } from "../helpers/events"

jest.setTimeout(300 * 1000)

// Risk control (issue #18): the "verify" action (identity first: the order is placed and held until the shopper
// confirms a one-time code sent through Medusa's Notification module), the "cancel" action (the system cancels the
// placed order), the GeoIP country of the client IP against the shipping country, the readable hit details and the
// stricter rule and blacklist validation. The client IP is forwarded by the loopback proxy (trusted by default).
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_RISK = JSON.stringify({})
const TEMPLATE = "order-management.risk.verification-code"

afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>
    let ann: { customer: any; token: string }
    let bob: { customer: any; token: string }

    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { stock: 100 })
      admin = (await createAdmin(container)).headers
      ann = await createCustomerWithToken(container, "ann@example.com")
      bob = await createCustomerWithToken(container, "bob@example.com")
    })
    beforeEach(async () => {
      container = getContainer()
      // each test states its own rules
      for (const r of (await call("get", "/admin/order-management/risk/rules")).data.rules) await call("delete", `/admin/order-management/risk/rules/${r.id}`)
    })

    const call = (method: "get" | "post" | "delete", url: string, body?: unknown, headers: Record<string, string> = admin) =>
      (method === "get" ? api.get(url, { headers }) : method === "delete" ? api.delete(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const rule = async (body: Record<string, unknown>) => {
      const r = await call("post", "/admin/order-management/risk/rules", body)
      expect(r.status).toBe(201)
      return r.data.rule
    }
    const pk = () => ({ "x-publishable-api-key": store.publishableKey })
    const shopper = (token?: string) => ({ ...pk(), ...(token ? { authorization: `Bearer ${token}` } : {}) })
    /** A checkout (3 teapots: CNY 1,207.00 with shipping, to Shanghai, CN) from a client IP, placed; the order id. */
    async function placeOrder(o: { email: string; token?: string; ip: string; quantity?: number }) {
      const withIp = { get: api.get, post: (url: string, body: any, cfg: any) => api.post(url, body, { ...cfg, headers: { ...cfg?.headers, "x-forwarded-for": o.ip } }) }
      const c = await startStoreCheckout(withIp, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.teapot, quantity: o.quantity ?? 3 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: "pp_system_default", email: o.email, token: o.token })
      expect(c.session).toBeTruthy()
      const placed = waitForSubscribers(container, "order.placed")
      const r = await api.post(`/store/carts/${c.cart_id}/complete`, {}, { headers: { ...c.headers, "x-forwarded-for": o.ip } })
      expect(r.data.type).toBe("order")
      await placed
      await subscribersIdle()
      return r.data.order.id as string
    }
    const detail = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data
    /** The codes the Notification module sent for an order, oldest first (what the shopper received). */
    const sentCodes = async (orderId: string) => {
      const rows = (await container.resolve(Modules.NOTIFICATION).listNotifications({ resource_id: orderId, template: TEMPLATE } as any, { order: { created_at: "ASC" } } as any)) as any[]
      return rows
    }
    const pg = () => container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const send = (body: Record<string, unknown>, token?: string) => call("post", "/store/order-management/verification", body, shopper(token))
    const confirm = (body: Record<string, unknown>, token?: string) => call("post", "/store/order-management/verification/confirm", body, shopper(token))
    /** Time passes: the last code was sent long enough ago to ask for another. */
    const resendAllowed = (orderId: string) => pg().raw("update risk_verification set last_sent_at = now() - interval '2 minutes' where order_id = ?", [orderId])

    it("verify: the order is placed and held; the emailed code (hashed at rest) confirms it; wrong, expired and locked codes are refused; only the buyer may ask", async () => {
      const r = await rule({ name: "Verify big orders", condition: "order_total_above", params: { amount_minor: 100000, currency_code: "cny" }, action: "verify", weight: 20 })
      const orderId = await placeOrder({ email: "ann@example.com", token: ann.token, ip: "198.51.100.70" })

      // held, with the readable detail and its data; the verification waits
      const d = await detail(orderId)
      expect(d.order_lifecycle).toMatchObject({ on_hold: true, hold_reason: "waiting for identity verification" })
      expect(d.risk).toMatchObject({ action: "verify", level: "medium", score: 20, rules: [{ rule_id: r.id, detail: "total CNY 1,207.00 above CNY 1,000.00", facts: { total_minor: 120700, limit_minor: 100000, currency_code: "cny" } }] })
      expect(d.risk.verification).toMatchObject({ status: "pending", channel: "email", destination: "a***n@example.com", attempts_left: 5, verified_at: null })
      expect(d.order_lifecycle.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: "hold", actor_type: "system", actor_id: "risk", reason: "waiting for identity verification" })]))

      // the first code went to the order's email through the Notification module; only its hash is stored
      const [first] = await sentCodes(orderId)
      expect(first).toMatchObject({ to: "ann@example.com", channel: "email", status: "success", resource_type: "order" })
      const code1 = first.data.code as string
      expect(code1).toMatch(/^\d{6}$/)
      const { rows: [stored] } = await pg().raw("select * from risk_verification where order_id = ?", [orderId])
      expect(JSON.stringify(stored)).not.toContain(code1)
      expect(stored.code_hash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/)

      // the store sees it; asking again at once is too soon
      expect((await call("get", `/store/order-management/verification?order_id=${orderId}`, undefined, shopper(ann.token))).data.verification).toMatchObject({ status: "pending", attempts_left: 5, sends_left: 4 })
      const soon = await send({ order_id: orderId }, ann.token)
      expect(soon.status).toBe(429)
      expect(Number(soon.headers["retry-after"])).toBeGreaterThan(0)
      expect(Number(soon.headers["retry-after"])).toBeLessThanOrEqual(60)

      // someone else: another customer, a guest (an account's order is not a guest order), no code: 404
      expect((await send({ order_id: orderId }, bob.token)).status).toBe(404)
      expect((await confirm({ order_id: orderId, code: code1 }, bob.token)).status).toBe(404)
      expect((await confirm({ order_id: orderId, code: code1, email: "ann@example.com" })).status).toBe(404)
      expect((await confirm({ order_id: orderId, code: "12ab" }, ann.token)).data.message).toBe("Invalid request: code must be the 6 digits sent to you")

      // a wrong code counts down
      const wrong = code1 === "000000" ? "000001" : "000000"
      const w = await confirm({ order_id: orderId, code: wrong }, ann.token)
      expect([w.status, w.data.message, w.data.attempts_left]).toEqual([400, "The code is not correct", 4])

      // an expired code is refused even when right
      await pg().raw("update risk_verification set expires_at = now() - interval '1 second' where order_id = ?", [orderId])
      const expired = await confirm({ order_id: orderId, code: code1 }, ann.token)
      expect([expired.status, expired.data.message]).toEqual([410, "The code has expired; request a new one"])

      // a new code: the attempts start again; five wrong ones lock it, then even the right one is refused
      await resendAllowed(orderId)
      const again = await send({ order_id: orderId, channel: "email" }, ann.token)
      expect(again.status).toBe(200)
      expect(again.data.verification).toMatchObject({ channel: "email", destination: "a***n@example.com", attempts_left: 5, expires_at: expect.any(String) })
      const code2 = (await sentCodes(orderId))[1].data.code as string
      const wrong2 = code2 === "000000" ? "000001" : "000000"
      const lefts: Array<[number, number | undefined]> = []
      for (let i = 0; i < 5; i++) {
        const x = await confirm({ order_id: orderId, code: wrong2 }, ann.token)
        lefts.push([x.status, x.data.attempts_left])
      }
      expect(lefts).toEqual([[400, 4], [400, 3], [400, 2], [400, 1], [429, 0]])
      const locked = await confirm({ order_id: orderId, code: code2 }, ann.token)
      expect([locked.status, locked.data.message]).toEqual([429, "Too many wrong codes; request a new code"])
      expect((await detail(orderId)).order_lifecycle.on_hold).toBe(true)

      // the right code of a new one releases the hold (actor system "risk")
      await resendAllowed(orderId)
      expect((await send({ order_id: orderId }, ann.token)).status).toBe(200)
      const code3 = (await sentCodes(orderId))[2].data.code as string
      const ok = await confirm({ order_id: orderId, code: code3 }, ann.token)
      expect([ok.status, ok.data.released, ok.data.verification.status]).toEqual([200, true, "verified"])
      const after = await detail(orderId)
      expect(after.order_lifecycle.on_hold).toBe(false)
      expect(after.risk.verification).toMatchObject({ status: "verified", verified_at: expect.any(String) })
      expect(after.order_lifecycle.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: "release", actor_type: "system", actor_id: "risk", reason: "identity verified" })]))
      expect((await confirm({ order_id: orderId, code: code3 }, ann.token)).status).toBe(409)
      expect((await send({ order_id: orderId }, ann.token)).status).toBe(409)
      // the desk has the case
      const [anomalies] = await (container.resolve("order_management") as any).listAnomalies({ order_id: orderId, type: ["malicious_order"] }, { limit: 5, offset: 0 })
      expect(anomalies).toHaveLength(1)
    })

    it("verify, guest order: proved by its email; phone needs an SMS provider; an admin's release skips the check", async () => {
      await rule({ name: "Verify new customers", condition: "new_customer", action: "verify" })
      const orderId = await placeOrder({ email: "guest.buyer@example.com", ip: "198.51.100.71", quantity: 1 })
      expect((await call("get", `/store/order-management/verification?order_id=${orderId}`, undefined, shopper())).status).toBe(404)
      expect((await call("get", `/store/order-management/verification?order_id=${orderId}&email=other@example.com`, undefined, shopper())).status).toBe(404)
      const seen = await call("get", `/store/order-management/verification?order_id=${orderId}&email=Guest.Buyer@example.com`, undefined, shopper())
      expect(seen.data.verification).toMatchObject({ status: "pending", channel: "email", destination: "g***r@example.com" })
      // a logged-in customer cannot reach a guest's order
      expect((await send({ order_id: orderId, email: "guest.buyer@example.com" }, bob.token)).status).toBe(404)
      await resendAllowed(orderId)
      const phone = await send({ order_id: orderId, channel: "phone", email: "guest.buyer@example.com" })
      expect([phone.status, phone.data.message]).toEqual([400, "phone verification is not available"])
      expect((await send({ order_id: orderId, channel: "fax", email: "guest.buyer@example.com" })).data.message).toBe("Invalid request: channel must be one of: email, phone")
      // the code works for the guest
      const [n] = await sentCodes(orderId)
      expect(n.to).toBe("guest.buyer@example.com")

      // another guest order: the admin releases the hold instead; the challenge is then skipped
      const other = await placeOrder({ email: "guest.two@example.com", ip: "198.51.100.72", quantity: 1 })
      const released = await call("post", `/admin/order-management/orders/${other}/actions`, { action: "release", reason: "called the customer" })
      expect(released.status).toBe(200)
      const skipped = await send({ order_id: other, email: "guest.two@example.com" })
      expect([skipped.status, skipped.data.message]).toEqual([409, "This order needs no verification any more"])
      expect((await detail(other)).risk.verification.status).toBe("skipped")
      expect((await call("get", `/store/order-management/verification?order_id=${other}&email=guest.two@example.com`, undefined, shopper())).data.verification.status).toBe("skipped")

      const ok = await confirm({ order_id: orderId, code: n.data.code, email: "guest.buyer@example.com" })
      expect([ok.status, ok.data.released]).toEqual([200, true])
    })

    it("cancel: the order is placed and canceled right away by the system, the rule's name as the reason", async () => {
      await rule({ name: "Card testing pattern", condition: "order_total_above", params: { amount_minor: 100000, currency_code: "cny" }, action: "cancel", weight: 90 })
      const orderId = await placeOrder({ email: "carl@example.com", ip: "198.51.100.73" })
      const d = await detail(orderId)
      expect(d.order_lifecycle.payment_status).toBe("canceled")
      expect(d.order_lifecycle.history).toEqual(expect.arrayContaining([expect.objectContaining({ action: "cancel", actor_type: "system", actor_id: "risk", reason: "Card testing pattern" })]))
      expect(d.risk).toMatchObject({ action: "cancel", level: "high", score: 90 })
      const { data: [order] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "status"], filters: { id: orderId } })
      expect((order as any).status).toBe("canceled")
      const [anomalies] = await (container.resolve("order_management") as any).listAnomalies({ order_id: orderId, type: ["malicious_order"] }, { limit: 5, offset: 0 })
      expect(anomalies[0]?.metadata).toMatchObject({ reason: expect.stringContaining("Card testing pattern"), opened_by: "system" })
    })

    it("GeoIP: the client IP's country is stored; an IP abroad shipping to China matches ip_country_mismatch, a Chinese one does not", async () => {
      const r = await rule({ name: "Country mismatch", condition: "ip_country_mismatch", action: "review", weight: 25 })
      const abroad = await placeOrder({ email: "dan@example.com", ip: "8.8.8.8", quantity: 1 })
      const d = await detail(abroad)
      expect(d.risk).toMatchObject({ ip: "8.8.8.8", ip_country: "US", action: "review", rules: [{ rule_id: r.id, detail: "IP in US, shipping to CN", facts: { ip_country: "US", shipping_country: "CN" } }] })
      expect(d.order_lifecycle).toMatchObject({ on_hold: true, hold_reason: "risk review (score 25): Country mismatch: IP in US, shipping to CN" })
      const home = await placeOrder({ email: "dan@example.com", ip: "1.0.1.1", quantity: 1 })
      expect((await detail(home)).risk).toMatchObject({ ip_country: "CN", action: "allow", rules: [] })
      // an allowed pair does not count
      await call("post", `/admin/order-management/risk/rules/${r.id}`, { params: { allow: ["US-CN"] } })
      expect((await detail(await placeOrder({ email: "dan@example.com", ip: "8.8.4.4", quantity: 1 }))).risk).toMatchObject({ ip_country: "US", action: "allow" })
    })

    it("validation: unknown params, a zero maximum, an unknown currency, a window too long, a blacklist range that matches everyone", async () => {
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ name: "x", condition: "velocity", params: { subject: "ip", max: 3, window_minutes: 60, colour: "red" }, action: "block" }, "params.colour is not a parameter of velocity (it takes: subject, max, window_minutes, counts)"],
        [{ name: "x", condition: "velocity", params: { subject: "ip", max: 0, window_minutes: 60 }, action: "block" }, "params.max must be a whole number from 1 to 1000000 (checkouts allowed in the window)"],
        [{ name: "x", condition: "order_total_above", params: { amount_minor: 100, currency_code: "xyz" }, action: "review" }, "params.currency_code must be a currency code (ISO 4217, e.g. cny, usd); xyz is not one"],
        [{ name: "x", condition: "accounts_per_ip", params: { max: 2, window_minutes: 50000 }, action: "review" }, "params.window_minutes must be a whole number from 1 to 44640"],
        [{ name: "x", condition: "new_customer", params: { days: 3 }, action: "verify" }, "params.days is not a parameter of new_customer (it takes none)"],
      ]
      for (const [body, message] of bad) {
        const r = await call("post", "/admin/order-management/risk/rules", body)
        expect([r.status, r.data.message]).toEqual([400, message])
      }
      for (const value of ["0.0.0.0/0", "::/0", "10.0.0.0/7"]) {
        const r = await call("post", "/admin/order-management/risk/blacklist", { type: "ip", value, reason: "everyone" })
        expect(r.status).toBe(400)
        expect(r.data.message).toMatch(/would match every shopper/)
      }
      const ok = await call("post", "/admin/order-management/risk/blacklist", { type: "ip", value: "10.0.0.0/8", reason: "internal" })
      expect(ok.status).toBe(201)
      await call("delete", `/admin/order-management/risk/blacklist/${ok.data.entry.id}`)
    })

    it("payment attempts: the rules run at payment-session creation too; a velocity rule on payment attempts refuses the third attempt from one IP (and the completion after it); another IP pays", async () => {
      const r = await rule({ name: "Payment attempts per IP", condition: "velocity", params: { subject: "ip", max: 2, window_minutes: 10, counts: "payment_attempts" }, action: "block", weight: 30 })
      expect(r.params).toEqual({ subject: "ip", max: 2, window_minutes: 10, counts: "payment_attempts" })
      const ip = "198.51.100.90"
      const withIp = { get: api.get, post: (url: string, body: any, cfg: any) => api.post(url, body, { ...cfg, headers: { ...cfg?.headers, "x-forwarded-for": ip } }) }
      const c = await startStoreCheckout(withIp, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.teapot, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: "pp_system_default", email: "carol@example.com" })
      const { data: { cart } } = await api.get(`/store/carts/${c.cart_id}`, { headers: c.headers })
      const attempt = () => api.post(`/store/payment-collections/${cart.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, { headers: { ...c.headers, "x-forwarded-for": ip } }).catch((e: any) => e.response)
      // the checkout's own session was attempt 1; attempt 2 passes; attempt 3 is refused without saying why
      expect((await attempt()).status).toBe(200)
      const third = await attempt()
      expect([third.status, third.data]).toEqual([403, { type: "not_allowed", code: "checkout_refused", message: "We could not accept this order. Please contact customer service." }])
      const stages = (await pg().raw("select stage, action from risk_assessment where cart_id = ? order by created_at", [c.cart_id])).rows
      expect(stages).toEqual([{ stage: "payment_session", action: "allow" }, { stage: "payment_session", action: "allow" }, { stage: "payment_session", action: "block" }])
      // completing now is refused too (three payment attempts from this IP in ten minutes), and counted as a checkout
      const done = await api.post(`/store/carts/${c.cart_id}/complete`, {}, { headers: { ...c.headers, "x-forwarded-for": ip } }).catch((e: any) => e.response)
      expect(done.status).toBe(403)
      const last = (await pg().raw("select stage, action, hits from risk_assessment where cart_id = ? order by created_at desc limit 1", [c.cart_id])).rows[0]
      expect(last).toMatchObject({ stage: "completion", action: "block", hits: [expect.objectContaining({ detail: "3 payment attempts by this ip in 10 min, above 2", facts: expect.objectContaining({ counts: "payment_attempts", count: 3 }) })] })
      // another IP: one attempt, and the order is placed
      const orderId = await placeOrder({ email: "carol@example.com", ip: "198.51.100.91", quantity: 1 })
      expect((await detail(orderId)).risk).toMatchObject({ action: "allow", ip: "198.51.100.91" })
    })

    it("the evaluation order is the admin's: reordering decides which rule wins; a partial or unknown list is refused and changes nothing", async () => {
      const review = await rule({ name: "Review every order", condition: "order_total_above", params: { amount_minor: 0, currency_code: "cny" }, action: "review", weight: 5 })
      const allow = await rule({ name: "Allow every order", condition: "order_total_above", params: { amount_minor: 0, currency_code: "cny" }, action: "allow", weight: 1 })
      const first = await placeOrder({ email: "dan@example.com", ip: "198.51.100.95", quantity: 1 })
      expect((await detail(first)).risk).toMatchObject({ action: "review", score: 6 })
      const bad = await call("post", "/admin/order-management/risk/rule-order", { ids: [allow.id, "rrule_nope"] })
      expect([bad.status, bad.data.message]).toEqual([400, `ids must list every rule once; unknown: rrule_nope; missing: ${review.id}`])
      expect((await call("post", "/admin/order-management/risk/rule-order", { ids: [] })).status).toBe(400)
      expect((await call("get", "/admin/order-management/risk/rules")).data.rules.map((r: any) => r.id)).toEqual([review.id, allow.id])
      const ok = await call("post", "/admin/order-management/risk/rule-order", { ids: [allow.id, review.id] })
      expect(ok.data.rules.map((r: any) => [r.id, r.priority])).toEqual([[allow.id, 10], [review.id, 20]])
      const second = await placeOrder({ email: "dan@example.com", ip: "198.51.100.95", quantity: 1 })
      expect((await detail(second)).risk).toMatchObject({ action: "allow", score: 6 })
    })
  },
})
