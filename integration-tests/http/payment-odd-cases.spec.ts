import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createProductsWorkflow, createTaxRegionsWorkflow } from "@medusajs/medusa/core-flows"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { CN_PROVIDERS, CnGateways, freePort, startCnGateways } from "../helpers/cn-gateways"
import { CryptoGateways, startCryptoGateways } from "../helpers/crypto-gateways"
import { completeStoreCart, moneyMoves, startStoreCheckout } from "../helpers/store-checkout"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"
import { releaseUnpaidOrder, releaseUnpaidOrders } from "../../src/workflows/release-unpaid-orders"
import { retryPaymentEvents } from "../../src/jobs/retry-payment-events"
import { syncOrder } from "../../src/workflows/sync-order"

jest.setTimeout(300 * 1000)

// Issue 12: what real stores meet. Each describe is one kind of fault; each test is named after its kind.
// The rule: money the platform took is never dropped, never applied to the wrong state, never counted twice;
// an answer that is not a definite "unpaid" or "closed" never cancels an order.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_PAYMENT_CHANNELS = JSON.stringify({})
const BALANCE = "pp_balance_balance"
const BANK = "pp_bank-transfer_bank-transfer"
const ALIPAY = "pp_alipay_alipay"
const WECHAT = "pp_wechatpay_wechatpay"
const USDT = "pp_nowpayments_nowpayments"

