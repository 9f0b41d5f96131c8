import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { CN_PROVIDERS, CnGateways, startCnGateways } from "../helpers/cn-gateways"
import { completeStoreCart, startStoreCheckout } from "../helpers/store-checkout"
import { processPaymentEvent, receivePlatformReport } from "../../src/workflows/payment-inbox"
import { retryPaymentEvents } from "../../src/jobs/retry-payment-events"
import { readOrderForSync, readOrderForSyncFromModules } from "../../src/workflows/utils/read-order-for-sync"
import { paymentStateOf } from "../../src/workflows/utils/medusa-payment-state"
import { syncOrdersAfterPaymentCaptured } from "../../src/workflows/sync-order"

jest.setTimeout(300 * 1000)

// Issue 13: a stored callback is applied exactly once, whoever gets to it first: the worker's subscriber, a buyer's
// poll of the store route (which applies it at once instead of waiting for the queue), or the retry job after a
// worker died holding it. And the sync's SQL read of an order agrees with Medusa's modules.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
const ALIPAY = "pp_alipay_alipay"

let gw: CnGateways
beforeAll(async () => {
  gw = await startCnGateways()
})
afterAll(async () => {
  await gw?.close()
})
afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>

    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: CN_PROVIDERS, stock: 20 })
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const lifecycle = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle
    const captures = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.captures.id"], filters: { id: orderId } })
      return (o as any).payment_collections.flatMap((c: any) => c.payments.flatMap((p: any) => p.captures)).length
    }

    /** An order placed unpaid whose Alipay trade is paid at the platform, and the verified notify stored in the inbox but not yet applied (as when the worker's queue is long). */
    async function queuedPayment(email: string) {
      const { token } = await createCustomerWithToken(container, email)
      const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: ALIPAY, data: { method: "qr" }, token })
      const order_id = await completeStoreCart(api, container, c.cart_id, c.headers)
      const { trade } = await gw.alipay.pay(c.session.data.out_trade_no, { notify: false })
      const payment = container.resolve("payment" as any) as any
      const r = await payment.getWebhookActionAndData({ provider: ALIPAY, payload: { data: {}, rawData: Buffer.from(new URLSearchParams(gw.alipay.notifyParams(trade)).toString()), headers: {} } })
      const { event, claimed } = await receivePlatformReport(container, { ...r.order_management.report, provider: ALIPAY }, "callback")
      expect(claimed).toBe(true)
      return { order_id, event_id: event.id as string, headers: c.headers }
    }

    it("a buyer polling the store route sees the order paid as soon as the money is verified; the worker then applies nothing twice", async () => {
      const q = await queuedPayment("poller@example.com")
      expect((await lifecycle(q.order_id)).payment_status).toBe("pending")
      const polled = await api.get(`/store/order-management/orders/${q.order_id}/payment`, { headers: q.headers })
      expect(polled.data).toMatchObject({ payment_status: "confirmed", paid: true })
      // the worker's turn comes: the event is already applied, it is skipped
      expect(await processPaymentEvent(container, q.event_id)).toMatchObject({ status: "duplicate" })
      expect(await captures(q.order_id)).toBe(1)
      const [stored] = await (container.resolve("order_management") as any).listPaymentEventsFor({ order_id: q.order_id })
      expect(stored).toMatchObject({ status: "processed", outcome: "captured", attempts: 1 })
    })

    it("two appliers of one stored event at once: exactly one applies it", async () => {
      const q = await queuedPayment("twice@example.com")
      const results = await Promise.all([processPaymentEvent(container, q.event_id), processPaymentEvent(container, q.event_id), processPaymentEvent(container, q.event_id)])
      expect(results.map((r) => r.status).sort()).toEqual(["duplicate", "duplicate", "processed"])
      expect(await captures(q.order_id)).toBe(1)
      expect((await lifecycle(q.order_id)).payment_status).toBe("confirmed")
    })

    it("an event a worker claimed and then died holding is taken over by the retry job after two minutes, once", async () => {
      const q = await queuedPayment("dead-worker@example.com")
      const om = container.resolve("order_management") as any
      // the dead worker's claim: processing, never finished
      expect(await om.claimPaymentEvent(q.event_id)).toMatchObject({ status: "processing" })
      expect(await processPaymentEvent(container, q.event_id)).toMatchObject({ status: "duplicate" })
      expect(await retryPaymentEvents(container, new Date(Date.now() + 30_000))).toEqual([])
      // a retry worker that claims it (its clock three minutes on) and dies too: a second worker on the same clock finds nothing to claim
      const later = new Date(Date.now() + 3 * 60_000)
      const claimAt = (now: Date) => om.claimRetryablePaymentEvents(new Date(now.getTime() - 2 * 60_000), 10, 50, now)
      expect((await claimAt(later)).map((e: any) => e.id)).toEqual([q.event_id])
      expect(await claimAt(later)).toEqual([])
      // two minutes after that claim, two retry jobs at once: one applies it
      const muchLater = new Date(later.getTime() + 3 * 60_000)
      const [first, second] = await Promise.all([retryPaymentEvents(container, muchLater), retryPaymentEvents(container, muchLater)])
      expect([...first, ...second]).toEqual([expect.objectContaining({ status: "processed", outcome: "captured" })])
      expect(await captures(q.order_id)).toBe(1)
      expect((await lifecycle(q.order_id)).payment_status).toBe("confirmed")
    })

    it("payment.captured on a worker that did not apply the payment: nothing to sync when the lifecycle shows the capture, a sync when it does not", async () => {
      const q = await queuedPayment("second-worker@example.com")
      await processPaymentEvent(container, q.event_id)
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: q.order_id } })
      const paymentId = (o as any).payment_collections[0].payments[0].id
      // what a second worker receives: the lifecycle already shows the capture (one SQL statement decides)
      expect(await syncOrdersAfterPaymentCaptured(container, paymentId)).toEqual([])
      // a lifecycle that missed it (say, a capture made in Medusa's admin): synced to confirmed
      await (container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any)("order_lifecycle").where({ order_id: q.order_id }).update({ payment_status: "pending", paid_minor: 0, raw_paid_minor: { value: "0", precision: 20 }, paid_at: null, fulfillment_status: null, review_mode: null })
      expect(await syncOrdersAfterPaymentCaptured(container, paymentId)).toEqual([q.order_id])
      expect(await lifecycle(q.order_id)).toMatchObject({ payment_status: "confirmed", paid_minor: 13800 })
      expect(await syncOrdersAfterPaymentCaptured(container, "pay_missing")).toEqual([])
    })

    it("the sync's one SQL read of an order returns what Medusa's modules return (products included): unpaid, paid, canceled, missing", async () => {
      const same = async (orderId: string) => {
        const sql = await readOrderForSync(container, orderId)
        expect(sql).toEqual(await readOrderForSyncFromModules(container, orderId))
        return sql
      }
      const q = await queuedPayment("shape@example.com")
      // unpaid: an open session with its QR data, nothing captured, the whole total outstanding
      const unpaid = await same(q.order_id)
      expect(unpaid.payment_collections).toEqual([expect.objectContaining({ captured_amount: "0", payment_sessions: [expect.objectContaining({ provider_id: ALIPAY, data: expect.objectContaining({ method: "qr" }) })] })])
      expect(paymentStateOf(unpaid)).toMatchObject({ target: "pending", paid_minor: 0 })
      // the products of the current items (the list's product filter), read the same both ways
      expect(unpaid.product_ids).toEqual([expect.stringMatching(/^prod_/)])
      await processPaymentEvent(container, q.event_id)
      const paid = await same(q.order_id)
      expect(paymentStateOf(paid)).toMatchObject({ target: "confirmed", outstanding_minor: 0 })
      expect(paid.payment_collections![0]!.payments).toEqual([expect.objectContaining({ provider_id: ALIPAY })])
      // an unpaid order canceled in Medusa: status canceled in both reads, the session canceled with it
      const other = await queuedPayment("shape-cancel@example.com")
      expect((await api.post(`/admin/orders/${other.order_id}/cancel`, {}, { headers: admin })).status).toBe(200)
      const canceled = await same(other.order_id)
      // nothing is owed on a canceled order, though Medusa's summary still carries the total as pending
      expect(paymentStateOf(canceled)).toMatchObject({ target: "canceled", paid_minor: 0, outstanding_minor: 0 })
      expect(Number((canceled.summary as any)?.pending_difference ?? (canceled.summary as any)?.totals?.pending_difference)).toBeGreaterThan(0)
      await expect(readOrderForSync(container, "order_missing")).rejects.toThrow("Order id not found")
      await expect(readOrderForSyncFromModules(container, "order_missing")).rejects.toThrow("Order id not found")
    })
  },
})
