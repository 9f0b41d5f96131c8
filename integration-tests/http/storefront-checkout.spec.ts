import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { payOrder } from "../helpers/place-order"
import { createAdmin } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"

jest.setTimeout(180 * 1000)

// This file boots the store with automatic review for every provider and autoActivate on.
// (medusa-config is read before the runner's `env` is applied, so set them here; jest
// gives each test file its own process.env.)
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_AUTO_ACTIVATE = "true"
process.env.OM_PERMISSIONS = JSON.stringify({ cancel: ["boss@example.com"] })

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
      store = await seedStore(container)
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    /** A real storefront checkout through the store API: cart, item, address, shipping, payment session, complete. */
    async function checkout(provider: string, variant: keyof SeededStore["variants"] = "teapot") {
      const h = { headers: { "x-publishable-api-key": store.publishableKey } }
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "shopper@example.com" }, h)
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants[variant], quantity: 1 }, h)
      await api.post(`/store/carts/${cart.id}`, {
        shipping_address: { first_name: "Zhang", last_name: "San", address_1: "1 Wangfujing St", city: "Beijing", country_code: "cn", postal_code: "100006" },
      }, h)
      const { data: { shipping_options } } = await api.get(`/store/shipping-options?cart_id=${cart.id}`, h)
      expect(shipping_options.map((o: any) => o.id)).toContain(store.shippingOptionIds.cny)
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h)
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h)
      const { data: { payment_collection: withSession } } = await api.post(
        `/store/payment-collections/${payment_collection.id}/payment-sessions`,
        { provider_id: provider },
        h
      )
      const placed = waitForSubscribers(container, "order.placed")
      const { data: completed } = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
      expect(completed.type).toBe("order")
      await placed
      return { order_id: completed.order.id as string, session_id: withSession.payment_sessions[0].id as string }
    }

    const lifecycle = async (orderId: string) =>
      (await api.get(`/admin/order-management/orders/${orderId}`, { headers: admin })).data.order_lifecycle

    it("a storefront checkout creates the record; capture auto-approves and autoActivate dispatches", async () => {
      const { order_id, session_id } = await checkout("pp_system_default")
      let l = await lifecycle(order_id)
      expect(l).toMatchObject({ payment_status: "processing", fulfillment_status: null, email: "shopper@example.com", total_minor: 40900 })

      const captured = waitForSubscribers(container, "payment.captured")
      await payOrder(container, { order_id, session_id })
      await captured
      l = await lifecycle(order_id)
      expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "dispatched", review_mode: "auto" })
      const steps = l.history.map((h: any) => [h.action, h.actor_type, h.actor_id]).reverse()
      expect(steps).toEqual([
        ["created", "system", null],
        ["payment_processing", "system", "medusa-payment"],
        ["payment_confirmed", "system", "medusa-payment"],
        ["submit_review", "system", "medusa-payment"],
        ["approve", "system", "medusa-payment"],
        ["dispatch", "system", "auto-activate"],
      ])
      expect(l.history.find((h: any) => h.action === "approve").reason).toBe("auto-approved: online payment via pp_system_default")
    })

    it("a pay-later checkout places the order at pending with stock reserved", async () => {
      const { order_id } = await checkout("pp_deferred_deferred", "tea")
      const l = await lifecycle(order_id)
      expect(l).toMatchObject({ payment_status: "pending", fulfillment_status: null, payment_provider: "pp_deferred_deferred" })
      const [level] = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: store.inventoryItems.tea })
      expect(Number(level.reserved_quantity)).toBe(1)
    })

    it("restricts cancel to the admins named in the permissions option (403, nothing changed)", async () => {
      const { order_id } = await checkout("pp_deferred_deferred", "tea")
      const refused = await api
        .post(`/admin/order-management/orders/${order_id}/actions`, { action: "cancel", reason: "test" }, { headers: admin })
        .catch((e: any) => e.response)
      expect(refused.status).toBe(403)
      expect(refused.data.message).toContain("insufficient permissions")
      expect((await lifecycle(order_id)).payment_status).toBe("pending")
      const boss = (await createAdmin(container, "boss@example.com")).headers
      const ok = await api.post(`/admin/order-management/orders/${order_id}/actions`, { action: "cancel", reason: "approved by the boss" }, { headers: boss })
      expect(ok.status).toBe(200)
      expect(ok.data.order_lifecycle.payment_status).toBe("canceled")
    })
  },
})