let gw: CnGateways
let crypto: CryptoGateways
beforeAll(async () => {
  const port = await freePort()
  gw = await startCnGateways({ port })
  crypto = await startCryptoGateways({ port })
})
afterAll(async () => {
  await gw?.close()
  await crypto?.close()
})
afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>
    /** a ¥9.99 service item (no shipping), taxed at 13 % exclusive: a cart of 11.2887 */
    let sampleVariant: string

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [...CN_PROVIDERS, USDT, BANK, BALANCE], stock: 5 })
      admin = (await createAdmin(container)).headers
      await createTaxRegionsWorkflow(container).run({
        input: [{ country_code: "cn", provider_id: "tp_system", default_tax_rate: { rate: 13, code: "CN-VAT", name: "VAT 13%" } }],
      })
      const { result: [sample] } = await createProductsWorkflow(container).run({
        input: {
          products: [{
            title: "Tasting sample (online class)", handle: "tasting-sample", status: ProductStatus.PUBLISHED,
            options: [{ title: "Kind", values: ["Online"] }],
            variants: [{ title: "Online", sku: "SAMPLE-ONLINE", manage_inventory: false, options: { Kind: "Online" }, prices: [{ currency_code: "cny", amount: 9.99 }] }],
            sales_channels: [{ id: store.salesChannelId }],
          }],
        },
      })
      sampleVariant = sample.variants[0].id
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post", url: string, body?: unknown, headers: Record<string, string> = admin) =>
      (method === "get" ? api.get(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const lifecycle = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle
    const anomalies = async (orderId: string) => (await call("get", `/admin/order-management/anomalies?order_id=${orderId}`)).data.anomalies
    const applied = (count = 1) => waitForSubscribers(container, PAYMENT_EVENT_RECEIVED, count)
    const buyer = async (email: string) => {
      const { customer, token } = await createCustomerWithToken(container, email)
      return { customer, token }
    }
    const orderTotal = async (orderId: string) => {
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["total"], filters: { id: orderId } })
      return String((o as any).total)
    }

    describe("rounding: totals with more decimals than the currency has", () => {
      const taxedCheckout = (provider_id: string, data: Record<string, unknown> = {}, token?: string) =>
        startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: sampleVariant, quantity: 1 }], provider_id, data, token })

      it("rounding: Alipay takes a taxed cart of 11.2887 as ¥11.29, the notify confirms it without a mismatch, and a full refund of what was received is allowed", async () => {
        const { cart_id, session, refused, headers } = await taxedCheckout(ALIPAY, { method: "qr" })
        expect(refused?.data).toBeUndefined()
        expect(String(session.amount)).toBe("11.2887")
        expect(session.data.amount_minor).toBe(1129)
        expect(gw.alipay.requests.find((r: any) => r.biz.out_trade_no === session.data.out_trade_no).biz.total_amount).toBe("11.29")
        const order_id = await completeStoreCart(api, container, cart_id, headers)
        expect(Number(await orderTotal(order_id))).toBe(11.2887)

        const done = applied()
        expect((await gw.alipay.pay(session.data.out_trade_no, { variant: { retry: false } })).notify.body).toBe("success")
        await done
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed", fulfillment_status: "processing", total_minor: 1129, paid_minor: 1129 })
        expect(await anomalies(order_id)).toEqual([])

        // what the buyer paid, to the fen, goes back
        const { payment_ids } = await moneyMoves(container, order_id)
        const refund = await call("post", `/admin/payments/${payment_ids[0]}/refund`, { amount: 11.29 })
        expect(refund.status).toBe(200)
        expect(gw.alipay.trades.get(session.data.out_trade_no)).toMatchObject({ refund_fee: 1129, status: "TRADE_CLOSED" })
        // and nothing more
        expect((await call("post", `/admin/payments/${payment_ids[0]}/refund`, { amount: 0.01 })).status).toBe(400)
      })

      it("rounding: WeChat Pay takes the taxed cart as 1129 fen; confirmed; a full refund (Medusa's own amount, 11.2887) refunds 1129 fen", async () => {
        const { cart_id, session, headers } = await taxedCheckout(WECHAT, { method: "native" })
        expect(gw.wechat.trades.get(session.data.out_trade_no).total).toBe(1129)
        const order_id = await completeStoreCart(api, container, cart_id, headers)
        const done = applied()
        expect((await gw.wechat.pay(session.data.out_trade_no, { variant: { retry: false } })).notify.status).toBe(204)
        await done
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed", paid_minor: 1129 })
        const { payment_ids } = await moneyMoves(container, order_id)
        const refund = await call("post", `/admin/payments/${payment_ids[0]}/refund`, {})
        expect(refund.status).toBe(200)
        expect([...gw.wechat.refunds.values()].map((r: any) => r.amount.refund)).toEqual([1129])
      })

      it("rounding: a bank transfer of ¥11.29 for the taxed cart is the whole amount: captured and confirmed", async () => {
        const { cart_id, session, headers } = await taxedCheckout(BANK)
        expect(session.data.amount_minor).toBe(1129)
        const order_id = await completeStoreCart(api, container, cart_id, headers)
        const r = await call("post", `/admin/order-management/orders/${order_id}/bank-transfer/confirm`, { amount: 1129, received_at: new Date().toISOString(), bank_reference: "CMB-TAX-1" })
        expect(r.data.receipt).toEqual({ complete: true, received_minor: 1129, expected_minor: 1129 })
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed", paid_minor: 1129 })
        expect(await anomalies(order_id)).toEqual([])
      })

      it("rounding: the balance pays the taxed cart with 1129 fen, and a full refund credits 1129 fen back", async () => {
        const { customer, token } = await buyer("taxed@example.com")
        await call("post", `/admin/order-management/customers/${customer.id}/balance/adjustments`, { currency_code: "cny", amount: 2000, reason: "opening balance", idempotency_key: "taxed-open" })
        const { cart_id, session, refused, headers } = await taxedCheckout(BALANCE, {}, token)
        expect(refused?.data).toBeUndefined()
        const order_id = await completeStoreCart(api, container, cart_id, headers)
        expect(session).toBeTruthy()
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed", paid_minor: 1129 })
        const balance = async () => (await call("get", `/admin/order-management/customers/${customer.id}/balance`)).data
        expect(JSON.stringify(await balance())).toContain('"balance_minor":871')
        const { payment_ids } = await moneyMoves(container, order_id)
        expect((await call("post", `/admin/payments/${payment_ids[0]}/refund`, {})).status).toBe(200)
        expect(JSON.stringify(await balance())).toContain('"balance_minor":2000')
      })
    })

    describe("edited orders: the order changes after the trade was created", () => {
      const editOrder = async (orderId: string, change: { add?: Array<{ variant_id: string; quantity: number }>; setQuantity?: { item_id: string; quantity: number } }) => {
        const edited = waitForSubscribers(container, "order-edit.confirmed")
        expect((await call("post", "/admin/order-edits", { order_id: orderId })).status).toBe(200)
        if (change.add) expect((await call("post", `/admin/order-edits/${orderId}/items`, { items: change.add })).status).toBe(200)
        if (change.setQuantity) expect((await call("post", `/admin/order-edits/${orderId}/items/item/${change.setQuantity.item_id}`, { quantity: change.setQuantity.quantity })).status).toBe(200)
        expect((await call("post", `/admin/order-edits/${orderId}/request`, {})).status).toBe(200)
        expect((await call("post", `/admin/order-edits/${orderId}/confirm`, {})).status).toBe(200)
        await edited
      }
      const teaCheckout = async (token: string, quantity = 1) => {
        const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity }], shipping_option_id: store.shippingOptionIds.cny, provider_id: ALIPAY, data: { method: "qr" }, token })
        return { ...c, order_id: await completeStoreCart(api, container, c.cart_id, c.headers) }
      }
      const payAtAlipay = async (outTradeNo: string) => {
        const done = applied()
        expect((await gw.alipay.pay(outTradeNo, { variant: { retry: false } })).notify.body).toBe("success")
        await done
      }

      it("edited orders: a pending Alipay order edited up and then paid the old QR is partly paid (not confirmed, not reviewed, not dispatchable); the customer pays the difference and only then it is confirmed", async () => {
        const { token } = await buyer("edited-up@example.com")
        const { session, order_id, headers } = await teaCheckout(token)
        const before = await lifecycle(order_id)
        await editOrder(order_id, { add: [{ variant_id: sampleVariant, quantity: 1 }] })
        const edited = await lifecycle(order_id)
        expect(edited).toMatchObject({ payment_status: "pending", total_minor: before.total_minor + 1129, outstanding_minor: before.total_minor + 1129 })

        // the buyer pays the QR made for the old amount: money taken is recorded, but it does not pay the order
        await payAtAlipay(session.data.out_trade_no)
        const partly = await lifecycle(order_id)
        expect(partly).toMatchObject({ payment_status: "partially_paid", fulfillment_status: null, paid_minor: before.total_minor, outstanding_minor: 1129 })
        expect(partly.history.map((x: any) => x.action)).toContain("payment_partially_paid")
        expect((await moneyMoves(container, order_id)).captures).toEqual([before.total_minor / 100])
        const payment = (await call("get", `/admin/order-management/orders/${order_id}/payment`)).data
        expect(payment).toMatchObject({ outstanding_minor: 1129, paid_minor: before.total_minor })
        const dispatch = await call("post", `/admin/order-management/orders/${order_id}/actions`, { action: "dispatch" })
        expect(dispatch.status).toBe(409)
        expect(dispatch.data.message).toMatch(/11\.29 CNY is still outstanding/)
        // the release job never cancels an order that holds money
        expect(await releaseUnpaidOrder(container, order_id, new Date(Date.now() + 30 * 86400_000))).toBe("skipped")

        // the customer pays the difference (any channel; here Alipay again): a collection for exactly ¥11.29
        const again = await call("post", `/store/order-management/orders/${order_id}/payment-sessions`, { provider_id: ALIPAY, data: { method: "qr" } }, headers)
        expect(again.status).toBe(201)
        expect(Number(again.data.payment_session.amount)).toBeCloseTo(11.2887, 4)
        expect(gw.alipay.requests.find((r: any) => r.biz.out_trade_no === again.data.payment_session.data.out_trade_no).biz.total_amount).toBe("11.29")
        await payAtAlipay(again.data.payment_session.data.out_trade_no)
        const paid = await lifecycle(order_id)
        expect(paid).toMatchObject({ payment_status: "confirmed", fulfillment_status: "processing", outstanding_minor: 0, paid_minor: before.total_minor + 1129 })
        expect(await anomalies(order_id)).toEqual([])
        // nothing left to pay: pay-again says so
        const none = await call("post", `/store/order-management/orders/${order_id}/payment-sessions`, { provider_id: ALIPAY, data: { method: "qr" } }, headers)
        expect(none.status).toBe(409)
        expect(none.data.message).toMatch(/nothing is outstanding/)
      })

      it("edited orders: a confirmed order edited up owes the difference and dispatch refuses unless an admin overrides with a reason; one edited down shows the refund due", async () => {
        const { token } = await buyer("edited-confirmed@example.com")
        const up = await teaCheckout(token)
        await payAtAlipay(up.session.data.out_trade_no)
        expect(await lifecycle(up.order_id)).toMatchObject({ payment_status: "confirmed", fulfillment_status: "processing", outstanding_minor: 0 })
        await editOrder(up.order_id, { add: [{ variant_id: sampleVariant, quantity: 1 }] })
        expect(await lifecycle(up.order_id)).toMatchObject({ payment_status: "confirmed", outstanding_minor: 1129 })
        const refused = await call("post", `/admin/order-management/orders/${up.order_id}/actions`, { action: "dispatch" })
        expect(refused.status).toBe(409)
        expect(refused.data.message).toMatch(/11\.29 CNY is still outstanding/)
        expect((await lifecycle(up.order_id)).fulfillment_status).toBe("processing")
        const over = await call("post", `/admin/order-management/orders/${up.order_id}/actions`, { action: "dispatch", override_outstanding: "paid the sample in cash at the counter" })
        expect(over.status).toBe(200)
        const dispatched = await lifecycle(up.order_id)
        expect(dispatched.fulfillment_status).toBe("dispatched")
        expect(dispatched.history.find((x: any) => x.action === "dispatch").reason).toMatch(/1129 minor units outstanding: paid the sample in cash at the counter/)

        const down = await teaCheckout(token, 2)
        await payAtAlipay(down.session.data.out_trade_no)
        const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["items.id", "items.variant_id"], filters: { id: down.order_id } })
        const teaItem = (o as any).items.find((i: any) => i.variant_id === store.variants.tea)
        await editOrder(down.order_id, { setQuantity: { item_id: teaItem.id, quantity: 1 } })
        const refundDue = await lifecycle(down.order_id)
        expect(refundDue).toMatchObject({ payment_status: "confirmed" })
        expect(refundDue.outstanding_minor).toBe(-14464) // one tin of ¥128.00 + 13 % VAT comes back
        expect((await call("get", `/admin/order-management/orders/${down.order_id}/payment`)).data.outstanding_minor).toBe(-14464)
      })
    })

    describe("abandoned trades: money paid to a trade whose session the store replaced", () => {
      const nowpaymentsIpn = async (paymentId: string, status: string) => {
        const done = applied()
        expect((await crypto.nowpayments.advance(paymentId, { status, variant: { retry: false } })).status).toBe(200)
        await done
      }

      it("abandoned trades: a USDT address left behind when the customer switched to Alipay is paid after the order was paid: a duplicate_payment anomaly on the order, refunded from the admin; its expiry changes nothing", async () => {
        const { token } = await buyer("switcher@example.com")
        const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: USDT, token })
        const usdt = c.session
        expect(usdt.data.pay_address).toBeTruthy()
        // the customer changes their mind: Alipay. Medusa deletes the USDT session; the address stays payable
        const { data: { payment_collection } } = await api.post(`/store/payment-collections/${c.payment_collection_id}/payment-sessions`, { provider_id: ALIPAY, data: { method: "qr" } }, { headers: c.headers })
        expect(payment_collection.payment_sessions.map((s: any) => s.provider_id)).toEqual([ALIPAY])
        const order_id = await completeStoreCart(api, container, c.cart_id, c.headers)
        const done = applied()
        await gw.alipay.pay(payment_collection.payment_sessions[0].data.out_trade_no, { variant: { retry: false } })
        await done
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed" })

        await nowpaymentsIpn(usdt.data.payment_id, "finished")
        const [a] = await anomalies(order_id)
        expect(a).toMatchObject({ type: "duplicate_payment", status: "open", order_id, cart_id: c.cart_id, session_id: usdt.id, provider_id: USDT, amount_minor: usdt.data.amount_minor, currency_code: "cny", platform_transaction_id: String(usdt.data.payment_id), payment_id: null })
        expect(a.metadata.reason).toMatch(/whose payment session the store had replaced/)
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed", paid_minor: usdt.data.amount_minor })
        const inbox = (await call("get", `/admin/order-management/orders/${order_id}/payment`)).data
        expect(inbox.outstanding_minor).toBe(0)

        // refund from the admin: the trade is adopted into a new session, authorized (NOWPayments says finished), refunded
        const refund = await call("post", `/admin/order-management/anomalies/${a.id}/resolve`, { resolution: "refund", note: "paid twice" })
        expect(refund.status).toBe(200)
        expect(refund.data.anomaly).toMatchObject({ status: "resolved", resolution: "refunded" })
        const [after] = await anomalies(order_id)
        expect(after.payment_id).toMatch(/^pay_/)
        const moves = await moneyMoves(container, order_id)
        expect(moves.captures.sort()).toEqual([usdt.data.amount_minor / 100, usdt.data.amount_minor / 100])
        expect(moves.refunds).toEqual([usdt.data.amount_minor / 100])
        // the order's own money is untouched: nothing outstanding, nothing due
        await syncOrder(container, order_id)
        expect(await lifecycle(order_id)).toMatchObject({ payment_status: "confirmed", outstanding_minor: 0 })
        expect((await call("post", `/admin/order-management/anomalies/${a.id}/resolve`, { resolution: "refund" })).status).toBe(409)

        // an expiry of another abandoned address changes nothing on an order paid another way
        const c2 = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: USDT, token })
        await api.post(`/store/payment-collections/${c2.payment_collection_id}/payment-sessions`, { provider_id: ALIPAY, data: { method: "qr" } }, { headers: c2.headers })
        const order2 = await completeStoreCart(api, container, c2.cart_id, c2.headers)
        await nowpaymentsIpn(c2.session.data.payment_id, "expired")
        expect(await lifecycle(order2)).toMatchObject({ payment_status: "pending" })
        expect(await anomalies(order2)).toEqual([])
      })

      it("abandoned trades: an address paid after the cart changed (Medusa deleted its session) and before any order: an unmatched_payment anomaly on the cart, refundable", async () => {
        const { token } = await buyer("changer@example.com")
        const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: USDT, token })
        // a second tin: the cart total changes and Medusa drops the session
        await api.post(`/store/carts/${c.cart_id}/line-items`, { variant_id: store.variants.tea, quantity: 1 }, { headers: c.headers })
        const { data: [pc] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "payment_collection", fields: ["payment_sessions.id"], filters: { id: c.payment_collection_id } })
        expect((pc as any).payment_sessions).toEqual([])
        await nowpaymentsIpn(c.session.data.payment_id, "finished")
        const { data } = await call("get", `/admin/order-management/anomalies?cart_id=${c.cart_id}`)
        expect(data.anomalies).toEqual([expect.objectContaining({ type: "unmatched_payment", order_id: null, cart_id: c.cart_id, amount_minor: c.session.data.amount_minor, provider_id: USDT })])
        expect((await call("get", "/admin/order-management/anomalies?without_order=true")).data.anomalies.map((x: any) => x.id)).toContain(data.anomalies[0].id)
        const refund = await call("post", `/admin/order-management/anomalies/${data.anomalies[0].id}/resolve`, { resolution: "refund" })
        expect(refund.status).toBe(200)
        expect(refund.data.anomaly.payment_id).toMatch(/^pay_/)
      })
    })

    describe("paid without order: the cart never became an order", () => {
      /** One tin left; B buys it while A holds an Alipay QR for it; then A pays. */
      async function lastUnitRace(tag: string) {
        const inventory = container.resolve(Modules.INVENTORY)
        const [level] = await inventory.listInventoryLevels({ inventory_item_id: store.inventoryItems.tea })
        await inventory.updateInventoryLevels([{ id: level.id, inventory_item_id: store.inventoryItems.tea, location_id: store.locationId, stocked_quantity: level.reserved_quantity + 1 }])
        const a = await buyer(`slow-${tag}@example.com`)
        const b = await buyer(`quick-${tag}@example.com`)
        const slow = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: ALIPAY, data: { method: "qr" }, token: a.token })
        const quick = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: BANK, token: b.token })
        await completeStoreCart(api, container, quick.cart_id, quick.headers)
        const done = applied()
        const paid = await gw.alipay.pay(slow.session.data.out_trade_no, { variant: { retry: false } })
        // acknowledged once stored
        expect(paid.notify.body).toBe("success")
        await done
        const { data } = await call("get", `/admin/order-management/anomalies?cart_id=${slow.cart_id}`)
        expect(data.anomalies).toEqual([expect.objectContaining({ type: "paid_no_order", order_id: null, cart_id: slow.cart_id, session_id: slow.session.id, out_trade_no: slow.session.data.out_trade_no, provider_id: ALIPAY, amount_minor: slow.session.data.amount_minor, currency_code: "cny", platform_transaction_id: paid.trade.trade_no })])
        expect(data.anomalies[0].metadata.reason).toMatch(/but the cart could not become an order/)
        // processed once, never retried
        const stored = await (container.resolve("order_management") as any).listPaymentEventsFor({ session_ids: [slow.session.id] })
        expect(stored.map((e: any) => [e.status, e.outcome])).toEqual([["processed", "paid_no_order"]])
        expect(await retryPaymentEvents(container, new Date(Date.now() + 10 * 60_000))).toEqual([])
        return { slow, anomaly: data.anomalies[0] }
      }
      const completeAgain = (slow: { cart_id: string; headers: Record<string, string> }) =>
        api.post(`/store/carts/${slow.cart_id}/complete`, {}, { headers: slow.headers }).catch((e: any) => e.response)

      it("paid without order: the last unit sold to someone else before an Alipay QR was paid: a paid_no_order anomaly names cart, trade, amount and provider; Medusa's own refund of it is recorded; the storefront's complete gets a clear 409", async () => {
        const { slow, anomaly } = await lastUnitRace("auto")
        // Medusa's completeCart gives a captured payment back when the cart cannot complete: recorded as resolved
        expect(anomaly).toMatchObject({ status: "resolved", resolution: "refunded", actor_type: "system" })
        expect(gw.alipay.trades.get(slow.session.data.out_trade_no)).toMatchObject({ refund_fee: slow.session.data.amount_minor, status: "TRADE_CLOSED" })
        const complete = await completeAgain(slow)
        expect(complete.status).toBe(409)
        expect(complete.data).toMatchObject({ code: "paid_no_order" })
        expect(complete.data.message).toMatch(/was received, but the order could not be placed .* has been refunded/)
        expect((await call("get", `/admin/order-management/anomalies?cart_id=${slow.cart_id}`)).data.anomalies).toHaveLength(1)
      })

      it("paid without order: when the automatic refund fails at the platform, the anomaly stays open with the captured payment and is refunded in one click from the admin", async () => {
        // Alipay answers refunds with a system error for now (Medusa's compensation, and our retry of the completion)
        gw.alipay.failNext = { method: "alipay.trade.refund", times: 2 }
        const { slow, anomaly } = await lastUnitRace("manual")
        expect(gw.alipay.failNext).toBeNull()
        expect(anomaly).toMatchObject({ status: "open", payment_id: expect.stringMatching(/^pay_/) })
        const complete = await completeAgain(slow)
        expect(complete.status).toBe(409)
        expect(complete.data.message).toMatch(/will be refunded; no further payment is needed/)
        const refund = await call("post", `/admin/order-management/anomalies/${anomaly.id}/resolve`, { resolution: "refund", note: "sold out" })
        expect(refund.data.message ?? refund.status).toBe(200)
        expect(refund.data.anomaly).toMatchObject({ status: "resolved", resolution: "refunded" })
        expect(gw.alipay.trades.get(slow.session.data.out_trade_no)).toMatchObject({ refund_fee: slow.session.data.amount_minor, status: "TRADE_CLOSED" })
      })
    })

    describe("two refunds at once", () => {
      it("two refunds at once: ¥100 to Alipay and ¥100 to the balance of one ¥155.94 payment at the same moment: one stands, the other gets a clear 4xx; nothing is refunded twice and the ledger holds only a refund that stands", async () => {
        for (const round of [1, 2, 3]) {
          const { customer, token } = await buyer(`twice-${round}@example.com`)
          const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: ALIPAY, data: { method: "qr" }, token })
          const order_id = await completeStoreCart(api, container, c.cart_id, c.headers)
          const done = applied()
          await gw.alipay.pay(c.session.data.out_trade_no, { variant: { retry: false } })
          await done
          const { payment_ids: [paymentId] } = await moneyMoves(container, order_id)
          const [platform, balance] = await Promise.all([
            call("post", `/admin/payments/${paymentId}/refund`, { amount: 100 }),
            call("post", `/admin/order-management/orders/${order_id}/refund-to-balance`, { amount: 10000, reason: "goodwill", idempotency_key: `race-refund-${round}` }),
          ])
          const statuses = [platform.status, balance.status].sort()
          expect(statuses).toEqual([200, 400])
          const loser = platform.status === 400 ? platform : balance
          expect(loser.data.message).toMatch(/refund more than|can still be refunded/)
          const moves = await moneyMoves(container, order_id)
          expect(moves.refunds).toEqual([100])
          const trade = gw.alipay.trades.get(c.session.data.out_trade_no)
          const ledger = (await call("get", `/admin/order-management/customers/${customer.id}/balance`)).data
          if (platform.status === 200) {
            expect(trade.refund_fee).toBe(10000)
            expect(ledger.entries ?? []).toEqual([])
          } else {
            // recorded, not sent: the platform still holds all of it, and the balance has the ¥100
            expect(trade.refund_fee).toBe(0)
            expect(JSON.stringify(ledger)).toContain('"balance_minor":10000')
          }
        }
      })
    })

    describe("bank transfer window: no order released before its own payment deadline", () => {
      const bankOrder = async (email: string) => {
        const { token } = await buyer(email)
        const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: BANK, token })
        return { ...c, order_id: await completeStoreCart(api, container, c.cart_id, c.headers) }
      }
      const hours = (h: number) => new Date(Date.now() + h * 3600_000)

      it("bank transfer window: with a 10-hour unpaid timeout and a reference valid for 3 days, the job releases the order only after the 3 days", async () => {
        const { order_id, session } = await bankOrder("window@example.com")
        const l = await lifecycle(order_id)
        expect(Math.abs(new Date(l.payment_due_at).getTime() - new Date(session.data.expires_at).getTime())).toBeLessThan(1000)
        // past the 10-hour timeout: the job does not even pick it up, and the order itself refuses to go
        const report = await releaseUnpaidOrders(container, { now: hours(11), budgetMs: 60_000 })
        expect(report.canceled).toBe(0)
        expect(await releaseUnpaidOrder(container, order_id, hours(11))).toBe("skipped")
        expect(await releaseUnpaidOrder(container, order_id, hours(71))).toBe("skipped")
        expect((await lifecycle(order_id)).payment_status).toBe("pending")
        expect(await releaseUnpaidOrder(container, order_id, hours(72.1))).toBe("canceled")
      })

      it("bank transfer window: a partial receipt, or a slip nobody has judged, holds the order for an admin instead of releasing it", async () => {
        const partial = await bankOrder("partial-window@example.com")
        const r = await call("post", `/admin/order-management/orders/${partial.order_id}/bank-transfer/confirm`, { amount: 5000, received_at: new Date().toISOString(), bank_reference: "CMB-PART-1" })
        expect(r.data.receipt.complete).toBe(false)
        expect(await releaseUnpaidOrder(container, partial.order_id, hours(73))).toBe("held")
        const held = await lifecycle(partial.order_id)
        expect(held).toMatchObject({ payment_status: "pending", on_hold: true })
        expect(held.hold_reason).toMatch(/partial bank transfer of 50\.00 CNY/)
        // held orders are out of the job's way until an admin decides
        expect(await releaseUnpaidOrder(container, partial.order_id, hours(200))).toBe("skipped")

        const slip = await bankOrder("slip-window@example.com")
        const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("slip")]).toString("base64")
        const up = await call("post", `/store/order-management/orders/${slip.order_id}/bank-transfer/proof`, { payer_name: "Zhou", file: { name: "slip.png", mime_type: "image/png", content_base64: PNG } }, slip.headers)
        expect(up.status).toBe(201)
        expect(await releaseUnpaidOrder(container, slip.order_id, hours(73))).toBe("held")
        expect((await lifecycle(slip.order_id)).hold_reason).toMatch(/bank-transfer slip that has not been judged/)
      })

      it("bank transfer window: the Payment channels page names a window longer than the unpaid timeout", async () => {
        const { data } = await call("get", "/admin/order-management/payment-channels")
        const bank = data.channels.find((c: any) => c.provider_id === BANK)
        expect(bank).toMatchObject({ payment_window_minutes: 4320, unpaid_timeout_minutes: 600 })
        expect(bank.window_warning).toMatch(/customers may pay for 4320 minutes but the unpaid-order timeout is 600 minutes/)
        const alipay = data.channels.find((c: any) => c.provider_id === ALIPAY)
        expect(alipay).toMatchObject({ payment_window_minutes: 30, window_warning: null })
      })
    })

    describe("notifies that are not new money: refunds at the platform, TRADE_FINISHED, GBK", () => {
      const paidAlipayOrder = async (email: string, data: Record<string, unknown> = { method: "qr" }, variant: Record<string, unknown> = {}) => {
        const { token } = await buyer(email)
        const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: ALIPAY, data, token })
        const order_id = await completeStoreCart(api, container, c.cart_id, c.headers)
        const done = applied()
        const paid = await gw.alipay.pay(c.session.data.out_trade_no, { variant: { retry: false, ...variant } })
        await done
        return { ...c, order_id, paid, out_trade_no: c.session.data.out_trade_no as string }
      }
      const refundCalls = (outTradeNo: string) => gw.alipay.requests.filter((r: any) => r.method === "alipay.trade.refund" && r.biz.out_trade_no === outTradeNo).length

      it("refunded outside the store: a refund made in Alipay's merchant console is recorded once (history, refunded_outside_store anomaly, Medusa's refundable shrinks); a later admin refund beyond what is left fails in Medusa, never at Alipay", async () => {
        const o = await paidAlipayOrder("console@example.com")
        expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "confirmed", paid_minor: 15594 })

        let done = applied()
        expect((await gw.alipay.consoleRefund(o.out_trade_no, 5000)).body).toBe("success")
        await done
        const l = await lifecycle(o.order_id)
        expect(l.payment_status).toBe("confirmed")
        expect(l.history.find((h: any) => h.action === "refunded_outside_store")).toMatchObject({ actor_type: "gateway", reason: expect.stringMatching(/^50\.00 CNY refunded at pp_alipay_alipay outside the store \(refund CONSOLE/) })
        const [a] = await anomalies(o.order_id)
        expect(a).toMatchObject({ type: "refunded_outside_store", amount_minor: 5000, currency_code: "cny", provider_id: ALIPAY, platform_transaction_id: o.paid.trade.trade_no })
        expect((await moneyMoves(container, o.order_id))).toMatchObject({ captures: [155.94], refunds: [50] })
        expect(refundCalls(o.out_trade_no)).toBe(0)

        // what is left is ¥105.94: a refund of ¥120 from the admin fails in Medusa with its own message
        const { payment_ids: [paymentId] } = await moneyMoves(container, o.order_id)
        const tooMuch = await call("post", `/admin/payments/${paymentId}/refund`, { amount: 120 })
        expect(tooMuch.status).toBe(400)
        expect(tooMuch.data.message).toMatch(/refund more than/)
        expect(refundCalls(o.out_trade_no)).toBe(0)

        // the rest refunded in the console too (TRADE_CLOSED): recorded once more, the trade's total now
        done = applied()
        await gw.alipay.consoleRefund(o.out_trade_no, 10594)
        await done
        expect(gw.alipay.trades.get(o.out_trade_no).status).toBe("TRADE_CLOSED")
        expect((await moneyMoves(container, o.order_id)).refunds.sort()).toEqual([105.94, 50])
        expect((await anomalies(o.order_id)).map((x: any) => x.amount_minor).sort()).toEqual([10594, 5000])
        // a repeat of the last notify records nothing again
        const again = await gw.alipay.notify(o.out_trade_no, { retry: false, refund: { out_biz_no: "repeat", gmt: "2026-11-30 12:00:00" } })
        expect(again.body).toBe("success")
        await subscribersIdle()
        expect((await moneyMoves(container, o.order_id)).refunds).toHaveLength(2)
      })

      it("refunded outside the store: a refund the store made itself, notified back by Alipay, records nothing twice", async () => {
        gw.alipay.notifyApiRefunds = true
        try {
          const o = await paidAlipayOrder("own-refund@example.com")
          const { payment_ids: [paymentId] } = await moneyMoves(container, o.order_id)
          const done = applied()
          expect((await call("post", `/admin/payments/${paymentId}/refund`, { amount: 30 })).status).toBe(200)
          await done
          expect((await gw.alipay.refundNotifies[gw.alipay.refundNotifies.length - 1]).body).toBe("success")
          expect((await moneyMoves(container, o.order_id)).refunds).toEqual([30])
          expect(await anomalies(o.order_id)).toEqual([])
          expect((await lifecycle(o.order_id)).history.map((h: any) => h.action)).not.toContain("refunded_outside_store")
        } finally {
          gw.alipay.notifyApiRefunds = false
        }
      })

      it("not new money: TRADE_FINISHED days after TRADE_SUCCESS neither captures nor opens an anomaly, for a confirmed order and for one refunded since", async () => {
        const live = await paidAlipayOrder("finished@example.com")
        let done = applied()
        expect((await gw.alipay.finish(live.out_trade_no)).body).toBe("success")
        await done
        expect(await lifecycle(live.order_id)).toMatchObject({ payment_status: "confirmed" })
        expect((await moneyMoves(container, live.order_id)).captures).toEqual([155.94])
        expect(await anomalies(live.order_id)).toEqual([])

        // paid, then canceled by the admin (Medusa refunds through Alipay); the platform's late TRADE_FINISHED
        const gone = await paidAlipayOrder("finished-canceled@example.com")
        expect((await call("post", `/admin/order-management/orders/${gone.order_id}/actions`, { action: "cancel", reason: "customer changed their mind" })).status).toBe(200)
        expect((await lifecycle(gone.order_id)).fulfillment_status).toBe("refunded")
        done = applied()
        expect((await gw.alipay.notify(gone.out_trade_no, { retry: false, status: "TRADE_FINISHED" })).body).toBe("success")
        await done
        expect(await anomalies(gone.order_id)).toEqual([])
        expect((await moneyMoves(container, gone.order_id)).captures).toEqual([155.94])
        expect((await lifecycle(gone.order_id)).fulfillment_status).toBe("refunded")
      })

      it("charset: a GBK notify (a Chinese subject) is verified on its bytes in the declared charset and confirms the order", async () => {
        const { token } = await buyer("gbk@example.com")
        const c = await startStoreCheckout(api, { publishableKey: store.publishableKey, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], shipping_option_id: store.shippingOptionIds.cny, provider_id: ALIPAY, data: { method: "qr", subject: "西湖龙井 250克 礼盒" }, token })
        const order_id = await completeStoreCart(api, container, c.cart_id, c.headers)
        const done = applied()
        const paid = await gw.alipay.pay(c.session.data.out_trade_no, { variant: { retry: false, charset: "GBK" } })
        expect(paid.notify).toMatchObject({ status: 200, body: "success" })
        await done
        const o = { order_id, session: c.session }
        const delivered = gw.alipay.notifies[gw.alipay.notifies.length - 1]
        expect(delivered).toMatchObject({ status: 200, body: "success" })
        expect(await lifecycle(o.order_id)).toMatchObject({ payment_status: "confirmed" })
        const [event] = await (container.resolve("order_management") as any).listPaymentEventsFor({ session_ids: [o.session.id] })
        expect(event.payload.report.summary).toMatchObject({ trade_status: "TRADE_SUCCESS" })
      })
    })
  },
})
