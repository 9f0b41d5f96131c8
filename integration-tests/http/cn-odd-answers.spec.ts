import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { generateKeyPairSync } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { CN_PROVIDERS, CnGateways, startCnGateways } from "../helpers/cn-gateways"
import { releaseUnpaidOrder, releaseUnpaidOrders } from "../../src/workflows/release-unpaid-orders"
import { queryPendingPayments } from "../../src/workflows/sync-payment"
import { cancelLifecycleOrderWorkflow } from "../../src/workflows/cancel-order"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"
import { QUERY_FLAG } from "../../src/providers/shared/session-data"
import { channelErrorOf } from "../../src/providers/shared/channel-error"

jest.setTimeout(300 * 1000)

// Issue 12: money the platform took is never dropped, never applied to the wrong state, never counted twice;
// an answer that is not a definite "unpaid" or "closed" never cancels an order. Alipay and WeChat Pay are the
// local simulators (real HTTP, real signatures), made to give the odd answers real platforms give.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
delete process.env.OM_PAYMENT_CHANNELS
delete process.env.OM_PERMISSIONS
let gw: CnGateways
beforeAll(async () => {
  // WeChat starts in platform-certificate mode: a certificate renewal and the switch to the public key both start there
  gw = await startCnGateways({ wechatKeyMode: "certificate" })
})
afterAll(async () => {
  await gw?.close()
})
afterEach(() => subscribersIdle())

