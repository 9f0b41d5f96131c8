import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { placeOrder, payOrder, PlaceOrderOptions } from "../helpers/place-order"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { releaseUnpaidOrder, releaseUnpaidOrders } from "../../src/workflows/release-unpaid-orders"
import { applyPlatformPayment } from "../../src/workflows/apply-platform-payment"
import { cancelLifecycleOrderWorkflow } from "../../src/workflows/cancel-order"
import releaseUnpaidOrdersJob from "../../src/jobs/release-unpaid-orders"

jest.setTimeout(600 * 1000)

// The scheduled job is off in this file (tests run the release themselves);
// pay-later orders time out after 60 minutes, others after the default 600;
// batches of 2 so draining across batches shows.
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_UNPAID_TIMEOUT_BY_PROVIDER = JSON.stringify({ deferred: 60 })
process.env.OM_UNPAID_BATCH_SIZE = "2"

// let the plugin's subscribers from one case finish before the next case starts
afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { stock: 10 })
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post", url: string, body?: unknown, headers: Record<string, string> = admin) =>
      (method === "get" ? api.get(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const lifecycle = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle
    const om = () => container.resolve("order_management") as any
    const pg = () => container.resolve(ContainerRegistrationKeys.PG_CONNECTION)

    async function place(o: PlaceOrderOptions = {}) {
      const done = waitForSubscribers(container, "order.placed")
      const placed = await placeOrder(container, store, { provider: "pp_deferred_deferred", ...o })
      await done
      return placed
    }
    /** pretend the order was placed `minutes` ago (the job reads our placed_at column) */
    const age = (orderId: string, minutes: number) =>
      pg()("order_lifecycle").where({ order_id: orderId }).update({ placed_at: new Date(Date.now() - minutes * 60_000) })
    /** the money arrives at the platform: the provider's status query will now say paid */
    async function moneyArrives(sessionId: string) {
      const payment = container.resolve(Modules.PAYMENT)
      const s = await payment.retrievePaymentSession(sessionId)
      await payment.updatePaymentSession({ id: s.id, amount: s.amount, currency_code: s.currency_code, data: { ...(s.data ?? {}), paid: true } })
    }
    const reserved = async (item: "tea" | "teapot") =>
      Number((await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: store.inventoryItems[item] }))[0].reserved_quantity)
    const medusaOrder = async (orderId: string) =>
      (await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["status", "payment_status", "payment_collections.status"], filters: { id: orderId } })).data[0] as any

    describe("the release job", () => {
      it("cancels only orders past their provider's timeout, releases stock, closes the trade, and records why", async () => {
        const fresh = await place({ items: [{ variant: "teapot", quantity: 2 }] })
        const old = await place({ items: [{ variant: "teapot", quantity: 3 }] })
        await age(fresh.order_id, 30) // under the 60-minute override
        await age(old.order_id, 90) // over the override, under the 600-minute default
        expect(await reserved("teapot")).toBe(5)
        const report = await releaseUnpaidOrders(container)
        expect(report).toMatchObject({ canceled: 1, paid: 0, failed: [] })
        expect((await lifecycle(fresh.order_id)).payment_status).toBe("pending")
        const l = await lifecycle(old.order_id)
        expect(l.payment_status).toBe("canceled")
        expect(l.history[0]).toMatchObject({ action: "cancel", actor_type: "system", actor_id: "unpaid-order-release", reason: "payment timeout" })
        expect(l.history[0].metadata).toMatchObject({ timeout_minutes: 60 })
        expect(await reserved("teapot")).toBe(2)
        expect((await medusaOrder(old.order_id)).status).toBe("canceled")
        const session = await container.resolve(Modules.PAYMENT).retrievePaymentSession(old.session_id)
        expect(session.status).toBe("canceled")
        expect(session.data).toMatchObject({ closed: true })
      })

      it("takes batch-size orders at a time and drains batch after batch", async () => {
        const orders: Array<{ order_id: string; cart_id: string; session_id: string }> = []
        for (let i = 0; i < 5; i++) orders.push(await place())
        for (const o of orders) await age(o.order_id, 120)
        const report = await releaseUnpaidOrders(container)
        expect(report).toMatchObject({ canceled: 5, batches: 3, failed: [] })
        for (const o of orders) expect((await lifecycle(o.order_id)).payment_status).toBe("canceled")
      })

      it("stops at the run's time budget; the rest waits for the next run", async () => {
        const orders = [await place(), await place(), await place()]
        for (const o of orders) await age(o.order_id, 120)
        const first = await releaseUnpaidOrders(container, { budgetMs: 0 })
        expect(first.batches).toBe(0)
        const second = await releaseUnpaidOrders(container)
        expect(second.canceled).toBe(3)
      })

      it("confirms an order the platform reports as paid instead of canceling it", async () => {
        const placed = await place()
        await age(placed.order_id, 120)
        await moneyArrives(placed.session_id)
        const report = await releaseUnpaidOrders(container)
        expect(report).toMatchObject({ canceled: 0, paid: 1 })
        const l = await lifecycle(placed.order_id)
        expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "holded", paid_minor: 13800 })
        const o = await medusaOrder(placed.order_id)
        expect(o.status).toBe("pending")
        expect(o.payment_collections[0].status).toBe("completed")
      })

      it("a failure on one order is logged and retried next run; the others are released", async () => {
        const bad = await place()
        const good = [await place(), await place()]
        for (const o of [bad, ...good]) await age(o.order_id, 120)
        const payment = container.resolve(Modules.PAYMENT)
        const s = await payment.retrievePaymentSession(bad.session_id)
        await payment.updatePaymentSession({ id: s.id, amount: s.amount, currency_code: s.currency_code, data: { ...(s.data ?? {}), fail_close: true } })
        const report = await releaseUnpaidOrders(container)
        expect(report.canceled).toBe(2)
        expect(report.failed.map((f) => f.order_id)).toEqual([bad.order_id])
        expect(report.failed[0].message).toContain("platform unavailable")
        // the failed order is untouched: still pending, stock still reserved, no cancel in its history
        const l = await lifecycle(bad.order_id)
        expect(l.payment_status).toBe("pending")
        expect(l.history.map((h: any) => h.action)).not.toContain("cancel")
        expect((await medusaOrder(bad.order_id)).status).toBe("pending")
        for (const o of good) expect((await lifecycle(o.order_id)).payment_status).toBe("canceled")
      })

      it("a status query that fails leaves the order alone (never read as unpaid) and is retried next run", async () => {
        const placed = await place()
        await age(placed.order_id, 120)
        const payment = container.resolve(Modules.PAYMENT)
        const s = await payment.retrievePaymentSession(placed.session_id)
        await payment.updatePaymentSession({ id: s.id, amount: s.amount, currency_code: s.currency_code, data: { ...(s.data ?? {}), fail_query: true } })
        const report = await releaseUnpaidOrders(container)
        expect(report.canceled).toBe(0)
        expect(report.failed.map((f) => f.order_id)).toEqual([placed.order_id])
        expect(report.failed[0].message).toContain("platform query timed out")
        expect((await lifecycle(placed.order_id)).payment_status).toBe("pending")
        expect((await medusaOrder(placed.order_id)).status).toBe("pending")
      })

      it("two job runs at once cancel each order exactly once", async () => {
        const orders = [await place(), await place(), await place(), await place()]
        for (const o of orders) await age(o.order_id, 120)
        const [a, b] = await Promise.all([releaseUnpaidOrders(container), releaseUnpaidOrders(container)])
        expect(a.canceled + b.canceled).toBe(4)
        expect([...a.failed, ...b.failed]).toEqual([])
        for (const o of orders) {
          const l = await lifecycle(o.order_id)
          expect(l.history.filter((h: any) => h.action === "cancel")).toHaveLength(1)
        }
      })

      it("is off with releaseUnpaidOrders: false", async () => {
        const placed = await place()
        await age(placed.order_id, 10_000)
        await releaseUnpaidOrdersJob(container)
        expect((await lifecycle(placed.order_id)).payment_status).toBe("pending")
      })
    })

    describe("other cancellations", () => {
      it("a customer cancels their own unpaid order; 401 when not logged in, 404 for someone else's, refused once paid", async () => {
        const { customer, token } = await createCustomerWithToken(container, "buyer1@example.com")
        const other = await createCustomerWithToken(container, "buyer2@example.com")
        const store_ = { "x-publishable-api-key": store.publishableKey }
        const mine = await place({ customer_id: customer.id, email: customer.email, items: [{ variant: "teapot", quantity: 1 }] })
        const url = `/store/order-management/orders/${mine.order_id}/cancel`
        expect((await call("post", url, {}, store_)).status).toBe(401)
        const notMine = await call("post", url, {}, { ...store_, authorization: `Bearer ${other.token}` })
        expect(notMine.status).toBe(404)
        const ok = await call("post", url, { reason: "ordered the wrong size" }, { ...store_, authorization: `Bearer ${token}` })
        expect(ok.status).toBe(200)
        expect(ok.data.order_lifecycle.payment_status).toBe("canceled")
        expect((await lifecycle(mine.order_id)).history[0]).toMatchObject({ actor_type: "customer", actor_id: customer.id, reason: "ordered the wrong size" })
        expect(await reserved("teapot")).toBe(0)

        const paid = await place({ customer_id: customer.id, email: customer.email, provider: "pp_system_default" })
        const captured = waitForSubscribers(container, "payment.captured")
        await payOrder(container, paid)
        await captured
        const refused = await call("post", `/store/order-management/orders/${paid.order_id}/cancel`, {}, { ...store_, authorization: `Bearer ${token}` })
        expect(refused.status).toBe(403)
        expect(refused.data.message).toContain("already paid")
        expect((await lifecycle(paid.order_id)).payment_status).toBe("confirmed")
      })

      it("the system cancel workflow cancels unpaid orders with a reason and refuses activated ones", async () => {
        const unpaid = await place()
        await cancelLifecycleOrderWorkflow(container).run({ input: { order_id: unpaid.order_id, actor: { type: "system", id: "risk" }, reason: "blacklisted device" } })
        expect((await lifecycle(unpaid.order_id)).history[0]).toMatchObject({ action: "cancel", actor_id: "risk", reason: "blacklisted device" })

        const activated = await place({ provider: "pp_system_default" })
        const captured = waitForSubscribers(container, "payment.captured")
        await payOrder(container, activated)
        await captured
        expect((await call("post", `/admin/order-management/orders/${activated.order_id}/actions`, { action: "approve" })).data.message).toBeUndefined()
        expect((await call("post", `/admin/order-management/orders/${activated.order_id}/actions`, { action: "dispatch" })).data.message).toBeUndefined()
        const refused = await cancelLifecycleOrderWorkflow(container)
          .run({ input: { order_id: activated.order_id, actor: { type: "system", id: "risk" }, reason: "x" } })
          .then((r) => ({ ok: true, r }), (e) => ({ ok: false, e }))
        expect([refused.ok, (refused as any).e?.message ?? JSON.stringify((refused as any).r?.result?.lifecycle)]).toEqual([false, expect.stringContaining("already paid and activated")])
        expect((await lifecycle(activated.order_id)).fulfillment_status).toBe("dispatched")
      })
    })

    describe("money that arrives after the cancel", () => {
      async function canceledThenPaid(items: PlaceOrderOptions["items"] = [{ variant: "teapot", quantity: 2 }]) {
        const placed = await place({ items })
        await age(placed.order_id, 120)
        await releaseUnpaidOrders(container)
        expect((await lifecycle(placed.order_id)).payment_status).toBe("canceled")
        await moneyArrives(placed.session_id)
        const result = await applyPlatformPayment(container, { session_id: placed.session_id, amount: 808, platform_transaction_id: "2026112222001" })
        return { placed, result }
      }

      it("opens a paid_after_cancel anomaly and keeps the cancel", async () => {
        const { placed, result } = await canceledThenPaid()
        expect(result.outcome).toBe("paid_after_cancel")
        expect((await lifecycle(placed.order_id)).payment_status).toBe("canceled")
        const list = await call("get", `/admin/order-management/anomalies?order_id=${placed.order_id}`)
        expect(list.data.count).toBe(1)
        expect(list.data.anomalies[0]).toMatchObject({
          type: "paid_after_cancel",
          status: "open",
          amount_minor: 80800,
          currency_code: "cny",
          provider_id: "pp_deferred_deferred",
          platform_transaction_id: "2026112222001",
        })
        expect(list.data.anomalies[0].payment_id).toMatch(/^pay_/)
        // the same notice again changes nothing
        await applyPlatformPayment(container, { session_id: placed.session_id, amount: 808 })
        expect((await call("get", `/admin/order-management/anomalies?order_id=${placed.order_id}`)).data.count).toBe(1)
      })

      it("refund through the provider resolves it", async () => {
        const { placed } = await canceledThenPaid()
        const [anomaly] = (await call("get", `/admin/order-management/anomalies?order_id=${placed.order_id}`)).data.anomalies
        expect((await call("post", `/admin/order-management/anomalies/${anomaly.id}/investigate`, { note: "checking the platform" })).data.anomaly.status).toBe("investigating")
        const res = await call("post", `/admin/order-management/anomalies/${anomaly.id}/resolve`, { resolution: "refund", note: "buyer paid too late" })
        expect([res.status, res.data.message]).toEqual([200, undefined])
        expect(res.data.anomaly).toMatchObject({ status: "resolved", resolution: "refunded", resolution_note: "buyer paid too late" })
        const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
          entity: "order", fields: ["payment_collections.payments.refunds.amount"], filters: { id: placed.order_id },
        })
        const refunds = (o as any).payment_collections.flatMap((c: any) => c.payments.flatMap((p: any) => p.refunds))
        expect(refunds.map((r: any) => Number(r.amount))).toEqual([808])
        const again = await call("post", `/admin/order-management/anomalies/${anomaly.id}/resolve`, { resolution: "refund" })
        expect(again.status).toBe(409)
        expect((await lifecycle(placed.order_id)).payment_status).toBe("canceled")
      })

      it("revive reserves the items again and confirms the order", async () => {
        const { placed } = await canceledThenPaid()
        expect(await reserved("teapot")).toBe(0)
        const [anomaly] = (await call("get", `/admin/order-management/anomalies?order_id=${placed.order_id}`)).data.anomalies
        const res = await call("post", `/admin/order-management/anomalies/${anomaly.id}/resolve`, { resolution: "revive" })
        expect(res.status).toBe(200)
        expect(res.data.anomaly.resolution).toBe("revived")
        expect(await reserved("teapot")).toBe(2)
        const l = await lifecycle(placed.order_id)
        expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "holded" })
        expect(l.history.map((h: any) => h.action)).toEqual(expect.arrayContaining(["revive", "cancel"]))
        expect((await medusaOrder(placed.order_id)).status).toBe("pending")
        // and the revived order can be approved and shipped like any other
        expect((await call("post", `/admin/order-management/orders/${placed.order_id}/actions`, { action: "approve" })).status).toBe(200)
        expect((await call("post", `/admin/order-management/orders/${placed.order_id}/actions`, { action: "dispatch" })).status).toBe(200)
      })

      it("revive is refused, naming the items, when the stock is gone", async () => {
        const { placed } = await canceledThenPaid([{ variant: "teapot", quantity: 4 }])
        // someone else bought 8 of the 10 teapots meanwhile
        await place({ items: [{ variant: "teapot", quantity: 8 }] })
        const [anomaly] = (await call("get", `/admin/order-management/anomalies?order_id=${placed.order_id}`)).data.anomalies
        const res = await call("post", `/admin/order-management/anomalies/${anomaly.id}/resolve`, { resolution: "revive" })
        expect(res.status).toBe(409)
        expect(res.data.message).toContain("Yixing clay teapot (needs 4, 2 available)")
        expect((await lifecycle(placed.order_id)).payment_status).toBe("canceled")
        expect(await reserved("teapot")).toBe(8)
        expect((await call("get", `/admin/order-management/anomalies?order_id=${placed.order_id}`)).data.anomalies[0].status).toBe("open")
      })

      it("50 races of the job against a late payment lose no payment", async () => {
        const outcomes = { confirmed: 0, anomaly: 0 }
        let retried = 0
        for (let i = 0; i < 50; i++) {
          const placed = await place({ items: [{ variant: "membership", quantity: 1 }] })
          await age(placed.order_id, 120)
          const pay = async () => {
            await moneyArrives(placed.session_id)
            await applyPlatformPayment(container, { session_id: placed.session_id, amount: 199 })
          }
          // alternate which side starts first, so both interleavings are exercised
          const [paid, job] =
            i % 2 === 0
              ? await Promise.allSettled([pay(), releaseUnpaidOrder(container, placed.order_id)])
              : await Promise.allSettled([releaseUnpaidOrder(container, placed.order_id), pay()]).then(([j, p]) => [p, j])
          if (paid.status === "rejected") {
            // a platform retries a notify that got an error; the retry must go through
            retried++
            await applyPlatformPayment(container, { session_id: placed.session_id, amount: 199 })
          }
          // a paid order is either confirmed, or canceled with the money on an open anomaly — never neither
          const l = await lifecycle(placed.order_id)
          const anomalies = (await call("get", `/admin/order-management/anomalies?order_id=${placed.order_id}`)).data.anomalies
          if (l.payment_status === "confirmed") {
            outcomes.confirmed++
            expect(anomalies).toHaveLength(0)
          } else {
            outcomes.anomaly++
            expect(l.payment_status).toBe("canceled")
            expect(anomalies).toHaveLength(1)
            expect(anomalies[0]).toMatchObject({ type: "paid_after_cancel", amount_minor: 19900 })
          }
          expect(job.status === "fulfilled" || (job as PromiseRejectedResult).reason.message.includes("trade already paid")).toBe(true)
        }
        expect(outcomes.confirmed + outcomes.anomaly).toBe(50)
        // the notify and the job are serialized on the order's lock, so no notify has to be retried
        expect(retried).toBe(0)
        console.log(`races: ${outcomes.confirmed} confirmed, ${outcomes.anomaly} canceled with an anomaly, ${retried} notifies retried`)
      })
    })

    describe("paying again", () => {
      it("a customer starts a new payment for an unpaid order", async () => {
        const { customer, token } = await createCustomerWithToken(container, "again@example.com")
        const placed = await place({ customer_id: customer.id, email: customer.email })
        const h = { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${token}` }
        const res = await call("post", `/store/order-management/orders/${placed.order_id}/payment-sessions`, { provider_id: "pp_deferred_deferred" }, h)
        expect(res.status).toBe(201)
        expect(res.data.payment_session.id).not.toBe(placed.session_id)
        // paying the new session confirms the order
        await moneyArrives(res.data.payment_session.id)
        const captured = waitForSubscribers(container, "payment.captured")
        await applyPlatformPayment(container, { session_id: res.data.payment_session.id, amount: 138 })
        await captured
        expect((await lifecycle(placed.order_id)).payment_status).toBe("confirmed")
        const again = await call("post", `/store/order-management/orders/${placed.order_id}/payment-sessions`, { provider_id: "pp_deferred_deferred" }, h)
        expect(again.status).toBe(409)
        expect(again.data.message).toContain("confirmed")
      })

      it("a guest turns a canceled order back into a cart with the same items", async () => {
        const placed = await place({ email: "guest@example.com", items: [{ variant: "tea", quantity: 2 }, { variant: "membership", quantity: 1 }] })
        const h = { "x-publishable-api-key": store.publishableKey }
        const early = await call("post", `/store/order-management/orders/${placed.order_id}/reorder`, { email: "guest@example.com" }, h)
        expect(early.status).toBe(409)
        expect(early.data.message).toContain("pay it again")
        await call("post", `/admin/order-management/orders/${placed.order_id}/actions`, { action: "cancel", reason: "payment failed" })
        expect((await call("post", `/store/order-management/orders/${placed.order_id}/reorder`, { email: "someone@example.com" }, h)).status).toBe(404)
        const res = await call("post", `/store/order-management/orders/${placed.order_id}/reorder`, { email: "GUEST@example.com" }, h)
        expect(res.status).toBe(201)
        expect(res.data.skipped).toEqual([])
        const { data: { cart } } = await api.get(`/store/carts/${res.data.cart_id}`, { headers: h })
        expect(cart.email).toBe("guest@example.com")
        expect(cart.items.map((i: any) => [i.product_title, i.quantity]).sort()).toEqual([["Longjing green tea", 2], ["Tea club membership (1 year)", 1]])
        expect(cart.shipping_address.city).toBe("Shanghai")
      })
    })
  },
})
