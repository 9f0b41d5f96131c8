import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { placeOrder, payOrder, PlaceOrderOptions } from "../helpers/place-order"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import {
  REFUND_REQUEST_APPROVED,
  REFUND_REQUEST_CREATED,
  REFUND_REQUEST_FAILED,
  REFUND_REQUEST_REFUNDED,
  REFUND_REQUEST_REJECTED,
  type RefundRequestEventData,
} from "../../src/modules/after-sales/events"
import { ANOMALY_OPENED_EVENT } from "../../src/modules/order-management/lifecycle/events"

jest.setTimeout(300 * 1000)

// Customer messages and admin-feed notices through Medusa's Notification module (the local provider, channels
// email + feed, as medusa-config.ts sets it up): the rows in Medusa's notification table are what is asserted.
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_NOTIFICATIONS = JSON.stringify({
  disabled: [REFUND_REQUEST_APPROVED],
  templates: {
    "order_management.order.canceled": { en: { subject: "[Demo Tea] Order {{order_number}} canceled", text: "Canceled because: {{reason}}" } },
  },
})

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("slip")]).toString("base64")

afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let headers: Record<string, string>

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: ["pp_bank-transfer_bank-transfer"] })
      headers = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post", url: string, body?: unknown, h = headers) =>
      (method === "get" ? api.get(url, { headers: h }) : api.post(url, body, { headers: h })).catch((e: any) => e.response)
    const act = (orderId: string, body: Record<string, unknown>) => call("post", `/admin/order-management/orders/${orderId}/actions`, body)

    async function place(o: PlaceOrderOptions = {}) {
      const done = waitForSubscribers(container, "order.placed")
      const placed = await placeOrder(container, store, o)
      await done
      return placed
    }
    async function pay(placed: { order_id: string; session_id: string }) {
      const done = waitForSubscribers(container, "payment.captured")
      await payOrder(container, placed)
      await done
      await subscribersIdle()
    }

    /** Medusa's notification rows, newest last (optionally of one template or trigger) */
    async function notifications(filters: Record<string, unknown>) {
      const rows = await container.resolve(Modules.NOTIFICATION).listNotifications(filters as any, { order: { created_at: "ASC" } } as any)
      return rows as any[]
    }
    /** wait until the plugin's subscribers are idle and `filters` finds `count` rows (the local event bus is async) */
    async function waitForNotifications(filters: Record<string, unknown>, count = 1) {
      const until = Date.now() + 20_000
      let rows: any[] = []
      while (Date.now() < until) {
        await subscribersIdle()
        rows = await notifications(filters)
        if (rows.length >= count) return rows
        await new Promise((r) => setTimeout(r, 100))
      }
      return rows
    }
    async function emit(name: string, data: Record<string, unknown>) {
      const done = waitForSubscribers(container, name)
      await container.resolve(Modules.EVENT_BUS).emit({ name, data })
      await done
      await subscribersIdle()
    }

    it("payment received, approval and dispatch with tracking: English messages to the order's email", async () => {
      const placed = await place({ email: "en-buyer@example.com" })
      await pay(placed)
      const [paid] = await waitForNotifications({ resource_id: placed.order_id, template: "order-management.payment.confirmed" })
      expect(paid).toMatchObject({
        to: "en-buyer@example.com",
        channel: "email",
        status: "success",
        provider_id: "local",
        trigger_type: "order_management.payment.confirmed",
        resource_type: "order",
        data: expect.objectContaining({ locale: "en", amount: "138.00 CNY", subject: expect.stringMatching(/^Payment received for order MO\d+$/) }),
      })
      expect(paid.idempotency_key).toMatch(/^order-management\.payment\.confirmed:/)

      expect((await act(placed.order_id, { action: "approve", reason: "looks fine" })).status).toBe(200)
      const [approved] = await waitForNotifications({ resource_id: placed.order_id, template: "order-management.order.approved" })
      expect(approved).toMatchObject({ to: "en-buyer@example.com", channel: "email", data: expect.objectContaining({ locale: "en" }) })

      expect((await act(placed.order_id, { action: "dispatch", tracking_number: "SF1234567890" })).status).toBe(200)
      const [dispatched] = await waitForNotifications({ resource_id: placed.order_id, template: "order-management.order.dispatched" })
      expect(dispatched.data).toMatchObject({ locale: "en", tracking_number: "SF1234567890", shipped_items: expect.stringContaining("× 1") })
      // one message per event: three so far
      expect((await notifications({ resource_id: placed.order_id })).map((n) => n.template)).toEqual([
        "order-management.payment.confirmed",
        "order-management.order.approved",
        "order-management.order.dispatched",
      ])
    })

    it("an order in zh-CN: payment and rejection (with the reason) in Simplified Chinese", async () => {
      const placed = await place({ email: "zh-buyer@example.com" })
      await container.resolve(Modules.ORDER).updateOrders(placed.order_id, { locale: "zh-CN" } as any)
      await pay(placed)
      const [paid] = await waitForNotifications({ resource_id: placed.order_id, template: "order-management.payment.confirmed" })
      expect(paid.data).toMatchObject({ locale: "zh-CN", subject: expect.stringMatching(/^订单 MO\d+ 已收到付款$/) })

      expect((await act(placed.order_id, { action: "reject", reason: "收货地址超出配送范围" })).status).toBe(200)
      const [rejected] = await waitForNotifications({ resource_id: placed.order_id, template: "order-management.order.rejected" })
      expect(rejected).toMatchObject({
        to: "zh-buyer@example.com",
        channel: "email",
        data: expect.objectContaining({ locale: "zh-CN", reason: "收货地址超出配送范围", refund_amount: "138.00 CNY", subject: expect.stringContaining("未通过审核") }),
      })
    })

    it("cancel uses the store's override template with the admin's reason; a re-delivered event sends nothing new", async () => {
      const placed = await place({ provider: "pp_deferred_deferred", email: "cancel@example.com" })
      expect((await act(placed.order_id, { action: "cancel", reason: "customer asked by phone" })).status).toBe(200)
      const [canceled] = await waitForNotifications({ resource_id: placed.order_id, template: "order-management.order.canceled" })
      expect(canceled).toMatchObject({ to: "cancel@example.com", data: expect.objectContaining({ locale: "en", reason: "customer asked by phone", subject: expect.stringMatching(/^\[Demo Tea\] Order MO\d+ canceled$/) }) })
      // a re-delivered event sends nothing new (idempotency key per occurrence)
      const again = await notifications({ resource_id: placed.order_id })
      await emit("order_management.order.canceled", { id: placed.order_id, order_id: placed.order_id, action: "cancel", history_id: canceled.idempotency_key.split(":").pop() })
      expect(await notifications({ resource_id: placed.order_id })).toHaveLength(again.length)
    })

    it("a rejected bank-transfer slip: the reason, in the customer's language (customer metadata)", async () => {
      const { customer, token } = await createCustomerWithToken(container, "slip@example.com")
      await container.resolve(Modules.CUSTOMER).updateCustomers(customer.id, { metadata: { locale: "zh" } })
      const placed = await place({ provider: "pp_bank-transfer_bank-transfer" as any, email: "slip@example.com", customer_id: customer.id })
      const storeHeaders = { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${token}` }
      const up = await call("post", `/store/order-management/orders/${placed.order_id}/bank-transfer/proof`, { payer_name: "Wang Fang", file: { name: "slip.png", mime_type: "image/png", content_base64: PNG } }, storeHeaders)
      expect(up.status).toBe(201)
      const r = await call("post", `/admin/order-management/orders/${placed.order_id}/bank-transfer/proofs/${up.data.proof.id}/reject`, { reason: "金额与订单不符" })
      expect(r.status).toBe(200)
      const [rejected] = await waitForNotifications({ resource_id: placed.order_id, template: "order-management.bank-transfer.proof-rejected" })
      expect(rejected).toMatchObject({
        to: "slip@example.com",
        receiver_id: customer.id,
        idempotency_key: `order-management.bank-transfer.proof-rejected:${up.data.proof.id}`,
        data: expect.objectContaining({ locale: "zh-CN", reason: "金额与订单不符", customer_name: "Test Buyer", subject: expect.stringContaining("转账凭证未通过") }),
      })
    })

    it("refund-request events: received, rejected, refunded and failed are sent, approved is turned off; the admin feed gets the new request and a new anomaly", async () => {
      const placed = await place({ email: "refund@example.com" })
      const base: RefundRequestEventData = {
        id: "rreq_test_1",
        order_id: placed.order_id,
        display_id: null,
        customer_id: null,
        status: "requested",
        currency_code: "cny",
        amount_minor: 5000,
        refunded_minor: 0,
        destination: null,
        reason_code: "damaged",
        note: "the lid is cracked",
        actor_type: "customer",
      }
      await emit(REFUND_REQUEST_CREATED, base as any)
      await emit(REFUND_REQUEST_CREATED, base as any) // delivered twice: still one message and one notice
      await emit(REFUND_REQUEST_APPROVED, { ...base, status: "approved", destination: "original" } as any)
      await emit(REFUND_REQUEST_REFUNDED, { ...base, status: "refunded", destination: "original", refunded_minor: 5000, full: false } as any)
      await emit(REFUND_REQUEST_REJECTED, { ...base, id: "rreq_test_2", status: "rejected", reason: "outside the return window" } as any)
      await emit(REFUND_REQUEST_FAILED, { ...base, id: "rreq_test_3", status: "failed", destination: "original", failure: { cause: "merchant_balance_insufficient", message: "NOT_ENOUGH" } } as any)

      const sent = await waitForNotifications({ resource_id: placed.order_id, channel: "email" }, 4)
      expect(sent.map((n) => n.template).sort()).toEqual([
        "order-management.refund-request.failed",
        "order-management.refund-request.received",
        "order-management.refund-request.refunded",
        "order-management.refund-request.rejected",
      ])
      const by = (t: string) => sent.find((n) => n.template === `order-management.refund-request.${t}`)
      expect(by("received")).toMatchObject({ to: "refund@example.com", trigger_type: REFUND_REQUEST_CREATED, data: expect.objectContaining({ locale: "en", amount: "50.00 CNY", reason_label: "damaged" }) })
      expect(by("refunded")!.data).toMatchObject({ refunded_amount: "50.00 CNY", destination_label: "original payment method" })
      expect(by("rejected")!.data).toMatchObject({ reason: "outside the return window" })
      expect(by("failed")!.data).toMatchObject({ failure_cause: "merchant_balance_insufficient", failure_label: expect.any(String) })
      expect(JSON.stringify(by("failed")!.data)).not.toContain("NOT_ENOUGH")

      await emit(ANOMALY_OPENED_EVENT, { id: "oanom_test_1", order_id: placed.order_id, type: "paid_after_cancel", amount_minor: 13800, currency_code: "cny" })
      const feed = await waitForNotifications({ channel: "feed" }, 2)
      expect(feed.map((n) => [n.trigger_type, n.template, n.to, n.status])).toEqual([
        [REFUND_REQUEST_CREATED, "admin-ui", "", "success"],
        [ANOMALY_OPENED_EVENT, "admin-ui", "", "success"],
      ])
      expect(feed[0].data).toMatchObject({ title: "New refund request", description: expect.stringMatching(/^Order MO\d+: 50\.00 CNY requested \(damaged\)\.$/) })
      expect(feed[1].data).toMatchObject({ title: "Payment anomaly: Paid after cancel", description: expect.stringContaining("138.00 CNY") })

      // an event for an order that does not exist sends nothing and breaks nothing
      await emit(REFUND_REQUEST_REJECTED, { ...base, id: "rreq_x", order_id: "order_does_not_exist", status: "rejected", reason: "x" } as any)
      expect(await notifications({ resource_id: "order_does_not_exist" })).toEqual([])
    })
  },
})