const WECHAT = "pp_wechatpay_wechatpay"
const ALIPAY = "pp_alipay_alipay"
/** what the clients wait for an answer here (the default is 15 s); a hanging simulator then times out quickly */
const CLIENT_TIMEOUT_MS = 1500

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>
    let initialSerial: string
    let initialKeys: Record<string, string>
    let warnings: string[]

    /** The running provider (a singleton in the payment module's container) and the options object it reads. */
    const provider = (id: string) => (container.resolve(Modules.PAYMENT) as any).paymentProviderService_.retrieveProvider(id)
    const optionsOf = (id: string) => provider(id).config as Record<string, any>
    /** The same provider's options as the store's configuration holds them (what the settings routes read). */
    const configuredOptionsOf = (id: string) => {
      const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as any
      const entries = config.modules[Modules.PAYMENT].options.providers as Array<{ id: string; options: Record<string, any> }>
      return entries.find((e) => `pp_${id.split("_")[1]}_${e.id}` === id)!.options
    }

    // seeded once; the runner restores this database before every test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: CN_PROVIDERS, stock: 50 })
      admin = (await createAdmin(container)).headers
      for (const id of [WECHAT, ALIPAY]) optionsOf(id).timeoutMs = CLIENT_TIMEOUT_MS
      initialSerial = gw.wechat.serial
      initialKeys = { ...optionsOf(WECHAT).platformKeys }
    })

    beforeEach(() => {
      warnings = []
      const loggers = new Set([container.resolve(ContainerRegistrationKeys.LOGGER), provider(WECHAT).logger, provider(ALIPAY).logger].filter(Boolean))
      for (const logger of loggers) {
        const original = logger.warn.bind(logger)
        jest.spyOn(logger, "warn").mockImplementation((...args: any[]) => {
          warnings.push(String(args[0]))
          return original(...args)
        })
      }
    })

    afterEach(() => {
      jest.restoreAllMocks()
      // the simulators and the running providers outlive the database restore: put them back as they were
      gw.wechat.faults.length = 0
      gw.alipay.faults.length = 0
      gw.wechat.undelivered.length = 0
      gw.wechat.replaceMerchantKey()
      gw.wechat.useKey(initialSerial)
      for (const options of new Set([optionsOf(WECHAT), configuredOptionsOf(WECHAT)])) {
        for (const serial of Object.keys(options.platformKeys)) if (!(serial in initialKeys)) delete options.platformKeys[serial]
        options.requestSerial = ""
      }
    })

    const h = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })
    const lifecycle = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle
    const paymentInfo = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}/payment`, { headers: admin })).data
    const later = () => new Date(Date.now() + 11 * 3600_000)
    const applied = (count = 1) => waitForSubscribers(container, PAYMENT_EVENT_RECEIVED, count)

    /** Storefront checkout up to the payment session, then the order (placed unpaid). */
    async function placeUnpaid(providerId: string, data: Record<string, unknown>) {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "shopper@example.com" }, h())
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 1 }, h())
      await api.post(`/store/carts/${cart.id}`, {
        shipping_address: { first_name: "Li", last_name: "Lei", address_1: "1 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001" },
      }, h())
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      const { data: { payment_collection: pc } } = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: providerId, data }, h())
      const session = pc.payment_sessions[0]
      const placed = waitForSubscribers(container, "order.placed")
      const { data: done } = await api.post(`/store/carts/${cart.id}/complete`, {}, h())
      expect(done.type).toBe("order")
      await placed
      return { order_id: done.order.id as string, session_id: session.id as string, out_trade_no: session.data.out_trade_no as string }
    }

    /** Medusa's own view of the order: its status, the reservations still held for it, its sessions, its captures. */
    async function medusaOrder(orderId: string) {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "order",
        fields: ["status", "items.id", "payment_collections.payment_sessions.status", "payment_collections.payments.captures.amount"],
        filters: { id: orderId },
      })
      const order = o as any
      const reservations = await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: order.items.map((i: any) => i.id) })
      return {
        status: order.status as string,
        reserved: reservations.reduce((n: number, r: any) => n + Number(r.quantity), 0),
        sessions: order.payment_collections.flatMap((c: any) => c.payment_sessions.map((s: any) => s.status)),
        captures: order.payment_collections.flatMap((c: any) => (c.payments ?? []).flatMap((p: any) => p.captures.map((x: any) => Number(x.amount)))),
      }
    }

    const closeRequests = (outTradeNo: string) => gw.wechat.requests.filter((r: any) => r.path === `/v3/pay/transactions/out-trade-no/${outTradeNo}/close`).length
    const alipayCalls = (method: string, outTradeNo: string) => gw.alipay.requests.filter((r: any) => r.method === method && r.biz.out_trade_no === outTradeNo).length

    /**
     * The common expectations of "the order is left alone": the release job reports the order failed (to be
     * retried next run) with the platform's structured error, cancels nothing, closes nothing, and the failure is
     * logged with the platform's code; then the pending-payment job asks again and changes nothing either.
     */
    async function expectLeftAlone(o: { order_id: string; out_trade_no: string; session_id: string }, expected: Record<string, unknown>, again: () => void) {
      const before = await medusaOrder(o.order_id)
      const report = await releaseUnpaidOrders(container, { now: later() })
      expect(report).toMatchObject({ canceled: 0, paid: 0, failed: [{ order_id: o.order_id, message: expect.any(String) }] })
      expect(channelErrorOf(report.failed[0].message)).toMatchObject({ retryable: true, out_trade_no: o.out_trade_no, ...expected })
      expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "pending" })
      expect(await medusaOrder(o.order_id)).toEqual(before)
      expect(before).toMatchObject({ status: "pending", reserved: 1, captures: [] })
      if (expected.platform_code) expect(warnings.some((w) => w.includes(String(expected.platform_code)) && w.includes(o.out_trade_no))).toBe(true)
      else expect(warnings.some((w) => w.includes(o.out_trade_no) && w.includes(`failure=${expected.failure}`))).toBe(true)

      // the pending-payment job (a late or lost callback) asks the same question and must not act on the answer either
      again()
      const job = await queryPendingPayments(container, new Date(Date.now() + 5 * 60_000))
      expect(job).toMatchObject({ queried: 1, changed: 0, failed: 1 })
      expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "pending" })
      expect(await medusaOrder(o.order_id)).toEqual(before)

      // the Payment channels page lists both answers as the channel's recent query errors, newest first
      const providerId = (await paymentInfo(o.order_id)).sessions[0].provider_id
      const { data } = await api.get("/admin/order-management/payment-channels", { headers: admin })
      const recent = data.channels.find((c: any) => c.provider_id === providerId).recent_errors
      expect(recent.map((e: any) => e.source)).toEqual(["pending_payment_job", "release_job"])
      expect(recent[1]).toMatchObject({ order_id: o.order_id, out_trade_no: o.out_trade_no, retryable: true, platform_code: expected.platform_code ?? null, failure: expected.failure })
      expect(recent[1].message).not.toMatch(/\[channel /)
    }

    const otherKey = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }) as string

    describe("only a definite answer cancels: WeChat Pay", () => {
      type Case = { kind: string; arrange: () => void; expected: Record<string, unknown> }
      const query = (f: Record<string, unknown>) => () => gw.wechat.fault({ operation: "query", ...f })
      const cases: Case[] = [
        { kind: "WeChat 429 FREQUENCY_LIMITED", arrange: query({ status: 429, code: "FREQUENCY_LIMITED", message: "频率超限" }), expected: { channel: "wechatpay", operation: "query", platform_code: "FREQUENCY_LIMITED", http_status: 429, failure: "platform_error" } },
        { kind: "WeChat 401 SIGN_ERROR (the merchant key was changed at WeChat)", arrange: () => gw.wechat.replaceMerchantKey(otherKey()), expected: { channel: "wechatpay", operation: "query", platform_code: "SIGN_ERROR", http_status: 401, failure: "platform_error" } },
        { kind: "WeChat 403 NO_AUTH", arrange: query({ status: 403, code: "NO_AUTH", message: "商户无权限" }), expected: { platform_code: "NO_AUTH", http_status: 403, failure: "platform_error" } },
        { kind: "WeChat 500 SYSTEM_ERROR", arrange: query({ status: 500, code: "SYSTEM_ERROR", message: "系统错误" }), expected: { platform_code: "SYSTEM_ERROR", http_status: 500, failure: "server_error" } },
        { kind: "WeChat status query times out", arrange: query({ hang: true }), expected: { platform_code: null, http_status: null, failure: "timeout" } },
        { kind: "WeChat 502 from a proxy without a signature", arrange: query({ unsigned: true, status: 502 }), expected: { platform_code: null, http_status: 502, failure: "server_error" } },
        { kind: "WeChat USERPAYING (the buyer is paying right now)", arrange: query({ trade_state: "USERPAYING", message: "用户支付中" }), expected: { platform_code: "USERPAYING", http_status: 200, failure: "not_definite" } },
      ]

      it.each(cases)("only a definite answer cancels: $kind leaves the order pending; the next definite answer cancels it", async ({ arrange, expected }) => {
        const o = await placeUnpaid(WECHAT, { method: "native" })
        arrange()
        await expectLeftAlone(o, expected, arrange)
        expect(closeRequests(o.out_trade_no)).toBe(0)
        expect(gw.wechat.trades.get(o.out_trade_no).state).toBe("NOTPAY")

        // the platform answers properly again (the merchant's key restored for SIGN_ERROR): NOTPAY is definite
        gw.wechat.faults.length = 0
        gw.wechat.replaceMerchantKey()
        expect(await releaseUnpaidOrder(container, o.order_id, later())).toBe("canceled")
        expect(gw.wechat.trades.get(o.out_trade_no).state).toBe("CLOSED")
        expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "canceled" })
        expect(await medusaOrder(o.order_id)).toMatchObject({ status: "canceled", reserved: 0 })
      })

      it("only a definite answer cancels: the structured error survives Medusa's payment module and workflow engine", async () => {
        const o = await placeUnpaid(WECHAT, { method: "native" })
        const payment = container.resolve(Modules.PAYMENT)
        gw.wechat.fault({ operation: "query", status: 429, code: "FREQUENCY_LIMITED", message: "频率超限" })
        const viaAuthorize = await payment.authorizePaymentSession(o.session_id, {}).catch((e: any) => e)
        expect(viaAuthorize).toMatchObject({ type: "unexpected_state", platform_code: "FREQUENCY_LIMITED", operation: "query", http_status: 429, retryable: true })
        expect(channelErrorOf(viaAuthorize)).toMatchObject({ channel: "wechatpay", operation: "query", platform_code: "FREQUENCY_LIMITED", http_status: 429 })

        gw.wechat.fault({ operation: "query", status: 403, code: "NO_AUTH", message: "商户无权限" })
        const s = await payment.retrievePaymentSession(o.session_id)
        const viaUpdate = await payment.updatePaymentSession({ id: s.id, amount: s.amount as any, currency_code: s.currency_code, data: { ...(s.data ?? {}), [QUERY_FLAG]: true } }).catch((e: any) => e)
        expect(channelErrorOf(viaUpdate)).toMatchObject({ operation: "query", platform_code: "NO_AUTH", http_status: 403 })

        // the close path: the cancel workflow fails with the close's error inside (the step keeps it as `cause`)
        gw.wechat.fault({ operation: "close", hang: true })
        const viaWorkflow = await cancelLifecycleOrderWorkflow(container)
          .run({ input: { order_id: o.order_id, actor: { type: "system", id: "test" }, reason: "payment timeout" } })
          .catch((e: any) => e)
        // (the workflow engine rethrows the step's error serialized: a plain object with the message and own properties)
        expect(viaWorkflow).toMatchObject({ message: expect.stringContaining("Cannot cancel this order") })
        expect(channelErrorOf(viaWorkflow)).toMatchObject({ channel: "wechatpay", operation: "close", failure: "timeout", platform_code: null, retryable: true })
        expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "pending" })
      })

      it("only a definite answer cancels: a WeChat close that times out leaves the order pending (stock still reserved); the next run closes it and cancels", async () => {
        const o = await placeUnpaid(WECHAT, { method: "native" })
        gw.wechat.fault({ operation: "close", hang: true })
        const before = await medusaOrder(o.order_id)
        const report = await releaseUnpaidOrders(container, { now: later() })
        expect(report).toMatchObject({ canceled: 0, failed: [{ order_id: o.order_id }] })
        expect(channelErrorOf(report.failed[0].message)).toMatchObject({ channel: "wechatpay", operation: "close", failure: "timeout", out_trade_no: o.out_trade_no })
        expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "pending" })
        expect(await medusaOrder(o.order_id)).toEqual(before)
        expect(before).toMatchObject({ status: "pending", reserved: 1 })
        expect((await lifecycle(o.order_id)).history.filter((x: any) => x.action === "cancel")).toEqual([])
        expect(warnings.some((w) => w.includes("close") && w.includes("timed out") && w.includes(o.out_trade_no))).toBe(true)

        expect(await releaseUnpaidOrder(container, o.order_id, later())).toBe("canceled")
        expect(gw.wechat.trades.get(o.out_trade_no).state).toBe("CLOSED")
        expect(await medusaOrder(o.order_id)).toMatchObject({ status: "canceled", reserved: 0 })
      })
    })

    describe("only a definite answer cancels: Alipay", () => {
      type Case = { kind: string; arrange: () => void; expected: Record<string, unknown> }
      const query = (f: Record<string, unknown>) => () => gw.alipay.fault({ method: "alipay.trade.query", ...f })
      const cases: Case[] = [
        { kind: "Alipay 40004 ACQ.SYSTEM_ERROR", arrange: () => query({ answer: gw.alipay.fail("40004", "Business Failed", "ACQ.SYSTEM_ERROR", "系统错误") })(), expected: { channel: "alipay", operation: "query", platform_code: "ACQ.SYSTEM_ERROR", http_status: 200, failure: "platform_error" } },
        { kind: "Alipay 20000 isp.unknow-error", arrange: () => query({ answer: gw.alipay.fail("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙") })(), expected: { platform_code: "isp.unknow-error", failure: "platform_error" } },
        { kind: "Alipay unsigned error_response", arrange: query({ errorResponse: { code: "20000", msg: "Service Currently Unavailable", sub_code: "isp.unknow-error", sub_msg: "系统繁忙" } }), expected: { platform_code: "isp.unknow-error", failure: "platform_error" } },
        { kind: "Alipay HTTP 502", arrange: query({ http: 502 }), expected: { platform_code: null, http_status: 502, failure: "server_error" } },
        { kind: "Alipay status query times out", arrange: query({ hang: true }), expected: { platform_code: null, http_status: null, failure: "timeout" } },
      ]

      it.each(cases)("only a definite answer cancels: $kind leaves the order pending; the next definite answer cancels it", async ({ arrange, expected }) => {
        const o = await placeUnpaid(ALIPAY, { method: "qr" })
        gw.alipay.scan(o.out_trade_no)
        arrange()
        await expectLeftAlone(o, expected, arrange)
        expect(alipayCalls("alipay.trade.close", o.out_trade_no)).toBe(0)
        expect(gw.alipay.trades.get(o.out_trade_no).status).toBe("WAIT_BUYER_PAY")

        gw.alipay.faults.length = 0
        expect(await releaseUnpaidOrder(container, o.order_id, later())).toBe("canceled")
        expect(gw.alipay.trades.get(o.out_trade_no).status).toBe("TRADE_CLOSED")
        expect(await medusaOrder(o.order_id)).toMatchObject({ status: "canceled", reserved: 0 })
      })

      it("only a definite answer cancels: Alipay ACQ.TRADE_NOT_EXIST for a trade it showed before (query and close) leaves a paid order pending; the next answer confirms it", async () => {
        const o = await placeUnpaid(ALIPAY, { method: "qr" })
        gw.alipay.scan(o.out_trade_no)
        // the store asks once: Alipay shows the trade (trade_no, WAIT_BUYER_PAY), kept in the session
        const synced = await api.post(`/admin/order-management/orders/${o.order_id}/sync-payment`, {}, { headers: admin })
        expect(synced.data.sessions).toEqual([expect.objectContaining({ platform_status: "unpaid" })])
        // the buyer pays; the notify is lost; then Alipay answers "no such trade" to both the query and the close
        await gw.alipay.pay(o.out_trade_no, { notify: false })
        const notExist = gw.alipay.fail("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在")
        const arrange = () => {
          gw.alipay.fault({ method: "alipay.trade.query", answer: notExist })
          gw.alipay.fault({ method: "alipay.trade.close", answer: notExist })
        }
        arrange()
        await expectLeftAlone(o, { channel: "alipay", operation: "query", platform_code: "ACQ.TRADE_NOT_EXIST", failure: "not_definite" }, () => gw.alipay.fault({ method: "alipay.trade.query", answer: notExist }))

        // the release job applies the payment itself (the callback path's checks, no event to wait for)
        gw.alipay.faults.length = 0
        expect(await releaseUnpaidOrder(container, o.order_id, later())).toBe("paid")
        expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "confirmed" })
        expect(await medusaOrder(o.order_id)).toMatchObject({ status: "pending", captures: [409] })
      })

      it.each([
        { kind: "Alipay close times out (it closed; only the answer was lost)", fault: { method: "alipay.trade.close", hang: true, apply: true }, expected: { failure: "timeout", platform_code: null } },
        { kind: "Alipay close answers ACQ.SYSTEM_ERROR", fault: { method: "alipay.trade.close", answer: { code: "40004", msg: "Business Failed", sub_code: "ACQ.SYSTEM_ERROR", sub_msg: "系统错误" } }, expected: { failure: "platform_error", platform_code: "ACQ.SYSTEM_ERROR" } },
      ])("only a definite answer cancels: $kind leaves the order pending (stock still reserved); the next run cancels it", async ({ fault, expected }) => {
        const o = await placeUnpaid(ALIPAY, { method: "qr" })
        gw.alipay.scan(o.out_trade_no)
        gw.alipay.fault(fault)
        const before = await medusaOrder(o.order_id)
        const report = await releaseUnpaidOrders(container, { now: later() })
        expect(report).toMatchObject({ canceled: 0, failed: [{ order_id: o.order_id }] })
        expect(channelErrorOf(report.failed[0].message)).toMatchObject({ channel: "alipay", operation: "close", out_trade_no: o.out_trade_no, ...expected })
        expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "pending" })
        expect(await medusaOrder(o.order_id)).toEqual(before)
        expect(before).toMatchObject({ status: "pending", reserved: 1 })
        expect(warnings.some((w) => w.includes(o.out_trade_no) && w.includes("close"))).toBe(true)

        expect(await releaseUnpaidOrder(container, o.order_id, later())).toBe("canceled")
        expect(gw.alipay.trades.get(o.out_trade_no).status).toBe("TRADE_CLOSED")
        expect(await medusaOrder(o.order_id)).toMatchObject({ status: "canceled", reserved: 0 })
      })
    })

    it("paid but not received: the pending-payment job finds an Alipay trade paid that the store cannot apply; a paid_not_received anomaly opens; re-processing the stored event from the desk confirms the order", async () => {
      const o = await placeUnpaid(ALIPAY, { method: "qr" })
      // the buyer pays; the notify is lost; the job's query sees TRADE_SUCCESS, but the query the apply makes hangs
      await gw.alipay.pay(o.out_trade_no, { notify: false })
      gw.alipay.fault({ method: "alipay.trade.query", outTradeNo: o.out_trade_no, skip: 1, hang: true })
      expect(await queryPendingPayments(container, new Date(Date.now() + 5 * 60_000))).toMatchObject({ queried: 1, failed: 1 })
      expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "pending" })
      const list = (await api.get(`/admin/order-management/anomalies?order_id=${o.order_id}&type=paid_not_received`, { headers: admin })).data
      expect(list.anomalies).toEqual([expect.objectContaining({ type: "paid_not_received", status: "open", provider_id: ALIPAY, session_id: o.session_id, amount_minor: 40900, currency_code: "cny" })])
      expect(list.anomalies[0].metadata.reason).toMatch(/^the platform reports this payment paid, but the store could not confirm it: /)
      // the job runs again while it still fails: the same anomaly, not a second one
      gw.alipay.fault({ method: "alipay.trade.query", outTradeNo: o.out_trade_no, skip: 1, hang: true })
      await queryPendingPayments(container, new Date(Date.now() + 5 * 60_000))
      expect((await api.get(`/admin/order-management/anomalies?order_id=${o.order_id}&type=paid_not_received`, { headers: admin })).data.count).toBe(1)
      // the desk shows the failed inbox row; "Re-process callback" applies it through the same path, now that Alipay answers
      const detail = (await api.get(`/admin/order-management/anomalies/${list.anomalies[0].id}`, { headers: admin })).data
      const failed = detail.payment_events.find((e: any) => e.status === "failed" && e.source === "query")
      expect(failed).toBeTruthy()
      const replay = await api.post(`/admin/order-management/payment-events/${failed.id}/replay`, {}, { headers: admin })
      expect(replay.data.result).toMatchObject({ status: "processed", order_id: o.order_id })
      expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "confirmed" })
      expect(await medusaOrder(o.order_id)).toMatchObject({ captures: [409] })
    })

    describe("WeChat key rotation", () => {
      /**
       * How "the key is added" is done here: the merchant puts the new serial and PEM into the provider's
       * platformKeys option and restarts. The provider reads platformKeys at each verification (parsed once per
       * PEM), from the options object Medusa hands it, which is the store configuration's own object; so the
       * test adds the key to that object, which is the state a restart with the new option produces, without a
       * second boot.
       */
      function addKey(serial: string, pem: string, opts: { requestSerial?: boolean } = {}) {
        for (const options of new Set([optionsOf(WECHAT), configuredOptionsOf(WECHAT)])) {
          options.platformKeys[serial] = pem
          if (opts.requestSerial) options.requestSerial = serial
        }
      }

      it.each([
        { kind: "a renewed platform certificate", key: "certificate" as const, serial: /^[0-9A-F]{40}$/ },
        { kind: "the switch to the WeChat Pay public key", key: "public_key" as const, serial: /^PUB_KEY_ID_\d{32}$/ },
      ])("an unknown WeChat key never cancels ($kind): callbacks 401, queries unknown, the check names the serial; once the key is added, retried callbacks confirm every paid order", async ({ key, serial: serialPattern }) => {
        expect(optionsOf(WECHAT)).toBe(configuredOptionsOf(WECHAT))
        const a = await placeUnpaid(WECHAT, { method: "native" })
        const b = await placeUnpaid(WECHAT, { method: "h5", payer_ip: "203.0.113.7" })
        const c = await placeUnpaid(WECHAT, { method: "native" })
        const rotated = gw.wechat.rotateKey({ kind: key })
        expect(rotated.serial).toMatch(serialPattern)
        expect(rotated.serial in optionsOf(WECHAT).platformKeys).toBe(false)

        // A and B pay; WeChat's callbacks are signed with the new key: refused with 401 so that WeChat sends them again
        for (const o of [a, b]) {
          const paid = await gw.wechat.pay(o.out_trade_no, { variant: { retry: false } })
          expect(paid.notify.status).toBe(401)
          expect(JSON.parse(paid.notify.body)).toMatchObject({ code: "FAIL", message: expect.stringContaining(rotated.serial) })
        }
        expect(gw.wechat.undelivered).toHaveLength(2)
        expect(warnings.filter((w) => w.includes(rotated.serial) && w.includes("unknown_serial"))).toHaveLength(2)
        for (const o of [a, b]) expect((await paymentInfo(o.order_id)).events).toEqual([])

        // the release job: every status answer is signed with the unknown key, so none is definite: nothing is closed or canceled
        const released = await releaseUnpaidOrders(container, { now: later() })
        expect(released).toMatchObject({ canceled: 0, paid: 0 })
        expect(released.failed.map((f) => f.order_id).sort()).toEqual([a, b, c].map((o) => o.order_id).sort())
        for (const f of released.failed) expect(channelErrorOf(f.message)).toMatchObject({ channel: "wechatpay", operation: "query", failure: "unverified_answer", key_serial: rotated.serial })
        expect(warnings.some((w) => w.includes(`serial=${rotated.serial}`))).toBe(true)
        expect(await queryPendingPayments(container, new Date(Date.now() + 5 * 60_000))).toMatchObject({ queried: 3, changed: 0, failed: 3 })
        for (const o of [a, b, c]) {
          expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "pending" })
          expect(await medusaOrder(o.order_id)).toMatchObject({ status: "pending", reserved: 1, captures: [] })
          expect(closeRequests(o.out_trade_no)).toBe(0)
        }

        // Test connection names the serial and what to do
        const check = () => api.post(`/admin/order-management/payment-channels/${WECHAT}/check`, {}, { headers: admin })
        const failed = await check()
        expect(failed.data).toMatchObject({ ok: false, summary: expect.stringContaining(rotated.serial), details: [expect.stringContaining(`unknown Wechatpay-Serial ${rotated.serial}`)] })
        expect(failed.data.summary).toMatch(key === "certificate" ? /platform certificate .* add it to platformKeys/ : /WeChat Pay public key .* set requestSerial/)
        expect(warnings.some((w) => w.includes("connection test") && w.includes(rotated.serial))).toBe(true)

        // the merchant adds the key (and, for the public key, asks WeChat to sign answers with it)
        addKey(rotated.serial, rotated.pem, { requestSerial: key === "public_key" })
        expect((await check()).data).toMatchObject({ ok: true })

        // WeChat's next retries verify: both paid orders are confirmed, each captured once
        const done = applied(2)
        expect((await gw.wechat.retryUndelivered()).map((r: any) => r.status)).toEqual([204, 204])
        await done
        for (const o of [a, b]) {
          expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "confirmed" })
          expect((await medusaOrder(o.order_id)).captures).toEqual([409])
        }
        // and the unpaid one now gets a definite NOTPAY: closed and canceled
        expect(await releaseUnpaidOrders(container, { now: later() })).toMatchObject({ canceled: 1, failed: [] })
        expect(gw.wechat.trades.get(c.out_trade_no).state).toBe("CLOSED")
        expect(await lifecycle(c.order_id)).toMatchObject({ payment_status: "canceled" })
        for (const o of [a, b]) expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "confirmed" })
      })
    })
  },
})
