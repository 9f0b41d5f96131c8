import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { CryptoGateways, startCryptoGateways } from "../helpers/crypto-gateways"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"
import { ORDER_MANAGEMENT_MODULE } from "../../src/modules/order-management"
import { releaseUnpaidOrder } from "../../src/workflows/release-unpaid-orders"

jest.setTimeout(300 * 1000)

// Issue 12, case 10: crypto as real stores meet it. The wrong coin, a short outcome, a re-deposit (NOWPayments);
// a BTCPay Server that does not report paidAmount, and an invoice the merchant marked settled by hand.
// The rule: money the platform took is never dropped, never applied to the wrong state, never counted twice.
// Every platform message here is in the platform's own wire format, signed as the platform signs it.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
const NOWPAYMENTS = "pp_nowpayments_nowpayments"
const BTCPAY = "pp_btcpay_btcpay"

let gw: CryptoGateways
beforeAll(async () => {
  // tolerance ¥1.00 under / ¥2.00 over, in the order currency
  gw = await startCryptoGateways({ underToleranceMinor: 100, overToleranceMinor: 200 })
})
afterAll(async () => {
  await gw?.close()
})
afterEach(async () => {
  await subscribersIdle()
  gw.btcpay.serverVersion = "2.4.1"
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [NOWPAYMENTS, BTCPAY], stock: 50 })
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const h = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })
    const order = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle
    const anomalies = async (orderId: string) => (await api.get(`/admin/order-management/anomalies?order_id=${orderId}`, { headers: admin })).data.anomalies
    const applied = (count = 1) => waitForSubscribers(container, PAYMENT_EVENT_RECEIVED, count)
    const capturedAmount = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.captures.amount"], filters: { id: orderId } })
      return (o as any).payment_collections.flatMap((c: any) => c.payments.flatMap((p: any) => p.captures.map((x: any) => Number(x.amount))))
    }
    /** the inbox rows (callbacks and queries) of an order, with what was stored of each report */
    const inbox = async (orderId: string) => container.resolve<any>(ORDER_MANAGEMENT_MODULE).listPaymentEventsFor({ order_id: orderId })

    async function checkout(data: Record<string, unknown> = {}, provider = NOWPAYMENTS) {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "hodler@example.com" }, h())
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 1 }, h())
      await api.post(`/store/carts/${cart.id}`, { shipping_address: { first_name: "Satoshi", last_name: "N", address_1: "1 Chain Rd", city: "Shenzhen", country_code: "cn", postal_code: "518000" } }, h())
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      const { data: { payment_collection: pc } } = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: provider, data }, h())
      const placed = waitForSubscribers(container, "order.placed")
      const { data: done } = await api.post(`/store/carts/${cart.id}/complete`, {}, h())
      expect(done.type).toBe("order")
      await placed
      return { order_id: done.order.id as string, session: pc.payment_sessions[0] }
    }

    /** Move the payment at NOWPayments and wait until its IPN was applied. */
    async function advance(paymentId: string, o: Record<string, unknown>) {
      const done = applied()
      const r = await gw.nowpayments.advance(paymentId, { ...o, variant: { retry: false } })
      expect(r.status).toBe(200)
      await done
    }
    /** A further deposit to the payment's address, as NOWPayments reports it (parent_payment_id, no order_id). */
    async function deposit(paymentId: string, o: Record<string, unknown>) {
      const done = applied()
      const r = await gw.nowpayments.child(paymentId, o)
      expect(r.status).toBe(200)
      await done
      return r.sentBody
    }

    describe("NOWPayments", () => {
      it("crypto: a deposit in another asset or network is an anomaly, never captured", async () => {
        // the buyer sends USDT on BSC to the TRC20 address; NOWPayments auto-processes it: a child payment, finished
        const bsc = await checkout()
        expect(bsc.session.data.pay_currency).toBe("usdttrc20")
        const child = await deposit(bsc.session.data.payment_id, { fraction: "1", payCurrency: "usdtbsc", status: "finished" })
        expect(child).toMatchObject({ order_id: null, parent_payment_id: Number(bsc.session.data.payment_id), pay_currency: "usdtbsc", payment_status: "finished" })
        expect(await anomalies(bsc.order_id)).toEqual([
          expect.objectContaining({ type: "currency_mismatch", status: "open", platform_transaction_id: String(child.payment_id), amount_minor: 40900 }),
        ])
        expect((await anomalies(bsc.order_id))[0].metadata.reason).toBe("paid in usdtbsc, the payment asked for usdttrc20 (another coin or network)")
        expect(await capturedAmount(bsc.order_id)).toEqual([])
        // a deposit to look at, not a suspect order: it waits for a person
        expect(await order(bsc.order_id)).toMatchObject({ payment_status: "pending" })
        // the order's own payment was never paid: a status query does not take the deposit for it either
        const synced = await api.post(`/admin/order-management/orders/${bsc.order_id}/sync-payment`, {}, { headers: admin })
        expect(synced.data.sessions).toEqual([expect.objectContaining({ platform_status: "unpaid" })])
        expect(await capturedAmount(bsc.order_id)).toEqual([])

        // NOWPayments reports the order's own payment as made in another coin: the same anomaly, on the callback
        // path, on a status query and in the unpaid-order job (which asks the provider directly)
        const self = await checkout()
        await advance(self.session.data.payment_id, { status: "finished", payCurrency: "usdterc20" })
        expect(await anomalies(self.order_id)).toEqual([expect.objectContaining({ type: "currency_mismatch", platform_transaction_id: self.session.data.payment_id })])
        expect((await anomalies(self.order_id))[0].metadata.reason).toBe("paid in usdterc20, the payment asked for usdttrc20 (another coin or network)")
        await api.post(`/admin/order-management/orders/${self.order_id}/sync-payment`, {}, { headers: admin })
        // the unpaid-order job never releases an order with money to judge: it holds it for an admin
        expect(await releaseUnpaidOrder(container, self.order_id, new Date(Date.now() + 11 * 3600_000))).toBe("held")
        expect(await capturedAmount(self.order_id)).toEqual([])
        expect(await order(self.order_id)).toMatchObject({ payment_status: "pending", on_hold: true })
        expect((await order(self.order_id)).hold_reason).toMatch(/an open currency_mismatch anomaly concerns/)

        // a wrong-asset deposit NOWPayments could not process (status failed, nothing settled): NOWPayments holds the
        // money, so it is recorded too, never dropped
        const held = await checkout()
        const failed = await deposit(held.session.data.payment_id, { fraction: "1", payCurrency: "trx", status: "failed" })
        expect(failed).toMatchObject({ payment_status: "failed", outcome_amount: null })
        expect(await anomalies(held.order_id)).toEqual([expect.objectContaining({ type: "currency_mismatch", platform_transaction_id: String(failed.payment_id) })])
        expect((await anomalies(held.order_id))[0].metadata.reason).toBe(
          "paid in trx, the payment asked for usdttrc20 (another coin or network); NOWPayments could not process it (status failed) and holds the money"
        )
        expect(await capturedAmount(held.order_id)).toEqual([])
      })

      it("crypto: a repeated deposit (child payment) is a duplicate_payment, never a second capture", async () => {
        // paid in full, then the buyer sends half again to the same address
        const paid = await checkout()
        await advance(paid.session.data.payment_id, { status: "finished" })
        expect(await capturedAmount(paid.order_id)).toEqual([409])
        const again = await deposit(paid.session.data.payment_id, { fraction: "0.5", status: "finished" })
        expect(again).toMatchObject({ order_id: null, invoice_id: null, price_amount: 204.5, pay_currency: "usdttrc20" })
        expect(await anomalies(paid.order_id)).toEqual([
          expect.objectContaining({ type: "duplicate_payment", platform_transaction_id: String(again.payment_id), amount_minor: 20450 }),
        ])
        expect(await capturedAmount(paid.order_id)).toEqual([409])
        expect(await order(paid.order_id)).toMatchObject({ payment_status: "confirmed" })

        // a deposit before the order's own payment arrived is not taken for it, and does not make the order a suspect
        const early = await checkout()
        const first = await deposit(early.session.data.payment_id, { fraction: "1", status: "partially_paid" })
        expect(await anomalies(early.order_id)).toEqual([expect.objectContaining({ type: "duplicate_payment", platform_transaction_id: String(first.payment_id) })])
        expect(await order(early.order_id)).toMatchObject({ payment_status: "pending" })
        expect(await capturedAmount(early.order_id)).toEqual([])

        // a hosted invoice's payment: the re-deposit names neither invoice nor order either
        const hosted = await checkout({ mode: "invoice" })
        const p = gw.nowpayments.pickCoin(hosted.session.data.invoice_id, "usdttrc20")
        await advance(p.payment_id, { status: "finished" })
        expect(await capturedAmount(hosted.order_id)).toEqual([409])
        const more = await deposit(p.payment_id, { fraction: "0.1", status: "finished" })
        expect(await anomalies(hosted.order_id)).toEqual([expect.objectContaining({ type: "duplicate_payment", platform_transaction_id: String(more.payment_id), amount_minor: 4090 })])
        expect(await capturedAmount(hosted.order_id)).toEqual([409])
      })

      it("crypto: a finished payment whose outcome falls short is an anomaly, never captured", async () => {
        // NOWPayments says finished and actually_paid is in full, but only 20 USDT reached the merchant's wallet
        const short = await checkout()
        await advance(short.session.data.payment_id, { status: "finished", outcomeAmount: "20" })
        const [a] = await anomalies(short.order_id)
        expect(a).toMatchObject({ type: "amount_mismatch", status: "open" })
        expect(a.metadata.reason).toBe("underpaid by 26407 minor units (tolerance 100); NOWPayments settled 20 usdttrc20 of the 56.442 usdttrc20 asked")
        expect(await capturedAmount(short.order_id)).toEqual([])
        expect(await order(short.order_id)).toMatchObject({ payment_status: "pending" })
        // a status query comes to the same answer
        const synced = await api.post(`/admin/order-management/orders/${short.order_id}/sync-payment`, {}, { headers: admin })
        expect(synced.data.sessions).toEqual([expect.objectContaining({ platform_status: "paid", outcome: "amount_mismatch" })])
        expect(await capturedAmount(short.order_id)).toEqual([])

        // finished, but nothing settled (outcome_amount null): nothing is captured
        const none = await checkout()
        await advance(none.session.data.payment_id, { status: "finished", outcomeAmount: null })
        expect((await anomalies(none.order_id))[0].metadata.reason).toBe("underpaid by 40900 minor units (tolerance 100); NOWPayments settled nothing of the 56.442 usdttrc20 asked")
        expect(await capturedAmount(none.order_id)).toEqual([])

        // short only by the fees NOWPayments itemises with the payment: paid in full, captured
        const fees = await checkout()
        await advance(fees.session.data.payment_id, { status: "finished", fees: { serviceFee: "0.28221", depositFee: "1" } })
        expect(gw.nowpayments.payments.get(fees.session.data.payment_id).outcome_amount).toBe("55.15979")
        expect(await anomalies(fees.order_id)).toEqual([])
        expect(await capturedAmount(fees.order_id)).toEqual([409])
      })
    })

    describe("BTCPay Server", () => {
      /** run a BTCPay action and wait until each webhook it sends (that the route stores) was applied */
      async function step(fn: () => Promise<unknown>, stored = 1) {
        const done = waitForSubscribers(container, PAYMENT_EVENT_RECEIVED, stored)
        await fn()
        await done
      }

      it("crypto: a BTCPay server that sends no paidAmount (before 2.1.2) is read from the invoice's payment methods", async () => {
        // 1.x: methods named paymentMethod / cryptoCode; paid in full and settled: captured, not "100% underpaid"
        gw.btcpay.serverVersion = "1.12.5"
        const v1 = await checkout({}, BTCPAY)
        await step(() => gw.btcpay.pay(v1.session.data.invoice_id, { variant: { retry: false } }))
        await step(() => gw.btcpay.settle(v1.session.data.invoice_id, { retry: false }))
        expect(gw.btcpay.invoices.get(v1.session.data.invoice_id)).toMatchObject({ status: "Settled" })
        expect(await anomalies(v1.order_id)).toEqual([])
        expect(await capturedAmount(v1.order_id)).toEqual([409])
        expect(await order(v1.order_id)).toMatchObject({ payment_status: "confirmed" })

        // 2.0: methods named paymentMethodId / currency; half paid at expiry: short by exactly half
        gw.btcpay.serverVersion = "2.0.0"
        const v2 = await checkout({}, BTCPAY)
        await step(() => gw.btcpay.pay(v2.session.data.invoice_id, { fraction: "0.5", variant: { retry: false } }))
        await step(() => gw.btcpay.expire(v2.session.data.invoice_id, { retry: false }))
        expect(await anomalies(v2.order_id)).toEqual([expect.objectContaining({ type: "amount_mismatch" })])
        expect((await anomalies(v2.order_id))[0].metadata.reason).toBe("underpaid by 20450 minor units (tolerance 100)")
        expect(await capturedAmount(v2.order_id)).toEqual([])
        // the status query reads the same
        const synced = await api.post(`/admin/order-management/orders/${v2.order_id}/sync-payment`, {}, { headers: admin })
        expect(synced.data.sessions).toEqual([expect.objectContaining({ platform_status: "paid" })])
        expect(await capturedAmount(v2.order_id)).toEqual([])
      })

      it("crypto: an invoice marked settled by hand at BTCPay is captured and shown as a manual settlement", async () => {
        // half paid, then the merchant marks the invoice settled in BTCPay: the merchant's decision, captured, and said so
        const half = await checkout({}, BTCPAY)
        await step(() => gw.btcpay.pay(half.session.data.invoice_id, { fraction: "0.5", variant: { retry: false } }))
        expect(await order(half.order_id)).toMatchObject({ payment_status: "pending" })
        await step(() => gw.btcpay.markSettled(half.session.data.invoice_id, { retry: false }))
        expect(gw.btcpay.deliveries.at(-1)).toMatchObject({ status: 200 })
        expect(await capturedAmount(half.order_id)).toEqual([409])
        expect(await anomalies(half.order_id)).toEqual([])
        const o = await order(half.order_id)
        expect(o).toMatchObject({ payment_status: "confirmed" })
        const marked = o.history.filter((x: any) => x.action === "payment_settled_by_merchant")
        expect(marked).toEqual([expect.objectContaining({ actor_type: "gateway", actor_id: BTCPAY })])
        expect(marked[0].reason).toBe("marked settled by hand at BTCPay; BTCPay saw 204.50 of 409.00 CNY paid")
        const [event] = (await inbox(half.order_id)).filter((e: any) => e.outcome === "captured")
        expect(event.payload).toMatchObject({ additional_status: "Marked", settled_by_merchant: "marked settled by hand at BTCPay; BTCPay saw 204.50 of 409.00 CNY paid" })
        // a status query afterwards captures nothing more and writes no second line
        await api.post(`/admin/order-management/orders/${half.order_id}/sync-payment`, {}, { headers: admin })
        expect(await capturedAmount(half.order_id)).toEqual([409])
        expect((await order(half.order_id)).history.filter((x: any) => x.action === "payment_settled_by_merchant")).toHaveLength(1)

        // paid in full but still confirming, marked settled so the goods can go now: captured, also said so
        const early = await checkout({}, BTCPAY)
        await step(() => gw.btcpay.pay(early.session.data.invoice_id, { variant: { retry: false } }))
        expect(await order(early.order_id)).toMatchObject({ payment_status: "processing" })
        await step(() => gw.btcpay.markSettled(early.session.data.invoice_id, { retry: false }))
        expect(await capturedAmount(early.order_id)).toEqual([409])
        expect((await order(early.order_id)).history.find((x: any) => x.action === "payment_settled_by_merchant").reason).toBe("marked settled by hand at BTCPay; BTCPay saw 409.00 of 409.00 CNY paid")
      })
    })
  },
})
