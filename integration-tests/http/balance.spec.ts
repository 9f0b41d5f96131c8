import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { recordEvents, waitForSubscribers } from "../helpers/events"
import { placeOrder } from "../helpers/place-order"
import { BALANCE_MODULE } from "../../src/modules/balance"
import type BalanceModuleService from "../../src/modules/balance/service"

jest.setTimeout(300 * 1000)

// Customer balance: ledger over HTTP, adjustments, paying with the balance (also two payments at once that
// together exceed it), refunds back to it, and refunding other providers' payments to it.
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_PERMISSIONS = JSON.stringify({ adjust_balance: ["boss@example.com"], refund_to_balance: ["boss@example.com"] })

const BALANCE = "pp_balance_balance"
const BANK = "pp_bank-transfer_bank-transfer"

afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let boss: Record<string, string>
    let clerk: Record<string, string>

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [BALANCE, BANK], stock: 10 })
      boss = (await createAdmin(container, "boss@example.com")).headers
      clerk = (await createAdmin(container, "clerk@example.com")).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post", url: string, body?: unknown, headers: Record<string, string> = boss) =>
      (method === "get" ? api.get(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const ledger = () => container.resolve(BALANCE_MODULE) as BalanceModuleService
    const credit = (customerId: string, amount: number, key = `seed-${customerId}-${amount}`) =>
      call("post", `/admin/order-management/customers/${customerId}/balance/adjustments`, { currency_code: "cny", amount, reason: "opening balance", idempotency_key: key })
    const buyer = async (email: string) => {
      const { customer, token } = await createCustomerWithToken(container, email)
      return { customer, headers: { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${token}` } }
    }

    /** Through the store API up to the payment session; returns the cart and the session answer. */
    async function cartWithSession(headers: Record<string, string>, provider = BALANCE, variant: keyof SeededStore["variants"] = "teapot") {
      const h = { headers }
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny }, h)
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants[variant], quantity: 1 }, h)
      await api.post(`/store/carts/${cart.id}`, { email: "buyer@example.com", shipping_address: { first_name: "Chen", last_name: "Jing", address_1: "5 Zhongshan Rd", city: "Nanjing", country_code: "cn", postal_code: "210005" } }, h)
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h)
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h)
      const session = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: provider }, h).catch((e: any) => e.response)
      return { cart_id: cart.id as string, session }
    }
    const complete = (cartId: string, headers: Record<string, string>) => api.post(`/store/carts/${cartId}/complete`, {}, { headers }).catch((e: any) => e.response)
    const lifecycle = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle

    it("adjustments: credits and debits with a reason, once per idempotency key, never below zero; refused input changes nothing", async () => {
      const { customer } = await buyer("ada@example.com")
      const url = `/admin/order-management/customers/${customer.id}/balance/adjustments`
      const events = recordEvents(container)
      const first = await call("post", url, { currency_code: "CNY", amount: 50000, reason: "compensation for a late delivery", idempotency_key: "adj-0001-ada" })
      expect(first.status).toBe(201)
      expect(first.data).toMatchObject({ balance_minor: 50000, duplicate: false, entry: { direction: "credit", amount_minor: 50000, source_type: "adjustment", reason: "compensation for a late delivery", actor_type: "user" } })
      const again = await call("post", url, { currency_code: "cny", amount: 50000, reason: "compensation for a late delivery", idempotency_key: "adj-0001-ada" })
      expect([again.status, again.data.duplicate, again.data.entry.id]).toEqual([200, true, first.data.entry.id])
      expect((await call("post", url, { currency_code: "cny", amount: -20000, reason: "correction" })).data).toMatchObject({ balance_minor: 30000, entry: { direction: "debit", amount_minor: 20000 } })

      const refused: Array<[any, Record<string, string>, number, RegExp]> = [
        [{ currency_code: "cny", amount: -30001, reason: "too much" }, boss, 400, /Insufficient balance: 300.00 CNY available, 300.01 CNY needed/],
        [{ currency_code: "cny", amount: 0, reason: "x" }, boss, 400, /must not be 0/],
        [{ currency_code: "cny", amount: 1.5, reason: "x" }, boss, 400, /amount/],
        [{ currency_code: "cny", amount: 100 }, boss, 400, /reason/],
        [{ currency_code: "jpy", amount: 100, reason: "x" }, boss, 400, /JPY is not one of the store's currencies \(CNY, USD\)/],
        [{ currency_code: "cny", amount: 100, reason: "x", idempotency_key: "short" }, boss, 400, /idempotency_key/],
        [{ currency_code: "cny", amount: 100, reason: "x", extra: true }, boss, 400, /extra/],
        [{ currency_code: "cny", amount: 100, reason: "x" }, clerk, 403, /Cannot adjust a customer's balance: not permitted.*insufficient permissions/],
      ]
      for (const [body, headers, status, message] of refused) {
        const r = await call("post", url, body, headers)
        expect([r.status, r.data.message]).toEqual([status, expect.stringMatching(message)])
      }
      expect((await call("post", url, { currency_code: "cny", amount: 100, reason: "x" }, {})).status).toBe(401)
      expect((await call("post", `/admin/order-management/customers/cus_missing/balance/adjustments`, { currency_code: "cny", amount: 100, reason: "x" })).status).toBe(404)
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(30000)

      const view = await call("get", `/admin/order-management/customers/${customer.id}/balance`)
      expect(view.data).toMatchObject({ customer_id: customer.id, balances: [{ currency_code: "cny", balance_minor: 30000, entry_count: 2 }], count: 2, currencies: ["cny", "usd"] })
      expect(view.data.entries.map((e: any) => [e.direction, e.amount_minor, e.balance_after_minor, e.actor_email])).toEqual([
        ["debit", 20000, 30000, "boss@example.com"],
        ["credit", 50000, 50000, "boss@example.com"],
      ])
      expect((await call("get", `/admin/order-management/customers/${customer.id}/balance?limit=500`)).status).toBe(400)
      expect((await call("get", `/admin/order-management/customers/cus_missing/balance`)).status).toBe(404)
      expect(events.seen.filter((e) => e.name === "order_management.balance.adjusted").map((e) => e.data.amount_minor)).toEqual([50000, -20000])
      events.restore()
    })

    it("the customer reads their own balance and ledger; a visitor gets 401", async () => {
      const ada = await buyer("ada@example.com")
      const bob = await buyer("bob@example.com")
      await credit(ada.customer.id, 12345)
      await credit(bob.customer.id, 999)
      const mine = await call("get", "/store/order-management/balance", undefined, ada.headers)
      expect(mine.data).toMatchObject({ balances: [{ currency_code: "cny", balance_minor: 12345 }], count: 1 })
      expect(mine.data.entries[0]).toMatchObject({ amount_minor: 12345, reason: "opening balance", actor_id: null })
      expect(mine.data.entries[0].actor_email).toBeUndefined()
      expect((await call("get", "/store/order-management/balance", undefined, { "x-publishable-api-key": store.publishableKey })).status).toBe(401)
    })

    it("checkout with the balance: the debit is the payment (captured at once), the order is confirmed and approved, the ledger names the order", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      await credit(customer.id, 50000)
      const { cart_id, session } = await cartWithSession(headers)
      expect(session.status).toBe(200)
      expect(session.data.payment_collection.payment_sessions[0].data).toMatchObject({ method: "balance", customer_id: customer.id, amount_minor: 40900, available_minor: 50000 })
      const placed = waitForSubscribers(container, "order.placed")
      const done = await complete(cart_id, headers)
      expect(done.data.type).toBe("order")
      await placed
      const orderId = done.data.order.id
      expect(await lifecycle(orderId)).toMatchObject({ payment_status: "confirmed", fulfillment_status: "processing", review_mode: "auto", payment_provider: BALANCE })
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.captures.amount"], filters: { id: orderId } })
      expect((o as any).payment_collections[0].payments[0].captures.map((c: any) => Number(c.amount))).toEqual([409])
      const view = (await call("get", `/admin/order-management/customers/${customer.id}/balance`)).data
      expect(view.balances[0].balance_minor).toBe(9100)
      expect(view.entries[0]).toMatchObject({ direction: "debit", amount_minor: 40900, source_type: "payment", order_id: orderId, order_number: (await lifecycle(orderId)).order_number })
    })

    it("a balance that does not cover the amount is refused when the session is created; a guest cannot pay with a balance", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      await credit(customer.id, 10000)
      const { session } = await cartWithSession(headers)
      expect([session.status, session.data.message]).toEqual([400, "Insufficient balance: 100.00 CNY available, 409.00 CNY needed"])
      const guest = await cartWithSession({ "x-publishable-api-key": store.publishableKey })
      expect([guest.session.status, guest.session.data.message]).toEqual([400, "Paying from the account balance needs a logged-in customer"])
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(10000)
    })

    it("two checkouts at once that together exceed the balance: one is paid, the other refused, the balance never below zero", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      await credit(customer.id, 50000)
      const a = await cartWithSession(headers)
      const b = await cartWithSession(headers)
      expect([a.session.status, b.session.status]).toEqual([200, 200]) // each alone fits
      const [ra, rb] = await Promise.all([complete(a.cart_id, headers), complete(b.cart_id, headers)])
      const results = [ra, rb]
      const orders = results.filter((r) => r.status === 200 && r.data.type === "order")
      const failed = results.filter((r) => !(r.status === 200 && r.data.type === "order"))
      expect(orders).toHaveLength(1)
      expect(failed).toHaveLength(1)
      const f = failed[0]
      expect(JSON.stringify(f.data)).toMatch(/Insufficient balance: 91.00 CNY available, 409.00 CNY needed/)
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(9100)
      const { entries } = await ledger().listLedger({ customer_id: customer.id })
      expect(entries.filter((e) => e.source_type === "payment")).toHaveLength(1)
      expect(entries.filter((e) => e.source_type === "payment_reversal")).toHaveLength(0)
      await subscribersIdle()
    })

    it("refunds of a balance payment credit the balance: Medusa's refund route, partial then the rest, and a cancel of the order", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      await credit(customer.id, 100000)
      const first = await cartWithSession(headers)
      const placed = waitForSubscribers(container, "order.placed")
      const order = (await complete(first.cart_id, headers)).data.order
      await placed
      const { data: [o] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: order.id } })
      const paymentId = (o as any).payment_collections[0].payments[0].id
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(59100)
      expect((await call("post", `/admin/payments/${paymentId}/refund`, { amount: 100 })).status).toBe(200)
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(69100)
      expect((await call("post", `/admin/payments/${paymentId}/refund`, { amount: 309 })).status).toBe(200)
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(100000)
      const { entries } = await ledger().listLedger({ customer_id: customer.id })
      expect(entries.slice(0, 2).map((e) => [e.source_type, e.amount_minor])).toEqual([["refund", 30900], ["refund", 10000]])

      // cancelling a paid balance order refunds through Medusa's cancel workflow: back to the balance
      const second = await cartWithSession(headers)
      const placed2 = waitForSubscribers(container, "order.placed")
      const order2 = (await complete(second.cart_id, headers)).data.order
      await placed2
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(59100)
      const canceled = await call("post", `/admin/order-management/orders/${order2.id}/actions`, { action: "cancel", reason: "customer changed mind" })
      expect(canceled.status).toBe(200)
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(100000)
    })

    it("refund to balance of a bank-transfer payment: Medusa records the refund, no manual transfer task, the balance is credited once per key", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      const { cart_id } = await cartWithSession(headers, BANK)
      const placed = waitForSubscribers(container, "order.placed")
      const orderId = (await complete(cart_id, headers)).data.order.id
      await placed
      await call("post", `/admin/order-management/orders/${orderId}/bank-transfer/confirm`, { amount: 40900, received_at: "2026-11-22T10:00:00Z", bank_reference: "CMB-1", approve: true })
      expect(await lifecycle(orderId)).toMatchObject({ payment_status: "confirmed" })

      // the Payment card learns what may go to the balance
      expect((await call("get", `/admin/order-management/orders/${orderId}/payment`)).data.balance_refund).toEqual({ currency: "cny", refundable_minor: 40900, refusal: null })
      const url = `/admin/order-management/orders/${orderId}/refund-to-balance`
      const events = recordEvents(container)
      const r = await call("post", url, { amount: 10000, reason: "one cup arrived broken", idempotency_key: "refund-bal-0001" })
      expect(r.status).toBe(200)
      expect(r.data.refund).toMatchObject({ order_id: orderId, provider_id: BANK, amount_minor: 10000, currency_code: "cny", balance_minor: 10000, refund_id: expect.stringMatching(/^ref/) })
      const again = await call("post", url, { amount: 10000, reason: "one cup arrived broken", idempotency_key: "refund-bal-0001" })
      expect([again.status, again.data.refund.refund_id, again.data.refund.repeated]).toEqual([200, r.data.refund.refund_id, true])
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(10000)

      const payment = await container.resolve(Modules.PAYMENT).retrievePayment(r.data.refund.payment_id, { relations: ["refunds"] })
      expect(payment.refunds!.map((x: any) => Number(x.amount))).toEqual([100])
      expect(payment.data).toMatchObject({ balance_refunds: [expect.objectContaining({ refund_id: r.data.refund.refund_id, amount_minor: 10000 })] })
      expect((payment.data as any).manual_refunds ?? []).toEqual([])
      expect((payment.data as any).order_management_refund_to_balance).toBeNull()
      const history = (await lifecycle(orderId)).history
      expect(history[0]).toMatchObject({ action: "refunded_to_balance", actor_type: "user", reason: "100.00 CNY refunded to the customer's balance: one cup arrived broken" })
      expect(events.seen.filter((e) => e.name === "order_management.order.refunded_to_balance")).toHaveLength(1)
      events.restore()

      // a later refund to the original method is an ordinary one again: a manual transfer task
      expect((await call("post", `/admin/payments/${payment.id}/refund`, { amount: 50 })).status).toBe(200)
      const after = await container.resolve(Modules.PAYMENT).retrievePayment(payment.id)
      expect((after.data as any).manual_refunds).toEqual([expect.objectContaining({ amount_minor: 5000, status: "manual_task" })])

      const refused: Array<[any, Record<string, string>, number, RegExp]> = [
        [{ amount: 25901, reason: "too much" }, boss, 400, /Cannot refund 259.01 CNY: 259.00 CNY of this order's payments can still be refunded to the balance/],
        [{ amount: 100 }, boss, 400, /reason/],
        [{ amount: -1, reason: "x" }, boss, 400, /amount/],
        [{ amount: 100, reason: "x" }, clerk, 403, /insufficient permissions/],
      ]
      for (const [body, h, status, message] of refused) {
        const x = await call("post", url, body, h)
        expect([x.status, x.data.message]).toEqual([status, expect.stringMatching(message)])
      }
      expect((await call("post", `/admin/order-management/orders/order_missing/refund-to-balance`, { amount: 100, reason: "x" })).status).toBe(404)
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(10000)
    })

    it("an open order is paid again with the balance: paid at once; a balance that no longer covers it is a 400 and changes nothing", async () => {
      const { customer, headers } = await buyer("ada@example.com")
      const { cart_id } = await cartWithSession(headers, BANK)
      const placed = waitForSubscribers(container, "order.placed")
      const orderId = (await complete(cart_id, headers)).data.order.id
      await placed
      const url = `/store/order-management/orders/${orderId}/payment-sessions`
      const short = await call("post", url, { provider_id: BALANCE }, headers)
      expect([short.status, short.data.message]).toEqual([400, "Insufficient balance: 0.00 CNY available, 409.00 CNY needed"])
      expect(await lifecycle(orderId)).toMatchObject({ payment_status: "pending" })
      // the bank transfer the buyer started is still there to pay
      expect((await call("get", `/store/order-management/orders/${orderId}/bank-transfer`, undefined, headers)).data.bank_transfer).toMatchObject({ amount_minor: 40900 })
      await credit(customer.id, 50000)
      const paid = await call("post", url, { provider_id: BALANCE }, headers)
      expect(paid.status).toBe(201)
      expect(paid.data.order_lifecycle).toMatchObject({ payment_status: "confirmed", payment_provider: BALANCE })
      expect(paid.data.payment_session).toMatchObject({ provider_id: BALANCE, status: "authorized" })
      expect(await ledger().balanceOf(customer.id, "cny")).toBe(9100)
    })

    it("refund to balance is refused for a guest order (no account to hold it)", async () => {
      const placed = await placeOrder(container, store, { provider: "pp_system_default", items: [{ variant: "teapot", quantity: 1 }] })
      await subscribersIdle()
      const r = await call("post", `/admin/order-management/orders/${placed.order_id}/refund-to-balance`, { amount: 100, reason: "x" })
      expect([r.status, r.data.message]).toEqual([400, expect.stringMatching(/no customer account to hold a balance/)])
      expect((await call("get", `/admin/order-management/orders/${placed.order_id}/payment`)).data.balance_refund.refusal).toMatchObject({ code: "guest" })
    })
  },
})
