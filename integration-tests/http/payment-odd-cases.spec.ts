import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { createProductsWorkflow, createTaxRegionsWorkflow } from "@medusajs/medusa/core-flows"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { CN_PROVIDERS, CnGateways, startCnGateways } from "../helpers/cn-gateways"
import { completeStoreCart, moneyMoves, startStoreCheckout } from "../helpers/store-checkout"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"

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
    /** a ¥9.99 service item (no shipping), taxed at 13 % exclusive: a cart of 11.2887 */
    let sampleVariant: string

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [...CN_PROVIDERS, BANK, BALANCE], stock: 5 })
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
  },
})
