import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { POINTS_MODULE } from "../../src/modules/points"
import type PointsModuleService from "../../src/modules/points/service"

jest.setTimeout(300 * 1000)

// Points (docs/points.md): the ledger over HTTP (admin adjustments, the customer's view), redemption at checkout as a
// Medusa credit line debited when the order is placed, earning on completion, reversal on refund, give-back on cancel.
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"

const BALANCE = "pp_balance_balance"
const BANK = "pp_bank-transfer_bank-transfer"

afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let boss: Record<string, string>
    let bossId: string

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [BALANCE, BANK], stock: 20 })
      const admin = await createAdmin(container, "boss@example.com")
      boss = admin.headers
      bossId = admin.user.id
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post" | "delete", url: string, body?: unknown, headers: Record<string, string> = boss) =>
      (method === "get" ? api.get(url, { headers }) : method === "delete" ? api.delete(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const ledger = () => container.resolve(POINTS_MODULE) as PointsModuleService
    const adjust = (customerId: string, points: number, reason = "opening points", extra: Record<string, unknown> = {}) =>
      call("post", `/admin/order-management/customers/${customerId}/points/adjustments`, { points, reason, ...extra })
    const creditBalance = (customerId: string, amount: number) =>
      call("post", `/admin/order-management/customers/${customerId}/balance/adjustments`, { currency_code: "cny", amount, reason: "to pay with" })
    const buyer = async (email: string) => {
      const { customer, token } = await createCustomerWithToken(container, email)
      return { customer, headers: { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${token}` } }
    }
    /** A cart of one teapot (¥399.00 + ¥10.00 shipping = ¥409.00) through the store API, without a payment session yet. */
    async function cart(headers: Record<string, string>) {
      const h = { headers }
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny }, h)
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 1 }, h)
      await api.post(`/store/carts/${cart.id}`, { email: "buyer@example.com", shipping_address: { first_name: "Chen", last_name: "Jing", address_1: "5 Zhongshan Rd", city: "Nanjing", country_code: "cn", postal_code: "210005" } }, h)
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h)
      return cart.id as string
    }
    const applyPoints = (cartId: string, points: unknown, headers: Record<string, string>) => call("post", `/store/order-management/carts/${cartId}/points`, { points }, headers)
    async function session(cartId: string, headers: Record<string, string>, provider = BALANCE) {
      const h = { headers }
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
      const s = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: provider }, h).catch((e: any) => e.response)
      expect(s.status).toBe(200)
      return s.data.payment_collection
    }
    const complete = (cartId: string, headers: Record<string, string>) => api.post(`/store/carts/${cartId}/complete`, {}, { headers }).catch((e: any) => e.response)
    async function placed(cartId: string, headers: Record<string, string>) {
      const done = waitForSubscribers(container, "order.placed")
      const r = await complete(cartId, headers)
      expect([r.status, r.data.type]).toEqual([200, "order"])
      await done
      return r.data.order
    }
    const act = (orderId: string, body: Record<string, unknown>) => call("post", `/admin/order-management/orders/${orderId}/actions`, body)
    const orderOf = async (orderId: string, fields: string[]) =>
      (await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields, filters: { id: orderId } })).data[0] as any

    it("admin adjustments with a reason, once per key, never below zero (concurrent debits too); the customer's own view; validation", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      const first = await adjust(customer.id, 1000, "welcome gift", { idempotency_key: "points-0001" })
      expect(first.status).toBe(201)
      expect(first.data).toMatchObject({ balance: 1000, duplicate: false, entry: { direction: "credit", points: 1000, balance_after: 1000, source_type: "adjustment", reason: "welcome gift", actor_type: "user", actor_id: bossId } })
      const again = await adjust(customer.id, 1000, "welcome gift", { idempotency_key: "points-0001" })
      expect([again.status, again.data.duplicate, again.data.entry.id]).toEqual([200, true, first.data.entry.id])

      const over = await adjust(customer.id, -1001, "too much")
      expect([over.status, over.data.message]).toEqual([400, "Insufficient points: 1000 available, 1001 needed"])
      const refused: Array<[unknown, RegExp]> = [
        [{ points: 10 }, /reason/],
        [{ points: 10, reason: "   " }, /a reason is required/],
        [{ points: 0, reason: "nothing" }, /points must be a whole number other than 0/],
        [{ points: 1.5, reason: "half" }, /points must be a whole number other than 0/],
        [{ points: "10", reason: "text" }, /points must be a whole number other than 0/],
        [{ reason: "no points" }, /points must be a whole number other than 0/],
        [{ points: 10, reason: "x", extra: 1 }, /extra/],
      ]
      for (const [body, message] of refused) {
        const r = await call("post", `/admin/order-management/customers/${customer.id}/points/adjustments`, body)
        expect([r.status, r.data.message]).toEqual([400, expect.stringMatching(message)])
      }
      expect((await adjust("cus_missing", 10)).status).toBe(404)
      expect((await call("post", `/admin/order-management/customers/${customer.id}/points/adjustments`, { points: 10, reason: "x" }, {})).status).toBe(401)

      // five debits of 300 at once on 1000: exactly three fit, the balance never goes below zero
      const debits = await Promise.all([1, 2, 3, 4, 5].map((i) => adjust(customer.id, -300, `debit ${i}`)))
      expect(debits.map((d) => d.status).sort()).toEqual([201, 201, 201, 400, 400])
      expect(debits.filter((d) => d.status === 400).map((d) => d.data.message)).toEqual(["Insufficient points: 100 available, 300 needed", "Insufficient points: 100 available, 300 needed"])
      expect(await ledger().balanceOf(customer.id)).toBe(100)

      const view = (await call("get", `/admin/order-management/customers/${customer.id}/points?limit=2`)).data.points
      expect(view).toMatchObject({ balance: 100, count: 4, limit: 2, offset: 0, value_minor_per_point: { cny: 1, usd: 1 }, max_share_percent: 50 })
      expect(view.entries).toHaveLength(2)
      expect(view.entries[0]).toMatchObject({ direction: "debit", points: 300, balance_after: 100, actor_email: "boss@example.com" })
      expect((await call("get", `/admin/order-management/customers/${customer.id}/points?limit=0`)).data.message).toMatch(/limit must be a whole number from 1 to 200/)

      const mine = await call("get", "/store/order-management/points?offset=3", undefined, headers)
      expect(mine.status).toBe(200)
      expect(mine.data.points).toMatchObject({ balance: 100, count: 4, offset: 3, value_minor_per_point: { cny: 1, usd: 1 } })
      expect(mine.data.points.entries.map((e: any) => [e.source_type, e.points, e.reason])).toEqual([["adjustment", 1000, "welcome gift"]])
      expect((await call("get", "/store/order-management/points", undefined, { "x-publishable-api-key": store.publishableKey })).status).toBe(401)
    })

    it("redemption: a credit line in Medusa's cart totals, checked and carried to the order, debited at placement; earned on completion (not when paid); reversed on refund in proportion", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      const other = await buyer("bo@example.com")
      await adjust(customer.id, 30000)
      await creditBalance(customer.id, 100000)
      const cartId = await cart(headers)

      // validation: names the field; the balance; maxSharePercent (50 % of ¥409.00 = 20450 points); someone else's cart
      for (const [points, message] of [[1.5, /points must be a whole number of points, 0 or more/], [-1, /points must be a whole number of points, 0 or more/], ["100", /points must be a whole number of points, 0 or more/], [null, /points must be a whole number of points, 0 or more/]] as const) {
        const r = await applyPoints(cartId, points, headers)
        expect([r.status, r.data.message]).toEqual([400, expect.stringMatching(message)])
      }
      const tooMany = await applyPoints(cartId, 20451, headers)
      expect([tooMany.status, tooMany.data.message]).toEqual([400, "points: at most 20450 points can be used on this cart (50% of its total), 20451 requested"])
      const notMine = await applyPoints(cartId, 100, other.headers)
      expect([notMine.status, notMine.data.message]).toEqual([404, `Cart ${cartId} was not found`])
      expect((await applyPoints(cartId, 100, { "x-publishable-api-key": store.publishableKey })).status).toBe(401)
      await adjust(other.customer.id, 10)
      const otherCart = await cart(other.headers)
      const short = await applyPoints(otherCart, 11, other.headers)
      expect([short.status, short.data.message]).toEqual([400, "points: you have 10 points, 11 requested"])

      // 5000 points = ¥50.00 off, applied twice (the second replaces the first), visible in Medusa's own cart
      expect((await applyPoints(cartId, 3000, headers)).status).toBe(200)
      const ok = await applyPoints(cartId, 5000, headers)
      expect(ok.status).toBe(200)
      expect(ok.data.points).toEqual({ applied: 5000, value_minor: 5000, max_points: 20450, balance: 30000 })
      const medusaCart = (await api.get(`/store/carts/${cartId}?fields=*credit_lines,total,credit_line_total`, { headers })).data.cart
      expect([Number(medusaCart.total), Number(medusaCart.credit_line_total)]).toEqual([359, 50])
      expect(medusaCart.credit_lines).toHaveLength(1)
      expect(medusaCart.credit_lines[0]).toMatchObject({ reference: "points", metadata: { points: 5000, value_minor: 5000 } })
      expect(await ledger().balanceOf(customer.id)).toBe(30000) // nothing debited before the order

      // the payment is for what is left; the order carries the credit line; the points are debited with the order id
      const collection = await session(cartId, headers)
      expect(Number(collection.amount)).toBe(359)
      const order = await placed(cartId, headers)
      const o = await orderOf(order.id, ["id", "total", "credit_line_total", "credit_lines.*", "payment_collections.payments.id"])
      expect([Number(o.total), Number(o.credit_line_total)]).toEqual([359, 50])
      expect(o.credit_lines.map((l: any) => [l.reference, Number(l.amount), l.metadata?.points])).toEqual([["points", 50, 5000]])
      expect(await ledger().balanceOf(customer.id)).toBe(25000)
      expect((await ledger().entriesOfOrder(order.id)).map((e) => [e.source_type, e.direction, e.points, e.source_id])).toEqual([["redeem", "debit", 5000, order.id]])

      // paid (the balance payment is captured at once) and approved: nothing earned yet
      await subscribersIdle()
      expect(await ledger().balanceOf(customer.id)).toBe(25000)
      expect((await act(order.id, { action: "dispatch", tracking_number: "SF100" })).status).toBe(200)
      const earned = waitForSubscribers(container, "order_management.order.completed")
      expect((await act(order.id, { action: "complete" })).status).toBe(200)
      await earned
      await subscribersIdle()
      // floor(¥359.00 × 1) = 359 points, once
      expect(await ledger().balanceOf(customer.id)).toBe(25359)
      expect((await ledger().findEntryBySource("earn", order.id))).toMatchObject({ points: 359, metadata: { base_minor: 35900 } })

      // refunds take back in proportion: ¥100.00 of ¥359.00 → floor(359 × 100/359) = 100; the rest → 259 more
      const paymentId = o.payment_collections[0].payments[0].id
      let refunded = waitForSubscribers(container, "payment.refunded")
      expect((await call("post", `/admin/payments/${paymentId}/refund`, { amount: 100 })).status).toBe(200)
      await refunded
      await subscribersIdle()
      expect(await ledger().balanceOf(customer.id)).toBe(25259)
      refunded = waitForSubscribers(container, "payment.refunded")
      expect((await call("post", `/admin/payments/${paymentId}/refund`, { amount: 259 })).status).toBe(200)
      await refunded
      await subscribersIdle()
      expect(await ledger().balanceOf(customer.id)).toBe(25000)
      const reversals = (await ledger().entriesOfOrder(order.id)).filter((e) => e.source_type === "earn_reversal")
      expect(reversals.map((e) => e.points)).toEqual([100, 259])
    })

    it("a refund after the earned points were spent takes what is there and records the shortfall, never below zero", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      await creditBalance(customer.id, 100000)
      const cartId = await cart(headers)
      await session(cartId, headers)
      const order = await placed(cartId, headers)
      await subscribersIdle()
      await act(order.id, { action: "dispatch", tracking_number: "SF200" })
      const earned = waitForSubscribers(container, "order_management.order.completed")
      await act(order.id, { action: "complete" })
      await earned
      await subscribersIdle()
      expect(await ledger().balanceOf(customer.id)).toBe(409)
      expect((await adjust(customer.id, -400, "spent on a gift")).status).toBe(201)
      const o = await orderOf(order.id, ["payment_collections.payments.id"])
      const refunded = waitForSubscribers(container, "payment.refunded")
      expect((await call("post", `/admin/payments/${o.payment_collections[0].payments[0].id}/refund`, { amount: 409 })).status).toBe(200)
      await refunded
      await subscribersIdle()
      expect(await ledger().balanceOf(customer.id)).toBe(0)
      const [reversal] = (await ledger().entriesOfOrder(order.id)).filter((e) => e.source_type === "earn_reversal")
      expect(reversal).toMatchObject({ points: 9, balance_after: 0, metadata: { wanted: 409, shortfall: 400 } })
    })

    it("two checkouts at once each redeeming points that only one can cover: exactly one order, the other refused, never negative", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      await adjust(customer.id, 1000)
      await creditBalance(customer.id, 100000)
      const a = await cart(headers)
      const b = await cart(headers)
      expect((await applyPoints(a, 600, headers)).status).toBe(200)
      expect((await applyPoints(b, 600, headers)).status).toBe(200) // each alone fits
      await session(a, headers)
      await session(b, headers)
      const results = await Promise.all([complete(a, headers), complete(b, headers)])
      const orders = results.filter((r) => r.status === 200 && r.data.type === "order")
      const failed = results.filter((r) => !(r.status === 200 && r.data.type === "order"))
      expect(orders).toHaveLength(1)
      expect(failed.map((r) => [r.status, r.data.message])).toEqual([[400, "Insufficient points: 400 available, 600 needed"]])
      await subscribersIdle()
      expect(await ledger().balanceOf(customer.id)).toBe(400)
      const { entries } = await ledger().listLedger(customer.id)
      expect(entries.filter((e) => e.source_type === "redeem").map((e) => e.order_id)).toEqual([orders[0].data.order.id])
      // the refused cart is not an order and its balance payment was not taken
      const refusedCart = failed[0] === results[0] ? a : b
      const { data: [c] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "cart", fields: ["completed_at", "order.id"], filters: { id: refusedCart } })
      expect([(c as any).completed_at ?? null, (c as any).order?.id ?? null]).toEqual([null, null])
    })

    it("a canceled order gives its redeemed points back once; DELETE takes points off a cart; a cart changed after applying is refused at completion", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      await adjust(customer.id, 20000)
      const cartId = await cart(headers)
      expect((await applyPoints(cartId, 1500, headers)).status).toBe(200)
      await session(cartId, headers, BANK)
      const order = await placed(cartId, headers)
      expect(await ledger().balanceOf(customer.id)).toBe(18500)
      const canceled = waitForSubscribers(container, "order_management.order.canceled")
      expect((await act(order.id, { action: "cancel", reason: "customer changed mind" })).status).toBe(200)
      await canceled
      await subscribersIdle()
      expect(await ledger().balanceOf(customer.id)).toBe(20000)
      const entries = await ledger().entriesOfOrder(order.id)
      expect(entries.map((e) => [e.source_type, e.points])).toEqual([["redeem", 1500], ["redeem_reversal", 1500]])

      // DELETE takes them off; 0 does too
      const second = await cart(headers)
      expect((await applyPoints(second, 1000, headers)).status).toBe(200)
      const removed = await call("delete", `/store/order-management/carts/${second}/points`, undefined, headers)
      expect([removed.status, removed.data.points.applied, Number(removed.data.cart.total), removed.data.cart.credit_lines]).toEqual([200, 0, 409, []])

      // 15000 points fit ¥409.00 (at most 20450); the teapot swapped for tea (¥138.00: at most 6900), completion is refused
      expect((await applyPoints(second, 15000, headers)).status).toBe(200)
      const { data: { cart: withItems } } = await api.get(`/store/carts/${second}?fields=items.id`, { headers })
      await api.post(`/store/carts/${second}/line-items`, { variant_id: store.variants.tea, quantity: 1 }, { headers })
      await api.delete(`/store/carts/${second}/line-items/${withItems.items[0].id}`, { headers })
      await session(second, headers, BANK)
      const refused = await complete(second, headers)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe("The 15000 points on this cart are more than 50% of its total now (at most 6900); apply points again")
      expect(await ledger().balanceOf(customer.id)).toBe(20000)
    })
  },
})
