import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { recordEvents, waitForSubscribers } from "../helpers/events"
import { CnGateways, startCnGateways } from "../helpers/cn-gateways"
import { CryptoGateways, startCryptoGateways } from "../helpers/crypto-gateways"
import { completeStoreCart, moneyMoves, startStoreCheckout } from "../helpers/store-checkout"
import { BALANCE_MODULE } from "../../src/modules/balance"
import type BalanceModuleService from "../../src/modules/balance/service"
import { queryProcessingRefunds } from "../../src/workflows/after-sales/track-refund"

jest.setTimeout(300 * 1000)

// After-sales refund requests over HTTP for each provider family: the storefront asks, the admin reviews, Medusa's
// refund machinery (or the balance ledger) moves the money, the request follows the platform to its end.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
// approving more than ¥300.00 needs the boss
process.env.OM_PERMISSIONS = JSON.stringify({ approveRefund: ["boss@example.com"] })
process.env.OM_REFUND_APPROVAL_ABOVE_MINOR = "30000"
const ALIPAY = "pp_alipay_alipay"
const WECHAT = "pp_wechatpay_wechatpay"
const NOWPAYMENTS = "pp_nowpayments_nowpayments"
const BANK = "pp_bank-transfer_bank-transfer"
const BALANCE = "pp_balance_balance"
// 1x1 transparent PNG
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="

