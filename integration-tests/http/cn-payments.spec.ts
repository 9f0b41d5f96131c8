import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { CN_PROVIDERS, CnGateways, startCnGateways } from "../helpers/cn-gateways"

jest.setTimeout(300 * 1000)

// Alipay and WeChat Pay against the local simulators: real HTTP both ways,
// real RSA2 / WECHATPAY2-SHA256-RSA2048 signatures and AES-256-GCM.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
let gw: CnGateways
beforeAll(async () => {
  gw = await startCnGateways()
})
afterAll(async () => {
  await gw?.close()
})

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>

    beforeEach(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: CN_PROVIDERS, stock: 50 })
      admin = (await createAdmin(container)).headers
    })

    const h = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })
    const lifecycle = async (orderId: string) => (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle

    /** Storefront checkout up to the payment session (data picks the method). */
    async function startCheckout(provider: string, data: Record<string, unknown>) {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "shopper@example.com" }, h())
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

      const paid = await gw.alipay.pay(session.data.out_trade_no, { variant: { retry: false } })
      expect(paid.notify).toMatchObject({ status: 200, body: "success" })
      const l = await lifecycle(order_id)
      expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "processing" })
      expect(await capturedAmount(order_id)).toEqual([399 + 10])
    })
  },
})
