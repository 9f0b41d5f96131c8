import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { releaseUnpaidOrder } from "../../src/workflows/release-unpaid-orders"
import { waitForSubscribers } from "../helpers/events"
import { CN_PROVIDERS, CnGateways, startCnGateways } from "../helpers/cn-gateways"
import { queryPendingPayments } from "../../src/workflows/sync-payment"
import { retryPaymentEvents } from "../../src/jobs/retry-payment-events"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"

jest.setTimeout(300 * 1000)

// Alipay and WeChat Pay against the local simulators: real HTTP both ways,
// real RSA2 / WECHATPAY2-SHA256-RSA2048 signatures and AES-256-GCM.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
// Alipay: ¥1.00 to ¥500.00 per payment in CNY, 0.6 % fee borne by the merchant
process.env.OM_PAYMENT_CHANNELS = JSON.stringify({ alipay: { limits: { cny: { min: 100, max: 50000 } }, fee: { rateBps: 60, fixedMinor: 0, bearer: "merchant" } } })
let gw: CnGateways
beforeAll(async () => {
  gw = await startCnGateways()
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
      store = await seedStore(container, { cnyProviders: CN_PROVIDERS, stock: 50 })
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const h = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })
    const lifecycle = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle

    /** Storefront checkout up to the payment session (data picks the method). */
    async function startCheckout(provider: string, data: Record<string, unknown>, token?: string) {
      const hh = () => (token ? { headers: { ...h().headers, authorization: `Bearer ${token}` } } : h())
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "shopper@example.com" }, hh())
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 1 }, h())
      await api.post(`/store/carts/${cart.id}`, {
        shipping_address: { first_name: "Li", last_name: "Lei", address_1: "1 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001" },
      }, h())
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      const { data: { payment_collection: pc } } = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: provider, data }, h())
      const session = pc.payment_sessions[0]
      return { cart_id: cart.id as string, session }
    }

    async function complete(cartId: string) {
      const placed = waitForSubscribers(container, "order.placed")
      const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, h())
      expect(data.type).toBe("order")
      await placed
      return data.order.id as string
    }

    /** Resolves once the subscriber has applied the next stored callback (the route acknowledges before that). */
    const applied = (count = 1) => waitForSubscribers(container, PAYMENT_EVENT_RECEIVED, count)

    const capturedAmount = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "order", fields: ["payment_collections.payments.captures.amount"], filters: { id: orderId },
      })
      return (o as any).payment_collections.flatMap((c: any) => c.payments.flatMap((p: any) => p.captures.map((x: any) => Number(x.amount))))
    }

    it("Alipay QR: QR shown, order placed unpaid, the notify confirms it and captures once", async () => {
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "qr" })
      expect(session.data.out_trade_no).toMatch(/^OM[0-9A-Z]{26}$/)
      expect(session.data.qr_code).toBe(`${gw.alipay.baseUrl}/qr/${session.data.out_trade_no}`)
      expect(session.data.qr_image).toMatch(/^data:image\/svg\+xml;base64,/)
      const order_id = await complete(cart_id)
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })

      const done = applied()
      const paid = await gw.alipay.pay(session.data.out_trade_no, { variant: { retry: false } })
      expect(paid.notify).toMatchObject({ status: 200, body: "success" })
      await done
      const l = await lifecycle(order_id)
      expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "processing", payment_fee_minor: 245 })
      expect(await capturedAmount(order_id)).toEqual([399 + 10])
    })

    const events = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}/payment`, { headers: admin })).data
    const anomalies = async (orderId: string) => (await api.get(`/admin/order-management/anomalies?order_id=${orderId}`, { headers: admin })).data.anomalies

    it("Alipay H5: signed redirect URL to the cashier; a callback before the cart is completed still yields one paid order", async () => {
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "h5" })
      const url = new URL(session.data.pay_url)
      expect(url.origin + url.pathname).toBe(gw.alipay.gatewayUrl)
      expect(url.searchParams.get("method")).toBe("alipay.trade.wap.pay")
      expect(url.searchParams.get("return_url")).toBe(`http://localhost:8000/checkout/return?session=${session.id}`)
      // the simulator verifies our RSA2 signature before showing its cashier
      expect((await fetch(session.data.pay_url)).status).toBe(200)
      const forged = new URL(session.data.pay_url)
      forged.searchParams.set("biz_content", forged.searchParams.get("biz_content")!.replace(/"total_amount":"[^"]+"/, '"total_amount":"0.01"'))
      expect((await fetch(forged)).status).toBe(400)

      // pay before the storefront completes the cart: the callback completes it (Medusa's process-payment flow)
      const placed = waitForSubscribers(container, "order.placed")
      const done = applied()
      const paid = await gw.alipay.pay(session.data.out_trade_no, { variant: { retry: false } })
      expect(paid.notify).toMatchObject({ status: 200, body: "success" })
      await Promise.all([placed, done])
      const { data: late } = await api.post(`/store/carts/${cart_id}/complete`, {}, h())
      expect(late.type).toBe("order")
      expect(await lifecycle(late.order.id)).toMatchObject({ payment_status: "confirmed" })
      expect(await capturedAmount(late.order.id)).toEqual([409])
    })

    it("WeChat Native and H5: code_url / h5_url, callback 204, confirmed; H5 without the payer IP is refused", async () => {
      const native = await startCheckout("pp_wechatpay_wechatpay", { method: "native" })
      expect(native.session.data.qr_code).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/)
      const nativeOrder = await complete(native.cart_id)
      const done1 = applied()
      const r1 = await gw.wechat.pay(native.session.data.out_trade_no, { variant: { retry: false } })
      expect(r1.notify.status).toBe(204)
      await done1
      expect(await lifecycle(nativeOrder)).toMatchObject({ payment_status: "confirmed" })

      const bad = await api
        .post("/store/payment-collections", { cart_id: (await api.post("/store/carts", { region_id: store.regions.cny }, h())).data.cart.id }, h())
        .then((r: any) => api.post(`/store/payment-collections/${r.data.payment_collection.id}/payment-sessions`, { provider_id: "pp_wechatpay_wechatpay", data: { method: "h5" } }, h()))
        .catch((e: any) => e.response)
      expect(bad.status).toBeGreaterThanOrEqual(400)
      expect(bad.status).toBeLessThan(500)
      expect(bad.data.message).toMatch(/payer_ip/)

      const h5 = await startCheckout("pp_wechatpay_wechatpay", { method: "h5", payer_ip: "203.0.113.7" })
      expect(h5.session.data.pay_url).toContain(`${gw.wechat.baseUrl}/h5pay?prepay_id=`)
      expect(gw.wechat.trades.get(h5.session.data.out_trade_no).total).toBe(40900)
      const h5Order = await complete(h5.cart_id)
      const done2 = applied()
      expect((await gw.wechat.pay(h5.session.data.out_trade_no, { variant: { retry: false } })).notify.status).toBe(204)
      await done2
      expect(await lifecycle(h5Order)).toMatchObject({ payment_status: "confirmed" })
      const info = await events(h5Order)
      expect(info.sessions[0]).toMatchObject({ method: "h5", out_trade_no: h5.session.data.out_trade_no })
      expect(info.events[0]).toMatchObject({ source: "callback", status: "processed", outcome: "captured", platform_status: "paid" })
    })

    it("20 concurrent duplicate callbacks capture once; every copy is acknowledged", async () => {
      const { cart_id, session } = await startCheckout("pp_wechatpay_wechatpay", { method: "native" })
      const order_id = await complete(cart_id)
      const first = await gw.wechat.pay(session.data.out_trade_no, { notify: false })
      expect(first.paid).toBe(true)
      const done = applied()
      const copies = await Promise.all(Array.from({ length: 20 }, () => gw.wechat.notify(session.data.out_trade_no, { retry: false })))
      expect(copies.map((c: any) => c.status)).toEqual(Array(20).fill(204))
      await done
      expect(await capturedAmount(order_id)).toEqual([409])
      const info = await events(order_id)
      expect(info.events.filter((e: any) => e.source === "callback")).toHaveLength(1)
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
    })

    it("forged Alipay notifies are refused with `fail` and change nothing", async () => {
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "qr" })
      const order_id = await complete(cart_id)
      gw.alipay.scan(session.data.out_trade_no)
      gw.alipay.trades.get(session.data.out_trade_no).status = "TRADE_SUCCESS"
      for (const variant of [{ tamper: "0.01" }, { badKey: true }, { seller: "2088999999999999" }, { app: "2021999999999999" }]) {
        const r = await gw.alipay.notify(session.data.out_trade_no, { ...variant, retry: false })
        expect([variant, r.status, r.body]).toEqual([variant, 400, "fail"])
      }
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
      expect((await events(order_id)).events).toHaveLength(0)
      expect(await capturedAmount(order_id)).toEqual([])
      // the genuine notify (passback_params with `%`, single-decoded) is accepted
      const done = applied()
      const ok = await gw.alipay.notify(session.data.out_trade_no, { passback: "sess%3D1%25off", retry: false })
      expect(ok).toMatchObject({ status: 200, body: "success" })
      await done
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
    })

    it("forged WeChat callbacks are refused with 4xx FAIL and change nothing", async () => {
      const { cart_id, session } = await startCheckout("pp_wechatpay_wechatpay", { method: "native" })
      const order_id = await complete(cart_id)
      await gw.wechat.pay(session.data.out_trade_no, { notify: false })
      const variants = [{ tamper: true }, { stale: true }, { unknownSerial: true }, { signtest: true }, { badKey: true }, { mchid: "1900000999" }, { appid: "wx0000000000000000" }]
      for (const variant of variants) {
        const r = await gw.wechat.notify(session.data.out_trade_no, { ...variant, retry: false })
        expect([variant, r.status]).toEqual([variant, 401])
        expect(JSON.parse(r.body)).toMatchObject({ code: "FAIL", message: expect.any(String) })
      }
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
      expect((await events(order_id)).events).toHaveLength(0)
      expect(await capturedAmount(order_id)).toEqual([])
    })

    it("a validly signed wrong amount or currency: suspected_fraud, nothing captured, an anomaly", async () => {
      const a = await startCheckout("pp_alipay_alipay", { method: "qr" })
      const aOrder = await complete(a.cart_id)
      const doneA = applied()
      const r = await gw.alipay.pay(a.session.data.out_trade_no, { variant: { amount: "0.01", retry: false } })
      expect(r.notify).toMatchObject({ status: 200, body: "success" })
      await doneA
      expect(await lifecycle(aOrder)).toMatchObject({ payment_status: "suspected_fraud" })
      expect(await capturedAmount(aOrder)).toEqual([])
      expect(await anomalies(aOrder)).toEqual([expect.objectContaining({ type: "amount_mismatch", amount_minor: 1, status: "open" })])

      const w = await startCheckout("pp_wechatpay_wechatpay", { method: "native" })
      const wOrder = await complete(w.cart_id)
      const doneW = applied()
      expect((await gw.wechat.pay(w.session.data.out_trade_no, { variant: { currency: "USD", retry: false } })).notify.status).toBe(204)
      await doneW
      expect(await lifecycle(wOrder)).toMatchObject({ payment_status: "suspected_fraud" })
      expect(await capturedAmount(wOrder)).toEqual([])
      expect(await anomalies(wOrder)).toEqual([expect.objectContaining({ type: "currency_mismatch" })])
    })

    const refundVia = async (orderId: string, amount: number) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: orderId } })
      const paymentId = (o as any).payment_collections[0].payments[0].id
      return container.resolve(Modules.PAYMENT).refundPayment({ payment_id: paymentId, amount })
    }

    it("refunds: partial then full for both platforms; a retried refund (same id) moves no money twice", async () => {
      for (const provider of ["pp_alipay_alipay", "pp_wechatpay_wechatpay"]) {
        const { cart_id, session } = await startCheckout(provider, provider.includes("alipay") ? { method: "qr" } : { method: "native" })
        const order_id = await complete(cart_id)
        const sim = provider.includes("alipay") ? gw.alipay : gw.wechat
        const done = applied()
        await sim.pay(session.data.out_trade_no, { variant: { retry: false } })
        await done
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
        await refundVia(order_id, 100)
        await refundVia(order_id, 309)
        if (provider.includes("alipay")) {
          const t = gw.alipay.trades.get(session.data.out_trade_no)
          expect([t.refund_fee, t.status, t.refunds.size]).toEqual([40900, "TRADE_CLOSED", 2])
        } else {
          const mine = [...gw.wechat.refunds.values()].filter((x: any) => x.out_trade_no === session.data.out_trade_no)
          expect(mine.map((x: any) => [x.amount.refund, x.status])).toEqual([[10000, "SUCCESS"], [30900, "SUCCESS"]])
        }
        // the provider retried with Medusa's same refund id: the platform answers with the existing refund
        const providers = (container.resolve(Modules.PAYMENT) as any).paymentProviderService_
        const { data: [p] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "payment", fields: ["data", "refunds.id", "refunds.amount"], filters: { payment_session_id: session.id } })
        const first = (p as any).refunds.find((x: any) => Number(x.amount) === 100)
        await providers.refundPayment(provider, { data: (p as any).data, amount: 100, context: { idempotency_key: first.id } })
        if (provider.includes("alipay")) expect(gw.alipay.trades.get(session.data.out_trade_no).refund_fee).toBe(40900)
        else expect([...gw.wechat.refunds.values()].filter((x: any) => x.out_trade_no === session.data.out_trade_no)).toHaveLength(2)
      }
    })

    it("refund to balance of an Alipay payment: Medusa records it, Alipay is not asked, the customer's balance is credited", async () => {
      const { customer, token } = await createCustomerWithToken(container, "balance@example.com")
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "qr" }, token)
      const order_id = await complete(cart_id)
      const done = applied()
      await gw.alipay.pay(session.data.out_trade_no, { variant: { retry: false } })
      await done
      const r = await api.post(`/admin/order-management/orders/${order_id}/refund-to-balance`, { amount: 10000, reason: "goodwill" }, { headers: admin })
      expect(r.data.refund).toMatchObject({ provider_id: "pp_alipay_alipay", amount_minor: 10000, balance_minor: 10000, customer_id: customer.id })
      expect(gw.alipay.trades.get(session.data.out_trade_no).refund_fee ?? 0).toBe(0)
      // the next refund goes back through Alipay as usual
      await refundVia(order_id, 50)
      expect(gw.alipay.trades.get(session.data.out_trade_no).refund_fee).toBe(5000)
      const view = await api.get(`/admin/order-management/customers/${customer.id}/balance`, { headers: admin })
      expect(view.data.balances).toEqual([expect.objectContaining({ currency_code: "cny", balance_minor: 10000 })])
    })

    it("cancel closes the trade; the admin sync action asks the platform when the notify is lost", async () => {
      const { cart_id, session } = await startCheckout("pp_wechatpay_wechatpay", { method: "native" })
      const order_id = await complete(cart_id)
      const canceled = await api.post(`/admin/order-management/orders/${order_id}/actions`, { action: "cancel", reason: "customer asked by phone" }, { headers: admin })
      expect(canceled.status).toBe(200)
      expect(gw.wechat.trades.get(session.data.out_trade_no).state).toBe("CLOSED")

      const a = await startCheckout("pp_alipay_alipay", { method: "qr" })
      const aOrder = await complete(a.cart_id)
      // paid, but the notify never arrives
      await gw.alipay.pay(a.session.data.out_trade_no, { notify: false })
      expect(await lifecycle(aOrder)).toMatchObject({ payment_status: "pending" })
      const synced = await api.post(`/admin/order-management/orders/${aOrder}/sync-payment`, {}, { headers: admin })
      expect(synced.data.sessions).toEqual([expect.objectContaining({ platform_status: "paid", result: "processed", outcome: "captured" })])
      const l = await lifecycle(aOrder)
      expect(l.payment_status).toBe("confirmed")
      expect(l.history.find((x: any) => x.action === "payment_synced")).toMatchObject({ actor_type: "user" })
      expect(await capturedAmount(aOrder)).toEqual([409])
      // the query flag does not stay behind in the stored session data (Medusa merges data, so it is written as null)
      const stored = await container.resolve(Modules.PAYMENT).retrievePaymentSession(a.session.id)
      expect(stored.data).toMatchObject({ order_management_query: null })
      const unauth = await api.post(`/admin/order-management/orders/${aOrder}/sync-payment`, {}).catch((e: any) => e.response)
      expect(unauth.status).toBe(401)
    })

    it("the pending-payment job finds a paid trade whose callback was lost", async () => {
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "qr" })
      const order_id = await complete(cart_id)
      await gw.alipay.pay(session.data.out_trade_no, { notify: false })
      // not yet: younger than paymentQueryAfterMinutes
      expect(await queryPendingPayments(container)).toMatchObject({ queried: 0 })
      const r = await queryPendingPayments(container, new Date(Date.now() + 5 * 60_000))
      expect(r).toMatchObject({ queried: 1, changed: 1, failed: 0 })
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
    })

    it("unknown provider in the callback path is 404; the Alipay route answers `fail` to garbage", async () => {
      const r = await fetch(`http://localhost:${gw.port}/hooks/order-management/nosuch`, { method: "POST", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } })
      expect(r.status).toBe(404)
      const g = await fetch(`http://localhost:${gw.port}/hooks/order-management/alipay`, { method: "POST", body: "a=%ZZ&sign=", headers: { "content-type": "application/x-www-form-urlencoded" } })
      expect([g.status, await g.text()]).toEqual([400, "fail"])
    })

    it("the unpaid-order job closes an expired trade at Alipay and cancels; a trade paid with another amount goes to the mismatch path", async () => {
      const later = new Date(Date.now() + 11 * 3600_000)
      const a = await startCheckout("pp_alipay_alipay", { method: "qr" })
      const aOrder = await complete(a.cart_id)
      gw.alipay.scan(a.session.data.out_trade_no)
      expect(await releaseUnpaidOrder(container, aOrder, later)).toBe("canceled")
      expect(gw.alipay.trades.get(a.session.data.out_trade_no).status).toBe("TRADE_CLOSED")
      expect(await lifecycle(aOrder)).toMatchObject({ payment_status: "canceled" })

      const w = await startCheckout("pp_wechatpay_wechatpay", { method: "native" })
      const wOrder = await complete(w.cart_id)
      expect(await releaseUnpaidOrder(container, wOrder, later)).toBe("canceled")
      expect(gw.wechat.trades.get(w.session.data.out_trade_no).state).toBe("CLOSED")

      const b = await startCheckout("pp_alipay_alipay", { method: "qr" })
      const bOrder = await complete(b.cart_id)
      const t = gw.alipay.scan(b.session.data.out_trade_no)
      Object.assign(t, { status: "TRADE_SUCCESS", total_amount: "1.00", gmt_payment: "2026-11-22 10:00:00" })
      expect(await releaseUnpaidOrder(container, bOrder, later)).toBe("skipped")
      expect(await lifecycle(bOrder)).toMatchObject({ payment_status: "suspected_fraud" })
      expect(await capturedAmount(bOrder)).toEqual([])
      expect(await anomalies(bOrder)).toEqual([expect.objectContaining({ type: "amount_mismatch", amount_minor: 100 })])
    })

    it("the store poll shows the customer's QR and, with sync=true, finds the payment", async () => {
      const { token } = await createCustomerWithToken(container, "poller@example.com")
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "qr" }, token)
      const order_id = await complete(cart_id)
      const auth = { headers: { ...h().headers, authorization: `Bearer ${token}` } }
      const url = `/store/order-management/orders/${order_id}/payment`
      const before = (await api.get(url, auth)).data
      expect(before).toMatchObject({ payment_status: "pending", paid: false })
      expect(before.sessions[0]).toMatchObject({ provider_id: "pp_alipay_alipay", method: "qr", qr_code: session.data.qr_code, out_trade_no: session.data.out_trade_no })
      expect(before.sessions[0].qr_image).toMatch(/^data:image\/svg\+xml;base64,/)
      expect((await api.get(url, h()).catch((e: any) => e.response)).status).toBe(401)
      const other = await createCustomerWithToken(container, "nosy@example.com")
      expect((await api.get(url, { headers: { ...h().headers, authorization: `Bearer ${other.token}` } }).catch((e: any) => e.response)).status).toBe(404)
      await gw.alipay.pay(session.data.out_trade_no, { notify: false })
      expect((await api.get(url, auth)).data.paid).toBe(false)
      expect((await api.get(`${url}?sync=true`, auth)).data).toMatchObject({ payment_status: "confirmed", paid: true })
    })

    it("a callback that cannot be applied yet is acknowledged, kept failed in the inbox, and applied by the retry job", async () => {
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "qr" })
      // paid with the wrong amount before the order exists: the mismatch needs an order to flag
      const done = applied()
      Object.assign(gw.alipay.scan(session.data.out_trade_no), { status: "TRADE_SUCCESS", total_amount: "1.00", gmt_payment: "2026-11-22 10:00:00" })
      const r = await gw.alipay.notify(session.data.out_trade_no, { retry: false })
      expect(r).toMatchObject({ status: 200, body: "success" })
      await done
      const om = container.resolve("order_management") as any
      const [stored] = await om.listPaymentEventsFor({ session_ids: [session.id] })
      expect(stored).toMatchObject({ status: "failed", attempts: 1 })
      expect(stored.error).toMatch(/not placed yet/)
      const order_id = await complete(cart_id)
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "pending" })
      // a failed event is retried at once; nothing is claimed twice
      const [first, second] = await Promise.all([retryPaymentEvents(container), retryPaymentEvents(container)])
      expect([...first, ...second]).toEqual([expect.objectContaining({ status: "processed", outcome: "amount_mismatch" })])
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "suspected_fraud" })
      expect(await capturedAmount(order_id)).toEqual([])
    })

    it("out-of-order notifies (TRADE_FINISHED before TRADE_SUCCESS) capture once", async () => {
      const { cart_id, session } = await startCheckout("pp_alipay_alipay", { method: "qr" })
      const order_id = await complete(cart_id)
      await gw.alipay.pay(session.data.out_trade_no, { notify: false })
      const finished = applied()
      expect(await gw.alipay.notify(session.data.out_trade_no, { status: "TRADE_FINISHED", retry: false })).toMatchObject({ status: 200, body: "success" })
      await finished
      const success = applied()
      expect(await gw.alipay.notify(session.data.out_trade_no, { retry: false })).toMatchObject({ status: 200, body: "success" })
      await success
      expect(await capturedAmount(order_id)).toEqual([409])
      expect((await events(order_id)).events.map((e: any) => [e.platform_status, e.status])).toEqual([["paid", "processed"], ["paid", "processed"]])
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
    })

    it("channel limits are enforced when the payment session is created, naming the limit; other channels are unaffected", async () => {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "big@example.com" }, h())
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 2 }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      const url = `/store/payment-collections/${payment_collection.id}/payment-sessions`
      const precreates = () => gw.alipay.requests.filter((r: any) => r.method === "alipay.trade.precreate").length
      const before = precreates()
      const refused = await api.post(url, { provider_id: "pp_alipay_alipay", data: { method: "qr" } }, h()).catch((e: any) => e.response)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe("pp_alipay_alipay takes payments of at most 500.00 CNY; this one is 798.00 CNY")
      expect(precreates()).toBe(before)
      const ok = await api.post(url, { provider_id: "pp_wechatpay_wechatpay", data: { method: "native" } }, h())
      expect(ok.status).toBe(200)
    })
  },
})