let cn: CnGateways
let crypto: CryptoGateways
beforeAll(async () => {
  cn = await startCnGateways()
  crypto = await startCryptoGateways({ port: cn.port })
})
afterAll(async () => {
  await cn?.close()
  await crypto?.close()
})
afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let boss: Record<string, string>
    let clerk: Record<string, string>
    let shopper: { customer: any; headers: Record<string, string> }
    let other: { customer: any; headers: Record<string, string> }

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [ALIPAY, WECHAT, NOWPAYMENTS, BANK, BALANCE], stock: 100 })
      boss = (await createAdmin(container, "boss@example.com")).headers
      clerk = (await createAdmin(container, "clerk@example.com")).headers
      const a = await createCustomerWithToken(container, "mei@example.com")
      shopper = { customer: a.customer, headers: { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${a.token}` } }
      const b = await createCustomerWithToken(container, "bo@example.com")
      other = { customer: b.customer, headers: { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${b.token}` } }
    })
    beforeEach(() => {
      container = getContainer()
      cn.wechat.refundSettlement = "immediate"
    })

    const call = (method: "get" | "post", url: string, body?: unknown, headers: Record<string, string> = boss) =>
      (method === "get" ? api.get(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const applied = () => waitForSubscribers(container, PAYMENT_EVENT_RECEIVED)
    const lifecycle = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle
    const history = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.history ?? (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle.events

    /** A paid order of the shopper's through the storefront: Alipay / WeChat paid at the simulator, NOWPayments finished, bank transfer confirmed, balance. */
    async function paidOrder(provider: string, o: { variant?: keyof SeededStore["variants"]; buyer?: typeof shopper } = {}) {
      const who = o.buyer ?? shopper
      const variant = o.variant ?? "teapot"
      const data = provider === ALIPAY ? { method: "qr" } : provider === WECHAT ? { method: "native" } : {}
      const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants[variant], quantity: 1 }], shipping_option_id: variant === "membership" ? undefined : store.shippingOptionIds.cny, provider_id: provider, data, token: who.headers.authorization.slice(7), email: who.customer.email })
      if (!c.session) throw new Error(`no session: ${JSON.stringify(c.refused?.data)}`)
      const order_id = await completeStoreCart(api, container, c.cart_id, c.headers)
      if (provider === ALIPAY || provider === WECHAT) {
        const done = applied()
        await (provider === ALIPAY ? cn.alipay : cn.wechat).pay(c.session.data.out_trade_no, { variant: { retry: false } })
        await done
      } else if (provider === NOWPAYMENTS) {
        const done = applied()
        await crypto.nowpayments.advance(c.session.data.payment_id, { status: "finished", variant: { retry: false } })
        await done
      } else if (provider === BANK) {
        const l = await lifecycle(order_id)
        const r = await call("post", `/admin/order-management/orders/${order_id}/bank-transfer/confirm`, { amount: l.total_minor, received_at: new Date().toISOString(), bank_reference: `CMB${Date.now()}` })
        expect(r.status).toBe(200)
        await subscribersIdle()
      }
      expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })
      return { order_id, session: c.session }
    }
    const ask = (orderId: string, body: Record<string, unknown>, headers = shopper.headers) => call("post", `/store/order-management/orders/${orderId}/refund-requests`, body, headers)
    const approve = (id: string, body: Record<string, unknown>, headers = boss) => call("post", `/admin/order-management/refund-requests/${id}/approve`, body, headers)
    const view = async (id: string) => (await call("get", `/admin/order-management/refund-requests/${id}`)).data.refund_request
    const captureOf = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.captures.id"], filters: { id: orderId } })
      return (o as any).payment_collections[0].payments[0].captures[0].id as string
    }

    it("Alipay: the checks at request time refuse with their own messages; partial then full; the order ends refunded", async () => {
      const { order_id, session } = await paidOrder(ALIPAY)
      const rec = recordEvents(container)
      try {
        expect((await call("post", `/store/order-management/orders/${order_id}/refund-requests`, { reason_code: "damaged" }, { "x-publishable-api-key": store.publishableKey })).status).toBe(401)
        expect((await ask(order_id, { reason_code: "damaged" }, other.headers)).status).toBe(404)
        const badReason = await ask(order_id, { reason_code: "bored" })
        expect([badReason.status, badReason.data.message]).toEqual([400, expect.stringMatching(/reason_code must be one of: not_received, damaged/)])
        const tooMuch = await ask(order_id, { amount: 50000, reason_code: "damaged" })
        expect(tooMuch.status).toBe(400)
        expect(tooMuch.data.message).toBe("amount 500.00 CNY is more than can be refunded: 409.00 CNY paid, 0.00 CNY refunded; at most 409.00 CNY")
        const zero = await ask(order_id, { amount: 0, reason_code: "damaged" })
        expect([zero.status, zero.data.message]).toEqual([400, "Invalid request: amount must be a whole number of minor units greater than 0"])
        const gif = await ask(order_id, { amount: 100, reason_code: "damaged", evidence: [{ name: "x.gif", mime_type: "image/gif", content_base64: PNG }] })
        expect([gif.status, gif.data.message]).toEqual([400, "Invalid request: evidence[].mime_type must be one of: image/png, image/jpeg, application/pdf"])
        const badFile = await ask(order_id, { amount: 10000, reason_code: "damaged", evidence: [{ name: "x.png", mime_type: "image/png", content_base64: Buffer.from("not a png").toString("base64") }] })
        expect([badFile.status, badFile.data.message]).toEqual([400, "evidence[0] content is not a image/png"])
        expect((await call("get", `/admin/order-management/refund-requests?status=requested&order_id=${order_id}`)).data.count).toBe(0)

        const first = await ask(order_id, { amount: 10000, reason_code: "damaged", note: "the lid is chipped", evidence: [{ name: "lid.png", mime_type: "image/png", content_base64: PNG }] })
        expect(first.status).toBe(201)
        expect(first.data.refund_request).toMatchObject({ status: "requested", amount_minor: 10000, requested_amount_minor: 10000, currency_code: "cny", reason_code: "damaged", note: "the lid is chipped", evidence: [{ name: "lid.png", mime_type: "image/png" }] })
        expect(first.data.refund_request.evidence[0].file_id).toBeUndefined()
        const again = await ask(order_id, { amount: 100, reason_code: "other" })
        expect([again.status, again.data.message]).toEqual([409, expect.stringMatching(/already has an open refund request/)])

        const queue = await call("get", "/admin/order-management/refund-requests?status=requested")
        const row = queue.data.refund_requests.find((r: any) => r.order_id === order_id)
        expect(row).toMatchObject({ status: "requested", amount_minor: 10000, customer_email: "mei@example.com", opened_by: { type: "customer", id: shopper.customer.id }, evidence: [{ mime_type: "image/png", size_bytes: Buffer.from(PNG, "base64").length, file_id: expect.any(String) }] })
        expect(typeof row.order_display_id).toBe("number")
        // the queue's search: the order's number, a part of the email, the request id
        for (const q of [String(row.order_display_id), "MEI@EXAMPLE", row.id]) {
          expect((await call("get", `/admin/order-management/refund-requests?q=${encodeURIComponent(q)}`)).data.refund_requests.map((x: any) => x.id)).toEqual([row.id])
        }
        expect((await call("get", "/admin/order-management/refund-requests?q=nobody%40example.com")).data.count).toBe(0)
        expect((await call("get", "/admin/order-management/refund-requests?status=pending")).status).toBe(400)
        const file = await api.get(`/admin/order-management/refund-requests/${row.id}/evidence/${row.evidence[0].file_id}`, { headers: boss, responseType: "arraybuffer" })
        expect([file.status, file.headers["content-type"], Buffer.from(file.data).equals(Buffer.from(PNG, "base64"))]).toEqual([200, "image/png", true])
        expect((await call("get", `/admin/order-management/refund-requests/${row.id}/evidence/file_nope`)).status).toBe(404)
        expect((await call("get", `/admin/order-management/refund-requests/${row.id}/evidence/${row.evidence[0].file_id}`, undefined, {})).status).toBe(401)
        // a phone call about it: a communication note on the order, linked in the request's timeline
        expect((await call("post", `/admin/order-management/refund-requests/${row.id}/communications`, { channel: "phone" })).status).toBe(400)
        const talk = await call("post", `/admin/order-management/refund-requests/${row.id}/communications`, { channel: "phone", body: "customer sent a second photo by WeChat" })
        expect(talk.status).toBe(201)
        expect(talk.data.note).toMatchObject({ kind: "communication", channel: "phone" })
        expect(talk.data.refund_request.history.at(-1)).toMatchObject({ action: "communication", metadata: { note_id: talk.data.note.id, channel: "phone" } })

        const done = await approve(row.id, { destination: "original", note: "photo checked" })
        expect(done.status).toBe(200)
        expect(done.data.refund_request).toMatchObject({ status: "refunded", amount_minor: 10000, refunded_minor: 10000, destination: "original", review_note: "photo checked", reviewed_by: { type: "user" }, refunds: [{ provider_id: ALIPAY, amount_minor: 10000, status: "succeeded", destination: "original" }] })
        expect(done.data.refund_request.history.map((h: any) => h.action)).toEqual(["requested", "communication", "approved", "processing", "refund_sent", "refunded"])
        expect(cn.alipay.trades.get(session.data.out_trade_no).refund_fee).toBe(10000)
        expect((await lifecycle(order_id)).fulfillment_status).not.toBe("refunded")

        // everything left (no amount): ¥309.00
        const rest = await ask(order_id, { reason_code: "changed_mind" })
        expect(rest.data.refund_request.amount_minor).toBe(30900)
        const full = await approve(rest.data.refund_request.id, { destination: "original" })
        expect(full.data.refund_request).toMatchObject({ status: "refunded", refunded_minor: 30900 })
        expect(cn.alipay.trades.get(session.data.out_trade_no)).toMatchObject({ refund_fee: 40900, status: "TRADE_CLOSED" })
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed", fulfillment_status: "refunded" })
        expect((await moneyMoves(container, order_id)).refunds).toEqual([100, 309])
        const after = await ask(order_id, { amount: 100, reason_code: "other" })
        expect([after.status, after.data.message]).toEqual([400, "Cannot request a refund: the order is already fully refunded"])

        // the customer's view of the order's requests, and the events a store reacts to
        const mine = await call("get", `/store/order-management/orders/${order_id}/refund-requests`, undefined, shopper.headers)
        expect(mine.data.refund_requests.map((r: any) => [r.status, r.refunded_minor])).toEqual([["refunded", 30900], ["refunded", 10000]])
        expect(mine.data.refundable).toMatchObject({ amount_minor: 0, currency_code: "cny", open_request_id: null })
        expect(mine.data.refund_requests[0].reviewed_by).toBeUndefined()
        await subscribersIdle()
        const names = rec.seen.map((e) => e.name)
        expect(names.filter((n) => n.startsWith("order_management.refund_request."))).toEqual([
          "order_management.refund_request.created", "order_management.refund_request.approved", "order_management.refund_request.refunded",
          "order_management.refund_request.created", "order_management.refund_request.approved", "order_management.refund_request.refunded",
        ])
        expect(rec.seen.find((e) => e.name === "order_management.refund_request.refunded" && e.data.full)?.data).toMatchObject({ order_id, refunded_minor: 30900, destination: "original", full: true })
        expect(names).toContain("order_management.order.refunded")
        // the customer was told at each step, once, in the order's language (English here); the admin feed got the new requests
        const sent = await container.resolve(Modules.NOTIFICATION).listNotifications({ to: "mei@example.com" } as any, { take: 100 } as any)
        const templates = sent.filter((n: any) => n.template.startsWith("order-management.refund-request.")).map((n: any) => n.template)
        expect(templates.sort()).toEqual(["approved", "approved", "received", "received", "refunded", "refunded"].map((t) => `order-management.refund-request.${t}`))
        expect(sent.find((n: any) => n.template === "order-management.refund-request.refunded" && n.data?.refunded_amount === "309.00 CNY")).toMatchObject({ channel: "email", data: { locale: "en" } })
        const feed = await container.resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" } as any, { take: 100 } as any)
        expect(feed.filter((n: any) => n.data?.resource_id && [first.data.refund_request.id, rest.data.refund_request.id].includes(n.data.resource_id))).toHaveLength(2)
      } finally {
        rec.restore()
      }
      const { data } = await call("get", `/admin/order-management/orders/${order_id}`)
      const actions = JSON.stringify(data)
      for (const a of ["refund_requested", "refund_request_approved", "refund_request_refunded"]) expect(actions).toContain(a)
    })

    it("withdraw before review; reject with a reason; a reviewed request cannot be withdrawn or approved", async () => {
      const { order_id } = await paidOrder(ALIPAY)
      const r1 = (await ask(order_id, { amount: 5000, reason_code: "not_received" })).data.refund_request
      const w = await call("post", `/store/order-management/orders/${order_id}/refund-requests/${r1.id}/withdraw`, {}, shopper.headers)
      expect(w.data.refund_request.status).toBe("withdrawn")
      expect((await call("post", `/store/order-management/orders/${order_id}/refund-requests/${r1.id}/withdraw`, {}, shopper.headers)).status).toBe(409)

      const r2 = (await ask(order_id, { amount: 5000, reason_code: "not_received" })).data.refund_request
      expect((await call("post", `/store/order-management/orders/${order_id}/refund-requests/${r2.id}/withdraw`, {}, other.headers)).status).toBe(404)
      const noReason = await call("post", `/admin/order-management/refund-requests/${r2.id}/reject`, { reason: "  " })
      expect([noReason.status, noReason.data.message]).toEqual([400, "Invalid request: a reason is required to reject a refund request"])
      const rejected = await call("post", `/admin/order-management/refund-requests/${r2.id}/reject`, { reason: "the parcel was delivered and signed for" })
      expect(rejected.data.refund_request).toMatchObject({ status: "rejected", reject_reason: "the parcel was delivered and signed for" })
      expect((await call("post", `/store/order-management/orders/${order_id}/refund-requests/${r2.id}/withdraw`, {}, shopper.headers)).status).toBe(409)
      const late = await approve(r2.id, { destination: "original" })
      expect([late.status, late.data.message]).toEqual([409, "Cannot approve this refund request: it is rejected"])
      const mine = (await call("get", `/store/order-management/orders/${order_id}/refund-requests`, undefined, shopper.headers)).data
      expect(mine.refund_requests[0]).toMatchObject({ status: "rejected", reject_reason: "the parcel was delivered and signed for" })
      expect(mine.refundable.amount_minor).toBe(40900)
      expect((await moneyMoves(container, order_id)).refunds).toEqual([])
    })

    it("WeChat: the refund stays processing until WeChat's refund notify says SUCCESS; a CLOSED refund fails, Medusa's refund is taken back, retry to the balance", async () => {
      cn.wechat.refundSettlement = "async"
      const a = await paidOrder(WECHAT)
      const r = (await ask(a.order_id, { amount: 20000, reason_code: "wrong_item" })).data.refund_request
      const processing = (await approve(r.id, { destination: "original" })).data.refund_request
      expect(processing).toMatchObject({ status: "processing", refunded_minor: 0, refunds: [{ provider_id: WECHAT, amount_minor: 20000, status: "processing" }] })
      expect(processing.refunds[0].platform_refund_no).toMatch(/^50\d+/)
      const outRefundNo = processing.refunds[0].refund_id
      expect(cn.wechat.refunds.get(outRefundNo)).toMatchObject({ status: "PROCESSING", notify_url: process.env.OM_WECHAT_NOTIFY_URL })

      const done = applied()
      const n = await cn.wechat.settleRefund(outRefundNo, "SUCCESS", { retry: false })
      expect(n.status).toBe(204)
      await done
      await subscribersIdle()
      const ok = await view(r.id)
      expect(ok).toMatchObject({ status: "refunded", refunded_minor: 20000, refunds: [{ status: "succeeded" }] })
      expect(ok.history.map((h: any) => h.action)).toEqual(["requested", "approved", "processing", "refund_sent", "refund_succeeded", "refunded"])
      // the same notify again (the inbox knows it) changes nothing
      expect((await cn.wechat.settleRefund(outRefundNo, "SUCCESS", { retry: false })).status).toBe(204)
      await subscribersIdle()
      expect((await view(r.id)).history).toHaveLength(6)

      // a refund WeChat closes: the money never left; the request fails, the order can be refunded again
      const b = await paidOrder(WECHAT)
      const r2 = (await ask(b.order_id, { reason_code: "not_received" })).data.refund_request
      const p2 = (await approve(r2.id, { destination: "original", amount: 40900 })).data.refund_request
      expect(p2.status).toBe("processing")
      expect((await moneyMoves(container, b.order_id)).refunds).toEqual([409])
      const closed = applied()
      await cn.wechat.settleRefund(p2.refunds[0].refund_id, "CLOSED", { retry: false })
      await closed
      await subscribersIdle()
      const failed = await view(r2.id)
      expect(failed).toMatchObject({ status: "failed", refunded_minor: 0, failure: { cause: "platform_error", platform_code: "REFUND_CLOSED", retryable: true }, refunds: [{ status: "closed" }] })
      expect(failed.failure.message).toMatch(/closed refund .*the money was not returned/)
      expect((await moneyMoves(container, b.order_id)).refunds).toEqual([])
      // retried to the customer's balance instead
      const retried = await call("post", `/admin/order-management/refund-requests/${r2.id}/retry`, { destination: "balance" })
      expect(retried.data.refund_request).toMatchObject({ status: "refunded", destination: "balance", refunded_minor: 40900 })
      expect(retried.data.refund_request.refunds.map((m: any) => m.status)).toEqual(["closed", "credited"])
      expect(await (container.resolve(BALANCE_MODULE) as BalanceModuleService).balanceOf(shopper.customer.id, "cny")).toBe(40900)
      expect(await lifecycle(b.order_id)).toMatchObject({ fulfillment_status: "refunded" })
    })

    it("each failure cause at the platforms is named, can be retried, and the money moves once it goes through", async () => {
      // WeChat: merchant balance insufficient (NOT_ENOUGH), then the retry goes through
      const w = await paidOrder(WECHAT)
      const rw = (await ask(w.order_id, { amount: 10000, reason_code: "damaged" })).data.refund_request
      cn.wechat.fault({ operation: "refund", status: 403, code: "NOT_ENOUGH", message: "基本账户余额不足，请充值后重新发起" })
      const fw = (await approve(rw.id, { destination: "original" })).data.refund_request
      expect(fw).toMatchObject({ status: "failed", failure: { cause: "merchant_balance_insufficient", platform_code: "NOT_ENOUGH" } })
      expect((await moneyMoves(container, w.order_id)).refunds).toEqual([])
      const again = (await call("post", `/admin/order-management/refund-requests/${rw.id}/retry`, {})).data.refund_request
      // WeChat accepted it (PROCESSING) and sends no notify here: the job's refund query finds it settled
      expect(again).toMatchObject({ status: "processing", refunded_minor: 0, attempt: 2 })
      expect((await moneyMoves(container, w.order_id)).refunds).toEqual([100])
      expect(await queryProcessingRefunds(container)).toEqual({ asked: 1, changed: 1, failed: 0 })
      expect(await view(rw.id)).toMatchObject({ status: "refunded", refunded_minor: 10000, refunds: [{ status: "succeeded" }] })
      expect(await queryProcessingRefunds(container)).toEqual({ asked: 0, changed: 0, failed: 0 })
      // WeChat: the merchant has no refund permission (403 NO_AUTH): the channel is not configured for refunds
      const rw2 = (await ask(w.order_id, { amount: 5000, reason_code: "damaged" })).data.refund_request
      cn.wechat.fault({ operation: "refund", status: 403, code: "NO_AUTH", message: "商户无权限" })
      expect((await approve(rw2.id, { destination: "original" })).data.refund_request).toMatchObject({ status: "failed", failure: { cause: "channel_not_configured", platform_code: "NO_AUTH", retryable: true } })
      expect((await call("post", `/admin/order-management/refund-requests/${rw2.id}/reject`, { reason: "refunded by hand" })).data.refund_request.status).toBe("rejected")

      // Alipay: the same cause in Alipay's words, and information incomplete
      const a = await paidOrder(ALIPAY)
      const ra = (await ask(a.order_id, { amount: 10000, reason_code: "damaged" })).data.refund_request
      cn.alipay.fault({ method: "alipay.trade.refund", answer: { code: "40004", msg: "Business Failed", sub_code: "ACQ.SELLER_BALANCE_NOT_ENOUGH", sub_msg: "卖家余额不足" } })
      expect((await approve(ra.id, { destination: "original" })).data.refund_request.failure).toMatchObject({ cause: "merchant_balance_insufficient", platform_code: "ACQ.SELLER_BALANCE_NOT_ENOUGH" })
      // the channel switched off in the store: not configured (retryable once the store fixes it)
      await container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw("update payment_provider set is_enabled = false where id = ?", [ALIPAY])
      try {
        const nc = (await call("post", `/admin/order-management/refund-requests/${ra.id}/retry`, {})).data.refund_request
        expect(nc.failure).toMatchObject({ cause: "channel_not_configured", retryable: true })
      } finally {
        await container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw("update payment_provider set is_enabled = true where id = ?", [ALIPAY])
      }
      // information incomplete: a retry the same way is refused (it would fail the same), the balance or a rejection remain
      cn.alipay.fault({ method: "alipay.trade.refund", answer: { code: "40004", msg: "Business Failed", sub_code: "ACQ.INVALID_PARAMETER", sub_msg: "参数无效" } })
      const incomplete = (await call("post", `/admin/order-management/refund-requests/${ra.id}/retry`, {})).data.refund_request
      expect(incomplete.failure).toMatchObject({ cause: "information_incomplete", platform_code: "ACQ.INVALID_PARAMETER", retryable: false })
      expect(incomplete.history.filter((h: any) => h.action === "failed")).toHaveLength(3)
      const same = await call("post", `/admin/order-management/refund-requests/${ra.id}/retry`, {})
      expect([same.status, same.data.message]).toEqual([409, "Cannot retry this refund request the same way: it failed because the refund information is incomplete, which a retry will not change; refund it to the customer's balance, or reject it"])
      const given = await call("post", `/admin/order-management/refund-requests/${ra.id}/reject`, { reason: "refunded in cash at the shop" })
      expect(given.data.refund_request.status).toBe("rejected")
      expect(cn.alipay.trades.get(a.session.data.out_trade_no).refund_fee ?? 0).toBe(0)
    })

    it("the refund deadline: a request past the channel's deadline is refused; an approval after it passed fails as deadline passed", async () => {
      const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const old = await paidOrder(WECHAT)
      // paid 366 days ago: WeChat Pay refunds for a year only
      await pg.raw("update capture set created_at = now() - interval '366 days' where id = ?", [await captureOf(old.order_id)])
      const late = await ask(old.order_id, { reason_code: "damaged" })
      expect(late.status).toBe(400)
      expect(late.data.message).toMatch(/^Cannot request a refund: the refund deadline of this payment channel passed on \d{4}-\d{2}-\d{2}$/)
      expect((await call("get", `/store/order-management/orders/${old.order_id}/refund-requests`, undefined, shopper.headers)).data.refundable.deadline_at).toMatch(/^\d{4}-/)

      const a = await paidOrder(ALIPAY)
      const r = (await ask(a.order_id, { amount: 1000, reason_code: "damaged" })).data.refund_request
      // Alipay's default window is 90 days; the review took too long
      await pg.raw("update capture set created_at = now() - interval '91 days' where id = ?", [await captureOf(a.order_id)])
      const failed = (await approve(r.id, { destination: "original" })).data.refund_request
      expect(failed).toMatchObject({ status: "failed", failure: { cause: "deadline_passed", retryable: false } })
      expect(cn.alipay.trades.get(a.session.data.out_trade_no).refund_fee ?? 0).toBe(0)
      // the balance has no deadline
      expect((await call("post", `/admin/order-management/refund-requests/${r.id}/retry`, { destination: "balance" })).data.refund_request.status).toBe("refunded")
    })

    it("two admins approving one request at once: one wins, one refund; above ¥300.00 only permissions.approveRefund may approve", async () => {
      const { order_id, session } = await paidOrder(ALIPAY)
      const r = (await ask(order_id, { amount: 20000, reason_code: "damaged" })).data.refund_request
      const both = await Promise.all([approve(r.id, { destination: "original" }), approve(r.id, { destination: "original" }, clerk)])
      expect(both.map((x) => x.status).sort()).toEqual([200, 409])
      expect(both.find((x) => x.status === 409).data.message).toMatch(/^Cannot approve this refund request: /)
      expect(cn.alipay.trades.get(session.data.out_trade_no).refund_fee).toBe(20000)
      expect((await moneyMoves(container, order_id)).refunds).toEqual([200])

      const big = (await ask(order_id, { reason_code: "damaged", amount: 20900 })).data.refund_request
      // ¥209.00 is within the clerk's limit; ask ¥309.00 through the admin on another order
      const b = await paidOrder(ALIPAY)
      const r3 = await call("post", `/admin/order-management/orders/${b.order_id}/refund-requests`, { reason_code: "other", note: "phoned in" }, clerk)
      expect(r3.status).toBe(201)
      expect(r3.data.refund_request).toMatchObject({ opened_by: { type: "user" }, amount_minor: 40900 })
      const refused = await approve(r3.data.refund_request.id, { destination: "original" }, clerk)
      expect([refused.status, refused.data.message]).toEqual([403, "Cannot approve a refund above 300.00 CNY: not permitted for your admin account (insufficient permissions)"])
      expect((await view(r3.data.refund_request.id)).status).toBe("requested")
      expect((await approve(r3.data.refund_request.id, { destination: "original", amount: 30000 }, clerk)).status).toBe(200)
      expect((await approve(big.id, { destination: "original" }, clerk)).data.refund_request.status).toBe("refunded")
      const detail = (await call("get", `/admin/order-management/orders/${b.order_id}/refund-requests`)).data
      expect(detail.refundable).toMatchObject({ amount_minor: 10900, captured_minor: 40900, refunded_minor: 30000, held_minor: 0, can_refund_to_balance: true })
      const bad = await approve(big.id, { destination: "somewhere" })
      expect(bad.status).toBe(400)
    })

    it("crypto and bank transfer become manual tasks for staff; a balance payment goes back to the balance; a guest cannot be refunded to a balance", async () => {
      const np = await paidOrder(NOWPAYMENTS)
      const rn = (await ask(np.order_id, { amount: 10000, reason_code: "other" })).data.refund_request
      expect((await approve(rn.id, { destination: "original" })).data.refund_request).toMatchObject({ status: "refunded", refunds: [{ provider_id: NOWPAYMENTS, status: "manual_task", amount_minor: 10000 }] })

      const bt = await paidOrder(BANK)
      const rb = (await ask(bt.order_id, { amount: 10000, reason_code: "other" })).data.refund_request
      expect((await approve(rb.id, { destination: "original" })).data.refund_request).toMatchObject({ status: "refunded", refunds: [{ provider_id: BANK, status: "manual_task" }] })

      await call("post", `/admin/order-management/customers/${shopper.customer.id}/balance/adjustments`, { currency_code: "cny", amount: 50000, reason: "prepaid", idempotency_key: "prepaid-mei-1" })
      const bal = await paidOrder(BALANCE)
      const ledger = container.resolve(BALANCE_MODULE) as BalanceModuleService
      expect(await ledger.balanceOf(shopper.customer.id, "cny")).toBe(50000 - 40900)
      const rl = (await ask(bal.order_id, { reason_code: "changed_mind" })).data.refund_request
      expect((await approve(rl.id, { destination: "original" })).data.refund_request).toMatchObject({ status: "refunded", refunded_minor: 40900 })
      expect(await ledger.balanceOf(shopper.customer.id, "cny")).toBe(50000)

      // a guest order (no account): the balance is refused before anything moves
      const guest = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.teapot, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: ALIPAY, data: { method: "qr" } })
      const gOrder = await completeStoreCart(api, container, guest.cart_id, guest.headers)
      const paid = applied()
      await cn.alipay.pay(guest.session.data.out_trade_no, { variant: { retry: false } })
      await paid
      const rg = (await call("post", `/admin/order-management/orders/${gOrder}/refund-requests`, { reason_code: "other", amount: 100 })).data.refund_request
      const toBalance = await approve(rg.id, { destination: "balance" })
      expect([toBalance.status, toBalance.data.message]).toEqual([400, expect.stringMatching(/no customer account to hold a balance/)])
      expect((await view(rg.id)).status).toBe("requested")
    })

    it("a full refund of an activated service emits order_management.service.revoked with the items", async () => {
      const { order_id } = await paidOrder(ALIPAY, { variant: "membership" })
      const d = await call("post", `/admin/order-management/orders/${order_id}/actions`, { action: "dispatch" })
      expect(d.data.order_lifecycle.fulfillment_status).toBe("dispatched")
      const rec = recordEvents(container)
      try {
        const r = (await ask(order_id, { reason_code: "service_problem" })).data.refund_request
        const done = (await approve(r.id, { destination: "original" })).data.refund_request
        expect(done.status).toBe("refunded")
        expect(done.history.map((h: any) => h.action)).toContain("service_revoked")
        await subscribersIdle()
        const revoked = rec.seen.find((e) => e.name === "order_management.service.revoked")
        expect(revoked?.data).toMatchObject({ order_id, refund_request_id: r.id, items: [{ quantity: 1, title: expect.stringMatching(/Tea club/) }] })
      } finally {
        rec.restore()
      }
      expect((await lifecycle(order_id)).fulfillment_status).toBe("refunded")
    })

    it("shipped goods named in a request come back through Medusa's return flow and are restocked", async () => {
      const { order_id } = await paidOrder(ALIPAY)
      expect((await call("post", `/admin/order-management/orders/${order_id}/actions`, { action: "dispatch", tracking_number: "SF100200300" })).data.order_lifecycle.fulfillment_status).toBe("dispatched")
      const inventory = container.resolve(Modules.INVENTORY)
      const stocked = async () => (await inventory.listInventoryLevels({ inventory_item_id: store.inventoryItems.teapot, location_id: store.locationId }))[0].stocked_quantity
      const before = await stocked()
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["items.id", "items.variant_id"], filters: { id: order_id } })
      const item = (o as any).items.find((i: any) => i.variant_id === store.variants.teapot)
      const bad = await call("post", `/admin/order-management/orders/${order_id}/refund-requests`, { reason_code: "damaged", items: [{ item_id: item.id, quantity: 2 }] })
      expect([bad.status, bad.data.message]).toEqual([400, `item ${item.id}: quantity must be 1 to 1`])
      const r = (await call("post", `/admin/order-management/orders/${order_id}/refund-requests`, { reason_code: "damaged", amount: 39900, items: [{ item_id: item.id, quantity: 1 }], return_items: true, return_location_id: store.locationId })).data.refund_request
      const done = (await approve(r.id, { destination: "original" })).data.refund_request
      expect(done).toMatchObject({ status: "refunded", refunded_minor: 39900, return_items: true })
      expect(done.return_id).toMatch(/^return_/)
      expect(done.history.map((h: any) => h.action)).toContain("items_returned")
      expect(await stocked()).toBe(before + 1)
      const { data: [ret] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "return", fields: ["id", "status", "items.quantity"], filters: { id: done.return_id } })
      expect(ret).toMatchObject({ status: "received", items: [{ quantity: 1 }] })
    })
  },
})
