import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { recordEvents, waitForSubscribers } from "../helpers/events"
import { BALANCE_MODULE } from "../../src/modules/balance"
import type BalanceModuleService from "../../src/modules/balance/service"

jest.setTimeout(300 * 1000)

// Per-channel settings at session creation: a customer-borne fee becomes its own cart line; limits apply to what
// the customer pays, fee included.
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_PAYMENT_CHANNELS = JSON.stringify({
  // 1 % + ¥2.00 borne by the customer, at most ¥500.00 per payment
  "bank-transfer": { fee: { rateBps: 100, fixedMinor: 200, bearer: "customer", label: "Bank transfer fee" }, limits: { cny: { max: 50000 } } },
})

const BANK = "pp_bank-transfer_bank-transfer"
const BALANCE = "pp_balance_balance"

afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>
    let headers: Record<string, string>
    let customerId: string

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [BANK, BALANCE], stock: 10 })
      admin = (await createAdmin(container)).headers
      const { customer, token } = await createCustomerWithToken(container, "fee@example.com")
      customerId = customer.id
      headers = { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${token}` }
    })
    beforeEach(() => {
      container = getContainer()
    })

    const h = () => ({ headers })
    const fail = (p: Promise<any>) => p.catch((e: any) => e.response)
    async function cart(variant: keyof SeededStore["variants"] = "teapot") {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "fee@example.com" }, h())
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants[variant], quantity: 1 }, h())
      await api.post(`/store/carts/${cart.id}`, { shipping_address: { first_name: "Sun", last_name: "Li", address_1: "2 Jiefang Rd", city: "Hangzhou", country_code: "cn", postal_code: "310000" } }, h())
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      return { cart_id: cart.id as string, collection_id: payment_collection.id as string }
    }
    const session = (collectionId: string, provider: string) => fail(api.post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: provider }, h()))
    const readCart = async (cartId: string) => (await api.get(`/store/carts/${cartId}`, h())).data.cart
    const feeLines = (c: any) => c.items.filter((i: any) => i.metadata?.order_management_payment_fee)

    it("a customer-borne fee is its own cart line, paid with the order: the session, the reference and the order carry it", async () => {
      const { cart_id, collection_id } = await cart()
      // before choosing: what each channel of the region would add and cost
      const preview = (await api.get(`/store/order-management/carts/${cart_id}/payment-channels`, h())).data.channels
      expect(preview.find((c: any) => c.provider_id === BANK)).toEqual({ provider_id: BANK, currency_code: "cny", fee_minor: 609, fee_label: "Bank transfer fee", total_minor: 41509, available: true, refusal: null })
      expect(preview.find((c: any) => c.provider_id === BALANCE)).toMatchObject({ fee_minor: 0, fee_label: null, total_minor: 40900, available: true })
      expect((await fail(api.get(`/store/order-management/carts/cart_missing/payment-channels`, h()))).status).toBe(404)
      const r = await session(collection_id, BANK)
      expect(r.status).toBe(200)
      // 1 % of 409.00 = 4.09, plus 2.00
      expect(r.data.payment_collection.amount).toBe(415.09)
      expect(r.data.payment_collection.payment_sessions[0].data).toMatchObject({ amount_minor: 41509, currency: "CNY" })
      const c = await readCart(cart_id)
      expect(c.total).toBe(415.09)
      expect(feeLines(c)).toEqual([expect.objectContaining({ title: "Bank transfer fee", unit_price: 6.09, quantity: 1, requires_shipping: false })])
      expect(feeLines(c)[0].metadata.order_management_payment_fee).toEqual({ provider_id: BANK, rate_bps: 100, fixed_minor: 200, base_minor: 40900, fee_minor: 609 })

      const placed = waitForSubscribers(container, "order.placed")
      const done = await api.post(`/store/carts/${cart_id}/complete`, {}, h())
      expect(done.data.type).toBe("order")
      await placed
      const orderId = done.data.order.id
      const l = (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle
      expect(l).toMatchObject({ total_minor: 41509, payment_status: "pending" })
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["total", "items.title", "items.unit_price"], filters: { id: orderId } })
      expect((o as any).items.map((i: any) => [i.title, Number(i.unit_price)]).sort()).toEqual([["Bank transfer fee", 6.09], ["Yixing clay teapot", 399]])

      // the whole amount is received, reviewed and dispatched: the fee line is neither shipped nor activated
      await api.post(`/admin/order-management/orders/${orderId}/bank-transfer/confirm`, { amount: 41509, received_at: "2026-11-22T10:00:00Z", bank_reference: "CMB-FEE-1", approve: true }, { headers: admin })
      const events = recordEvents(container)
      const dispatched = await api.post(`/admin/order-management/orders/${orderId}/actions`, { action: "dispatch", tracking_number: "SF100" }, { headers: admin })
      expect(dispatched.status).toBe(200)
      const e = events.seen.find((x) => x.name === "order_management.order.dispatched")!
      events.restore()
      expect([e.data.shipped_items.length, e.data.activated_items]).toEqual([1, []])
    })

    it("switching channel takes the fee line off or puts it back, never twice; a changed cart gets a fee on its new total", async () => {
      await container.resolve<BalanceModuleService>(BALANCE_MODULE).post({ customer_id: customerId, currency_code: "cny", direction: "credit", amount_minor: 200000, source_type: "adjustment", source_id: "fees-test-credit", actor: { type: "user", id: null } })
      const { cart_id, collection_id } = await cart()
      await session(collection_id, BANK)
      const toBalance = await session(collection_id, BALANCE)
      expect(toBalance.data.payment_collection.amount).toBe(409)
      expect(feeLines(await readCart(cart_id))).toEqual([])
      // the same choice twice at once (a double click): still one fee line
      await Promise.all([session(collection_id, BANK), session(collection_id, BANK)])
      const c = await readCart(cart_id)
      expect(feeLines(c)).toHaveLength(1)
      expect(c.total).toBe(415.09)

      // another item: Medusa drops the session; choosing the channel again recomputes the fee on 409 + 128
      await api.post(`/store/carts/${cart_id}/line-items`, { variant_id: store.variants.tea, quantity: 1 }, h())
      const again = await session(collection_id, BANK)
      // 1 % of 537.00 = 5.37 plus 2.00 → 544.37, above the ¥500.00 limit: refused, the old fee line stays until a valid choice
      expect([again.status, again.data.message]).toEqual([400, "pp_bank-transfer_bank-transfer takes payments of at most 500.00 CNY; this one is 544.37 CNY"])
      const viaBalance = await session(collection_id, BALANCE)
      expect(viaBalance.data.payment_collection.amount).toBe(537)
      expect(feeLines(await readCart(cart_id))).toEqual([])
    })

    it("the limit applies to what the customer pays, fee included; a refusal leaves the cart unchanged", async () => {
      const { cart_id, collection_id } = await cart()
      await api.post(`/store/carts/${cart_id}/line-items`, { variant_id: store.variants.membership, quantity: 1 }, h())
      // 409 + 199 = 608.00 before the fee: already above the limit
      const r = await session(collection_id, BANK)
      expect([r.status, r.data.message]).toEqual([400, "pp_bank-transfer_bank-transfer takes payments of at most 500.00 CNY; this one is 616.08 CNY"])
      const c = await readCart(cart_id)
      expect([c.total, feeLines(c)]).toEqual([608, []])
      const preview = (await api.get(`/store/order-management/carts/${cart_id}/payment-channels`, h())).data.channels
      expect(preview.find((x: any) => x.provider_id === BANK)).toMatchObject({ total_minor: 61608, available: false, refusal: "pp_bank-transfer_bank-transfer takes payments of at most 500.00 CNY; this one is 616.08 CNY" })
    })

    it("a cart whose fee line no longer matches the chosen channel is not completed", async () => {
      const { cart_id, collection_id } = await cart()
      await session(collection_id, BANK)
      // the fee line removed behind the session route's back (no refresh of the payment session)
      const line = feeLines(await readCart(cart_id))[0]
      await container.resolve(Modules.CART).deleteLineItems([line.id])
      const r = await fail(api.post(`/store/carts/${cart_id}/complete`, {}, h()))
      expect(JSON.stringify(r.data)).toMatch(/The payment fee on this cart does not match the chosen payment method/)
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id } })
      expect(o).toBeUndefined()
    })

    it("paying an order again must keep the fee its total includes", async () => {
      const { cart_id, collection_id } = await cart()
      await session(collection_id, BANK)
      const placed = waitForSubscribers(container, "order.placed")
      const orderId = (await api.post(`/store/carts/${cart_id}/complete`, {}, h())).data.order.id
      await placed
      const url = `/store/order-management/orders/${orderId}/payment-sessions`
      const other = await fail(api.post(url, { provider_id: BALANCE }, h()))
      expect([other.status, other.data.message]).toEqual([400, "This order's total includes a payment fee of 6.09 CNY for pp_bank-transfer_bank-transfer; pay it with that method"])
      const same = await fail(api.post(url, { provider_id: BANK }, h()))
      expect(same.status).toBe(201)
      expect(same.data.payment_session.data).toMatchObject({ amount_minor: 41509 })
    })
  },
})
