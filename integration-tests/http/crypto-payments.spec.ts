import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { CryptoGateways, startCryptoGateways } from "../helpers/crypto-gateways"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"
import { releaseUnpaidOrder } from "../../src/workflows/release-unpaid-orders"

jest.setTimeout(300 * 1000)

// USDT through NOWPayments against the local simulator: HMAC-SHA512 IPNs, re-query before trust,
// tolerance ¥1.00 under / ¥2.00 over in the order currency.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
let gw: CryptoGateways
beforeAll(async () => {
  gw = await startCryptoGateways({ underToleranceMinor: 100, overToleranceMinor: 200 })
})
afterAll(async () => {
  await gw?.close()
})

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
      store = await seedStore(container, { cnyProviders: ["pp_nowpayments_nowpayments", "pp_btcpay_btcpay"], stock: 50 })
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const h = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })
    const lifecycle = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle
    const anomalies = async (orderId: string) => (await api.get(`/admin/order-management/anomalies?order_id=${orderId}`, { headers: admin })).data.anomalies
    const applied = () => waitForSubscribers(container, PAYMENT_EVENT_RECEIVED)
    const capturedAmount = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.captures.amount"], filters: { id: orderId } })
      return (o as any).payment_collections.flatMap((c: any) => c.payments.flatMap((p: any) => p.captures.map((x: any) => Number(x.amount))))
    }

    async function checkout(data: Record<string, unknown> = {}, provider = "pp_nowpayments_nowpayments") {
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
      const r = await gw.nowpayments.advance(paymentId, { ...o, variant: { retry: false, ...((o.variant as any) ?? {}) } })
      expect(r.status).toBe(200)
      await done
      return r
    }

    it("USDT: address and amount shown; confirming stays pending, confirmed is processing, finished confirms and captures", async () => {
      const { order_id, session } = await checkout()
      expect(session.data).toMatchObject({ pay_currency: "usdttrc20", pay_amount: "56.442", method: "crypto", amount_minor: 40900 })
      expect(session.data.qr_code).toBe(`usdttrc20:${session.data.pay_address}?amount=56.442`)
      const id = session.data.payment_id
      await advance(id, { status: "confirming" })
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
      await advance(id, { status: "confirmed" })
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "processing" })
      expect(await capturedAmount(order_id)).toEqual([])
      await advance(id, { status: "finished" })
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
      expect(await capturedAmount(order_id)).toEqual([409])
    })

    it("BTC as the storefront's choice; an unsupported coin is refused with a 4xx naming the allowed ones", async () => {
      const { session } = await checkout({ pay_currency: "btc" })
      expect(session.data).toMatchObject({ pay_currency: "btc", pay_amount: "0.000613" })
      expect(session.data.qr_code).toMatch(/^bitcoin:/)
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      const bad = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_nowpayments_nowpayments", data: { pay_currency: "doge" } }, h()).catch((e: any) => e.response)
      expect(bad.status).toBeGreaterThanOrEqual(400)
      expect(bad.status).toBeLessThan(500)
      expect(bad.data.message).toMatch(/pay_currency must be one of usdttrc20, btc/)
    })

    it("underpaid: within tolerance it counts; beyond it, an anomaly and no capture (the order stays pending for a top-up)", async () => {
      const short = await checkout()
      await advance(short.session.data.payment_id, { status: "partially_paid", fraction: "0.5" })
      expect(await lifecycle(short.order_id)).toMatchObject({ payment_status: "pending" })
      expect(await capturedAmount(short.order_id)).toEqual([])
      const [a] = await anomalies(short.order_id)
      expect(a).toMatchObject({ type: "amount_mismatch", status: "open" })
      expect(a.metadata.reason).toBe("underpaid by 20450 minor units (tolerance 100)")

      const nearly = await checkout()
      // 0.999 of the amount: ¥0.41 short, within the ¥1.00 tolerance
      await advance(nearly.session.data.payment_id, { status: "finished", fraction: "0.999" })
      expect(await lifecycle(nearly.order_id)).toMatchObject({ payment_status: "confirmed" })
      expect(await capturedAmount(nearly.order_id)).toEqual([409])
    })

    it("overpaid beyond tolerance, paid after expiry, and a child payment each open an anomaly and capture nothing", async () => {
      const over = await checkout()
      await advance(over.session.data.payment_id, { status: "finished", fraction: "1.1" })
      expect(await capturedAmount(over.order_id)).toEqual([])
      expect((await anomalies(over.order_id))[0].metadata.reason).toBe("overpaid by 4090 minor units (tolerance 200)")

      const late = await checkout()
      await advance(late.session.data.payment_id, { status: "finished", late: true })
      expect(await capturedAmount(late.order_id)).toEqual([])
      expect(await anomalies(late.order_id)).toEqual([expect.objectContaining({ type: "paid_late" })])
      expect(await lifecycle(late.order_id)).toMatchObject({ payment_status: "pending" })

      const paid = await checkout()
      await advance(paid.session.data.payment_id, { status: "finished" })
      expect(await lifecycle(paid.order_id)).toMatchObject({ payment_status: "confirmed" })
      const done = applied()
      await gw.nowpayments.child(paid.session.data.payment_id, { fraction: "0.5" })
      await done
      expect(await anomalies(paid.order_id)).toEqual([expect.objectContaining({ type: "duplicate_payment" })])
      expect(await capturedAmount(paid.order_id)).toEqual([409])
    })

    it("forged IPNs are refused; a replayed or lying IPN is answered by the re-query; the older signing form is accepted", async () => {
      const { order_id, session } = await checkout()
      const id = session.data.payment_id
      const p = gw.nowpayments.payments.get(id)
      for (const variant of [{ tamper: true }, { secret: "not-the-secret" }]) {
        const r = await gw.nowpayments.notify(id, { ...variant, retry: false })
        expect([variant, r.status, JSON.parse(r.body).code]).toEqual([variant, 401, "FAIL"])
      }
      // validly signed, but claiming "finished" while NOWPayments says "waiting": nothing is captured
      const done = applied()
      const lie = await gw.nowpayments.notify(id, { body: { ...p, payment_status: "finished", actually_paid: p.pay_amount }, retry: false })
      expect(lie.status).toBe(200)
      await done
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
      expect(await capturedAmount(order_id)).toEqual([])
      // the older documented canonical form (top-level key whitelist) verifies too
      await advance(id, { status: "finished", variant: { legacy: true } })
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
    })

    it("when the re-query fails the IPN is answered 500 (NOWPayments sends it again) and nothing is stored; the resend is applied", async () => {
      const { order_id, session } = await checkout()
      const id = session.data.payment_id
      gw.nowpayments.failNext = true
      const first = await gw.nowpayments.advance(id, { status: "finished", variant: { retry: false } })
      expect(first.status).toBe(500)
      expect(JSON.parse(first.body)).toMatchObject({ code: "FAIL" })
      expect((await api.get(`/admin/order-management/orders/${order_id}/payment`, { headers: admin })).data.events).toEqual([])
      const done = applied()
      expect((await gw.nowpayments.notify(id, { retry: false })).status).toBe(200)
      await done
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
    })

    it("a refund is recorded as a manual task (NOWPayments has no refund API)", async () => {
      const { order_id, session } = await checkout()
      await advance(session.data.payment_id, { status: "finished" })
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: order_id } })
      const payment = await container.resolve(Modules.PAYMENT).refundPayment({ payment_id: (o as any).payment_collections[0].payments[0].id, amount: 100 })
      expect((payment.data as any).manual_refunds).toEqual([expect.objectContaining({ amount_minor: 10000, currency: "CNY", status: "manual_task" })])
    })

    describe("NOWPayments hosted invoice", () => {
      const sessionData = async (sessionId: string) => (await container.resolve(Modules.PAYMENT).retrievePaymentSession(sessionId)).data as any
      /** the buyer picks a coin on the invoice page; NOWPayments sends the new payment's "waiting" IPN */
      async function pick(invoiceId: string, coin: string) {
        const p = gw.nowpayments.pickCoin(invoiceId, coin)
        const done = applied()
        expect((await gw.nowpayments.notify(p.payment_id, { retry: false })).status).toBe(200)
        await done
        return p
      }

      it("the buyer picks the coin on NOWPayments' page; each payment's IPN binds it to the session (a coin switched before paying too); finished captures", async () => {
        const { order_id, session } = await checkout({ mode: "invoice" })
        expect(session.data).toMatchObject({ method: "crypto_invoice", amount_minor: 40900, currency: "CNY", pay_url: `${gw.nowpayments.baseUrl}/invoice/${session.data.invoice_id}` })
        expect(session.data.payment_id).toBeUndefined()
        const page = await fetch(session.data.pay_url)
        expect([page.status, /Pay with usdttrc20/.test(await page.text())]).toEqual([200, true])
        expect(gw.nowpayments.invoices.get(session.data.invoice_id)).toMatchObject({ order_id: session.data.out_trade_no, price_amount: "409", price_currency: "cny" })

        const usdt = await pick(session.data.invoice_id, "usdttrc20")
        expect(await sessionData(session.id)).toMatchObject({ payment_id: usdt.payment_id, pay_currency: "usdttrc20" })
        // nothing paid yet: the buyer goes back and picks BTC instead; the session follows the new payment
        const btc = await pick(session.data.invoice_id, "btc")
        expect(await sessionData(session.id)).toMatchObject({ payment_id: btc.payment_id, pay_currency: "btc", pay_amount: btc.pay_amount })
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
        await advance(btc.payment_id, { status: "finished" })
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
        expect(await capturedAmount(order_id)).toEqual([409])
      })

      it("a lost IPN is found through the list API by the sync action; a second payment for the same invoice is a duplicate_payment anomaly, never a second capture", async () => {
        const { order_id, session } = await checkout({ mode: "invoice" })
        const first = gw.nowpayments.pickCoin(session.data.invoice_id, "usdttrc20")
        await gw.nowpayments.advance(first.payment_id, { status: "finished", notify: false })
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
        const synced = await api.post(`/admin/order-management/orders/${order_id}/sync-payment`, {}, { headers: admin })
        expect(synced.data.sessions).toEqual([expect.objectContaining({ platform_status: "paid", outcome: "captured" })])
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
        expect(await sessionData(session.id)).toMatchObject({ payment_id: first.payment_id })

        // the buyer opens the invoice again and pays once more, in BTC
        const second = await pick(session.data.invoice_id, "btc")
        await advance(second.payment_id, { status: "finished" })
        expect(await capturedAmount(order_id)).toEqual([409])
        expect(await anomalies(order_id)).toEqual([expect.objectContaining({ type: "duplicate_payment", platform_transaction_id: second.payment_id })])
        expect(await sessionData(session.id)).toMatchObject({ payment_id: first.payment_id })
      })

      it("the unpaid-order job finds an invoice paid without an IPN (list API): it captures instead of canceling, and binds the payment", async () => {
        const { order_id, session } = await checkout({ mode: "invoice" })
        const p = gw.nowpayments.pickCoin(session.data.invoice_id, "usdttrc20")
        await gw.nowpayments.advance(p.payment_id, { status: "finished", notify: false })
        expect(await releaseUnpaidOrder(container, order_id, new Date(Date.now() + 11 * 3600_000))).toBe("paid")
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
        expect(await capturedAmount(order_id)).toEqual([409])
        expect(await sessionData(session.id)).toMatchObject({ payment_id: p.payment_id })
        // so a later payment of the same invoice is a second one, not silently taken for this one
        const again = await pick(session.data.invoice_id, "btc")
        await advance(again.payment_id, { status: "finished" })
        expect(await anomalies(order_id)).toEqual([expect.objectContaining({ type: "duplicate_payment" })])
        expect(await capturedAmount(order_id)).toEqual([409])
      })

      it("an IPN naming a payment of another invoice is refused by the provider and binds nothing", async () => {
        const a = await checkout({ mode: "invoice" })
        const b = await checkout({ mode: "invoice" })
        const pb = gw.nowpayments.pickCoin(b.session.data.invoice_id, "usdttrc20")
        // a forged order_id pointing at A's session, signed with the real secret (an insider or a leaked secret)
        const forged = { ...gw.nowpayments.payments.get(pb.payment_id) }
        forged.order_id = a.session.data.out_trade_no
        gw.nowpayments.payments.set(pb.payment_id, forged)
        const done = applied()
        await gw.nowpayments.notify(pb.payment_id, { retry: false })
        await done
        expect((await sessionData(a.session.id)).payment_id).toBeUndefined()
        expect(await lifecycle(a.order_id)).toMatchObject({ payment_status: "pending" })
        const events = (await api.get(`/admin/order-management/orders/${a.order_id}/payment`, { headers: admin })).data.events
        expect(events).toEqual([expect.objectContaining({ status: "ignored", outcome: "foreign_payment" })])
      })
    })

    describe("BTCPay Server", () => {
      const btc = () => checkout({}, "pp_btcpay_btcpay")
      /** run a BTCPay action and wait until each webhook it sends (that the route stores) was applied */
      async function step(fn: () => Promise<unknown>, stored = 1) {
        const done = waitForSubscribers(container, PAYMENT_EVENT_RECEIVED, stored)
        await fn()
        await done
      }

      it("invoice checkout: paid is processing, only InvoiceSettled (re-fetched) confirms and captures", async () => {
        const { order_id, session } = await btc()
        expect(session.data).toMatchObject({ method: "invoice", amount_minor: 40900 })
        expect(session.data.pay_url).toBe(`${gw.btcpay.baseUrl}/i/${session.data.invoice_id}`)
        expect(gw.btcpay.invoices.get(session.data.invoice_id)).toMatchObject({ amount: "409.00", currency: "CNY", status: "New" })
        // InvoiceReceivedPayment and InvoiceProcessing re-fetch the same Processing invoice: one inbox event
        await step(() => gw.btcpay.pay(session.data.invoice_id, { variant: { retry: false } }))
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "processing" })
        expect(await capturedAmount(order_id)).toEqual([])
        await step(() => gw.btcpay.settle(session.data.invoice_id, { retry: false }))
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
        expect(await capturedAmount(order_id)).toEqual([409])
        // a redelivery of the same webhook changes nothing
        const again = await gw.btcpay.webhook("InvoiceSettled", gw.btcpay.invoices.get(session.data.invoice_id), {}, { redeliver: gw.btcpay.deliveries.at(-1) && { deliveryId: "x1", webhookId: "wh1", timestamp: 1 }, retry: false })
        expect(again.status).toBe(200)
        expect(await capturedAmount(order_id)).toEqual([409])
      })

      it("PaidPartial at expiry, PaidOver beyond tolerance and PaidLate go to anomalies; Expired with nothing paid cancels the session", async () => {
        const partial = await btc()
        await step(() => gw.btcpay.pay(partial.session.data.invoice_id, { fraction: "0.5", variant: { retry: false } }))
        expect(await lifecycle(partial.order_id)).toMatchObject({ payment_status: "pending" })
        await step(() => gw.btcpay.expire(partial.session.data.invoice_id, { retry: false }))
        expect(await anomalies(partial.order_id)).toEqual([expect.objectContaining({ type: "amount_mismatch" })])
        expect(await capturedAmount(partial.order_id)).toEqual([])

        const over = await btc()
        await step(() => gw.btcpay.pay(over.session.data.invoice_id, { fraction: "1.1", variant: { retry: false } }))
        await step(() => gw.btcpay.settle(over.session.data.invoice_id, { retry: false }))
        expect((await anomalies(over.order_id))[0].metadata.reason).toBe("overpaid by 4090 minor units (tolerance 200)")
        expect(await capturedAmount(over.order_id)).toEqual([])

        const late = await btc()
        await step(() => gw.btcpay.expire(late.session.data.invoice_id, { retry: false }))
        const { data: [s] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "payment_session", fields: ["status"], filters: { id: late.session.id } })
        expect((s as any).status).toBe("canceled")
        await step(() => gw.btcpay.pay(late.session.data.invoice_id, { late: true, variant: { retry: false } }))
        expect(await anomalies(late.order_id)).toEqual([expect.objectContaining({ type: "paid_late" })])
        expect(await capturedAmount(late.order_id)).toEqual([])
      })

      it("forged webhooks (tampered body, other secret, other store) are refused with 4xx and change nothing", async () => {
        const { order_id, session } = await btc()
        const inv = gw.btcpay.invoices.get(session.data.invoice_id)
        Object.assign(inv, { status: "Settled", paidAmount: inv.amount })
        for (const variant of [{ tamper: true }, { secret: "other" }, { storeId: "AnotherStore" }]) {
          const r = await gw.btcpay.webhook("InvoiceSettled", inv, {}, { ...variant, retry: false })
          expect([variant, r.status]).toEqual([variant, 401])
        }
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
        expect(await capturedAmount(order_id)).toEqual([])
      })

      it("a refund creates BTCPay's pull payment and keeps its claim link", async () => {
        const { order_id, session } = await btc()
        await step(() => gw.btcpay.pay(session.data.invoice_id, { variant: { retry: false } }))
        await step(() => gw.btcpay.settle(session.data.invoice_id, { retry: false }))
        const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: order_id } })
        const payment = await container.resolve(Modules.PAYMENT).refundPayment({ payment_id: (o as any).payment_collections[0].payments[0].id, amount: 9 })
        expect((payment.data as any).refunds).toEqual([expect.objectContaining({ amount_minor: 900, status: "awaiting_buyer_claim", claim_link: expect.stringContaining("/pull-payments/") })])
        expect(gw.btcpay.pulls).toEqual(expect.arrayContaining([expect.objectContaining({ invoiceId: session.data.invoice_id, amount: "9.00", currency: "CNY" })]))
      })
    })
  },
})
