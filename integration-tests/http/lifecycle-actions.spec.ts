import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { placeOrder, payOrder, PlaceOrderOptions } from "../helpers/place-order"
import { createAdmin } from "../helpers/admin-auth"
import { recordEvents, waitForSubscribers } from "../helpers/events"
import runDueActivations from "../../src/jobs/run-due-activations"
import autoCompleteOrders from "../../src/jobs/auto-complete-orders"

jest.setTimeout(180 * 1000)

// let the plugin's subscribers from one case finish before the next case starts
afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let headers: Record<string, string>

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container)
      headers = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post", url: string, body?: unknown, h = headers) =>
      (method === "get" ? api.get(url, { headers: h }) : api.post(url, body, { headers: h })).catch((e: any) => e.response)

    /** place an order and wait until order.placed has created its lifecycle */
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
    }
    const lifecycle = async (orderId: string) =>
      (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle
    const act = (orderId: string, body: Record<string, unknown>) =>
      call("post", `/admin/order-management/orders/${orderId}/actions`, body)

    /** an order paid through the system provider, waiting at holded for manual review */
    async function paidOrder(o: PlaceOrderOptions = {}) {
      const placed = await place(o)
      await pay(placed)
      return placed
    }

    describe("authentication", () => {
      it("answers 401 on every admin route without credentials", async () => {
        const routes: Array<["get" | "post", string]> = [
          ["get", "/admin/order-management/orders"],
          ["get", "/admin/order-management/orders/order_x"],
          ["post", "/admin/order-management/orders/order_x/actions"],
          ["post", "/admin/order-management/orders/order_x/notes"],
          ["post", "/admin/order-management/orders/batch"],
          ["post", "/admin/order-management/backfill"],
        ]
        for (const [m, url] of routes) {
          const res = await call(m, url, { action: "approve" }, {})
          expect([url, res.status]).toEqual([url, 401])
        }
      })
    })

    describe("records from Medusa's order and payment", () => {
      it("creates a pending record for a pay-later order and numbers it", async () => {
        const placed = await place({ provider: "pp_deferred_deferred" })
        const l = await lifecycle(placed.order_id)
        expect(l.payment_status).toBe("pending")
        expect(l.fulfillment_status).toBeNull()
        expect(l.payment_provider).toBe("pp_deferred_deferred")
        expect(l.currency_code).toBe("cny")
        expect(l.total_minor).toBe(13800) // 128 tea + 10 shipping, in fen
        expect(l.order_number).toMatch(/^MO\d{8}\d{6}$/)
        expect(l.order_number.endsWith(String(l.display_id).padStart(6, "0"))).toBe(true)
        expect(l.history.map((h: any) => h.action)).toEqual(["created"])
      })

      it("follows authorization and capture, then stops at holded for a manual-review provider", async () => {
        const placed = await place({ provider: "pp_system_default" })
        expect((await lifecycle(placed.order_id)).payment_status).toBe("processing")
        await pay(placed)
        const l = await lifecycle(placed.order_id)
        expect(l.payment_status).toBe("confirmed")
        expect(l.fulfillment_status).toBe("holded")
        expect(l.review_mode).toBe("manual")
        expect(l.paid_minor).toBe(13800)
        expect(l.paid_at).not.toBeNull()
        const actions = l.history.map((h: any) => h.action).reverse()
        expect(actions).toEqual(["created", "payment_processing", "payment_confirmed", "submit_review"])
        const review = l.history.find((h: any) => h.action === "submit_review")
        expect(review).toMatchObject({ actor_type: "system", from_fulfillment_status: null, to_fulfillment_status: "holded" })
        expect(review.reason).toContain("manual review")
      })
    })

    describe("actions", () => {
      it("approve moves holded → processing, writes history with the admin, emits an event", async () => {
        const placed = await paidOrder()
        const rec = recordEvents(container)
        const res = await act(placed.order_id, { action: "approve", reason: "checked the payment" })
        rec.restore()
        expect(res.status).toBe(200)
        expect(res.data.order_lifecycle.fulfillment_status).toBe("processing")
        const l = await lifecycle(placed.order_id)
        expect(l.history[0]).toMatchObject({ action: "approve", actor_type: "user", reason: "checked the payment", from_fulfillment_status: "holded", to_fulfillment_status: "processing" })
        expect(l.history[0].actor_id).toMatch(/^user_/)
        expect(l.history[0].actor_email).toBe("admin@test.com")
        expect(rec.seen.map((e) => e.name)).toContain("order_management.order.approved")
        expect(rec.seen.find((e) => e.name === "order_management.order.approved")!.data).toMatchObject({ order_id: placed.order_id, to: { fulfillment_status: "processing" } })
      })

      it("refuses an illegal transition with 409 naming the current status, and changes nothing", async () => {
        const placed = await paidOrder()
        expect((await act(placed.order_id, { action: "approve" })).status).toBe(200)
        const res = await act(placed.order_id, { action: "approve" })
        expect(res.status).toBe(409)
        expect(res.data.message).toContain("fulfillment processing")
        const complete = await act(placed.order_id, { action: "complete" })
        expect(complete.status).toBe(409)
        const l = await lifecycle(placed.order_id)
        expect(l.fulfillment_status).toBe("processing")
        expect(l.history.filter((h: any) => h.action === "approve")).toHaveLength(1)
      })

      it("answers 400 naming the field for bad bodies, 404 for unknown orders", async () => {
        const placed = await paidOrder()
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ action: "reject" }, "reason"],
          [{ action: "hold", reason: "  " }, "reason"],
          [{ action: "cancel" }, "reason"],
          [{ action: "teleport" }, "action"],
          [{}, "action"],
          [{ action: "dispatch", activate_at: "next tuesday" }, "activate_at"],
          [{ action: "approve", activate_at: "2030-01-01T00:00:00Z" }, "activate_at"],
          [{ action: "approve", extra: 1 }, "extra"],
        ]
        for (const [body, field] of cases) {
          const res = await act(placed.order_id, body)
          expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400])
          expect(res.data.message).toContain(field)
        }
        expect((await lifecycle(placed.order_id)).fulfillment_status).toBe("holded")
        const missing = await act("order_does_not_exist", { action: "approve" })
        expect(missing.status).toBe(404)
        expect((await call("get", "/admin/order-management/orders/order_nope")).status).toBe(404)
        expect((await call("post", "/admin/order-management/orders/order_nope/notes", { body: "x" })).status).toBe(404)
      })

      it("hold blocks approval until release; both keep the reason in history", async () => {
        const placed = await paidOrder()
        expect((await act(placed.order_id, { action: "hold", reason: "address unclear" })).status).toBe(200)
        let l = await lifecycle(placed.order_id)
        expect(l).toMatchObject({ on_hold: true, hold_reason: "address unclear" })
        const blocked = await act(placed.order_id, { action: "approve" })
        expect(blocked.status).toBe(409)
        expect(blocked.data.message).toContain("on hold (address unclear)")
        expect((await act(placed.order_id, { action: "hold", reason: "again" })).status).toBe(409)
        expect((await act(placed.order_id, { action: "release", reason: "customer called" })).status).toBe(200)
        l = await lifecycle(placed.order_id)
        expect(l).toMatchObject({ on_hold: false, hold_reason: null })
        expect(l.history.slice(0, 2).map((h: any) => [h.action, h.reason])).toEqual([
          ["release", "customer called"],
          ["hold", "address unclear"],
        ])
        expect((await act(placed.order_id, { action: "approve" })).status).toBe(200)
      })

      it("dispatch creates Medusa's fulfillment and shipment with the tracking number, then complete completes the order", async () => {
        const placed = await paidOrder({ items: [{ variant: "tea", quantity: 2 }, { variant: "membership", quantity: 1 }] })
        await act(placed.order_id, { action: "approve" })
        const rec = recordEvents(container)
        const res = await act(placed.order_id, { action: "dispatch", tracking_number: "SF1234567890" })
        rec.restore()
        expect(res.status).toBe(200)
        expect(res.data.order_lifecycle.fulfillment_status).toBe("dispatched")
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: [order] } = await query.graph({
          entity: "order",
          fields: ["id", "status", "fulfillments.id", "fulfillments.shipped_at", "fulfillments.labels.tracking_number", "items.title", "items.detail.fulfilled_quantity", "items.detail.shipped_quantity"],
          filters: { id: placed.order_id },
        })
        expect(order.fulfillments).toHaveLength(1)
        expect(order.fulfillments![0]!.shipped_at).not.toBeNull()
        expect(order.fulfillments![0]!.labels!.map((l: any) => l.tracking_number)).toEqual(["SF1234567890"])
        const tea = order.items!.find((i: any) => i.title === "Longjing green tea")!
        expect(Number(tea.detail!.shipped_quantity)).toBe(2)
        const dispatched = rec.seen.find((e) => e.name === "order_management.order.dispatched")!
        expect(dispatched.data.tracking_number).toBe("SF1234567890")
        expect(dispatched.data.activated_items.map((i: any) => i.title)).toEqual(["Tea club membership (1 year)"])
        // stock left the warehouse: 2 of 100 shipped, nothing reserved any more
        const inventory = container.resolve(Modules.INVENTORY)
        const [level] = await inventory.listInventoryLevels({ inventory_item_id: store.inventoryItems.tea })
        expect([Number(level.stocked_quantity), Number(level.reserved_quantity)]).toEqual([98, 0])

        expect((await act(placed.order_id, { action: "cancel", reason: "changed mind" })).data.message).toContain("already paid and activated")
        expect((await act(placed.order_id, { action: "complete" })).status).toBe(200)
        const { data: [done] } = await query.graph({ entity: "order", fields: ["status"], filters: { id: placed.order_id } })
        expect(done.status).toBe("completed")
        expect((await lifecycle(placed.order_id)).fulfillment_status).toBe("completed")
      })

      it("activates a service-only order without a Medusa fulfillment", async () => {
        const placed = await paidOrder({ items: [{ variant: "membership", quantity: 1 }] })
        await act(placed.order_id, { action: "approve" })
        const res = await act(placed.order_id, { action: "dispatch" })
        expect(res.status).toBe(200)
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: [order] } = await query.graph({ entity: "order", fields: ["fulfillments.id"], filters: { id: placed.order_id } })
        expect(order.fulfillments ?? []).toHaveLength(0)
        expect((await lifecycle(placed.order_id)).history[0].metadata.activated_items).toHaveLength(1)
      })

      it("schedules a dispatch at activate_at and the job dispatches it when due", async () => {
        const placed = await paidOrder()
        await act(placed.order_id, { action: "approve" })
        const at = new Date(Date.now() + 3600_000)
        const res = await act(placed.order_id, { action: "dispatch", activate_at: at.toISOString() })
        expect(res.status).toBe(200)
        expect(res.data.order_lifecycle).toMatchObject({ fulfillment_status: "processing", activate_at: at.toISOString() })
        await runDueActivations(container)
        expect((await lifecycle(placed.order_id)).fulfillment_status).toBe("processing")
        // time passes: the scheduled moment is now in the past
        const om: any = container.resolve("order_management")
        await om.updateOrderLifecycles({ id: res.data.order_lifecycle.id, activate_at: new Date(Date.now() - 1000) })
        await runDueActivations(container)
        const l = await lifecycle(placed.order_id)
        expect(l).toMatchObject({ fulfillment_status: "dispatched", activate_at: null })
        expect(l.history[0]).toMatchObject({ action: "dispatch", actor_type: "system", actor_id: "scheduled-activation" })
        expect(l.history.map((h: any) => h.action)).toContain("schedule_dispatch")
      })

      it("auto-completes dispatched orders after the quiet period", async () => {
        const placed = await paidOrder()
        await act(placed.order_id, { action: "approve" })
        await act(placed.order_id, { action: "dispatch" })
        await autoCompleteOrders(container)
        expect((await lifecycle(placed.order_id)).fulfillment_status).toBe("dispatched")
        const om: any = container.resolve("order_management")
        const l0 = await lifecycle(placed.order_id)
        await om.updateOrderLifecycles({ id: l0.id, dispatched_at: new Date(Date.now() - 8 * 86_400_000) })
        await autoCompleteOrders(container)
        const l = await lifecycle(placed.order_id)
        expect(l.fulfillment_status).toBe("completed")
        expect(l.history[0]).toMatchObject({ action: "complete", actor_id: "auto-complete" })
      })

      it("cancel of an unpaid order goes through Medusa's cancel workflow and releases the reservation", async () => {
        const placed = await place({ provider: "pp_deferred_deferred", items: [{ variant: "teapot", quantity: 3 }] })
        const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
        const owed = async () => Number((await knex("order_lifecycle").where({ order_id: placed.order_id }).first("outstanding_minor")).outstanding_minor)
        expect(await owed()).toBeGreaterThan(0)
        const inventory = container.resolve(Modules.INVENTORY)
        const reserved = async () => Number((await inventory.listInventoryLevels({ inventory_item_id: store.inventoryItems.teapot }))[0].reserved_quantity)
        expect(await reserved()).toBe(3)
        const res = await act(placed.order_id, { action: "cancel", reason: "customer asked by phone" })
        expect(res.status).toBe(200)
        expect(res.data.order_lifecycle).toMatchObject({ payment_status: "canceled" })
        expect(res.data.order_lifecycle.canceled_at).not.toBeNull()
        // nothing is owed on it any more (the list, the export and the dispatch check read this)
        expect(await owed()).toBe(0)
        expect(await reserved()).toBe(0)
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: [order] } = await query.graph({ entity: "order", fields: ["status"], filters: { id: placed.order_id } })
        expect(order.status).toBe("canceled")
        const again = await act(placed.order_id, { action: "cancel", reason: "again" })
        expect(again.status).toBe(409)
        expect(again.data.message).toContain("already canceled")
      })

      it("reject at review refunds the captured payment through Medusa and ends at refunded", async () => {
        const placed = await paidOrder()
        const res = await act(placed.order_id, { action: "reject", reason: "suspicious address" })
        expect(res.status).toBe(200)
        expect(res.data.order_lifecycle).toMatchObject({ payment_status: "confirmed", fulfillment_status: "refunded" })
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: [order] } = await query.graph({
          entity: "order",
          fields: ["status", "payment_collections.payments.refunds.amount"],
          filters: { id: placed.order_id },
        })
        expect(order.status).toBe("canceled")
        const refunds = order.payment_collections!.flatMap((c: any) => c.payments.flatMap((p: any) => p.refunds))
        expect(refunds.map((r: any) => Number(r.amount))).toEqual([138])
      })

      it("reject of an unpaid order cancels it", async () => {
        const placed = await place({ provider: "pp_deferred_deferred" })
        const res = await act(placed.order_id, { action: "reject", reason: "transfer never arrived" })
        expect(res.status).toBe(200)
        expect(res.data.order_lifecycle.payment_status).toBe("canceled")
      })

      it("two concurrent approvals: one succeeds, the other gets 409 naming the current status", async () => {
        const placed = await paidOrder()
        const results = await Promise.all([
          act(placed.order_id, { action: "approve" }),
          act(placed.order_id, { action: "approve" }),
        ])
        expect(results.map((r) => r.status).sort()).toEqual([200, 409])
        expect(results.find((r) => r.status === 409)!.data.message).toMatch(/processing/)
        const l = await lifecycle(placed.order_id)
        expect(l.history.filter((h: any) => h.action === "approve")).toHaveLength(1)
      })
    })

    describe("batch", () => {
      it("runs an action per order and reports each result; one failure does not fail the rest", async () => {
        const a = await paidOrder()
        const b = await paidOrder()
        const c = await place({ provider: "pp_deferred_deferred" }) // unpaid: cannot be approved
        const res = await call("post", "/admin/order-management/orders/batch", { order_ids: [a.order_id, c.order_id, b.order_id, "order_missing"], action: "approve" })
        expect(res.status).toBe(200)
        expect(res.data).toMatchObject({ succeeded: 2, failed: 2 })
        const by = Object.fromEntries(res.data.results.map((r: any) => [r.order_id, r]))
        expect(by[a.order_id].ok).toBe(true)
        expect(by[b.order_id].ok).toBe(true)
        expect(by[c.order_id]).toMatchObject({ ok: false, status: 409 })
        expect(by[c.order_id].message).toContain("payment is not confirmed")
        expect(by.order_missing).toMatchObject({ ok: false, status: 404 })
        expect((await lifecycle(a.order_id)).fulfillment_status).toBe("processing")
        expect((await lifecycle(c.order_id)).payment_status).toBe("pending")
        const bad = await call("post", "/admin/order-management/orders/batch", { order_ids: [], action: "approve" })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toContain("order_ids")
      })
    })

    describe("notes and list", () => {
      it("adds notes, communications and marks; marks are filterable", async () => {
        const a = await paidOrder({ email: "vip@example.com" })
        const b = await place({ provider: "pp_deferred_deferred", email: "other@example.com" })
        const note = await call("post", `/admin/order-management/orders/${a.order_id}/notes`, { body: "gift wrap please" })
        expect(note.status).toBe(201)
        expect(note.data.note).toMatchObject({ kind: "note", body: "gift wrap please", author_type: "user" })
        expect((await call("post", `/admin/order-management/orders/${a.order_id}/notes`, { kind: "communication", body: "called buyer" })).status).toBe(400)
        expect((await call("post", `/admin/order-management/orders/${a.order_id}/notes`, { kind: "communication", channel: "phone", body: "called buyer" })).status).toBe(201)
        const badMark = await call("post", `/admin/order-management/orders/${a.order_id}/notes`, { kind: "mark", body: "vip" })
        expect(badMark.status).toBe(400)
        expect(badMark.data.message).toContain("label")
        expect((await call("post", `/admin/order-management/orders/${a.order_id}/notes`, { kind: "mark", label: "VIP", body: "repeat buyer" })).status).toBe(201)
        const l = await lifecycle(a.order_id)
        expect(l.marks).toEqual(["VIP"])
        expect(l.notes.map((n: any) => n.kind)).toEqual(["mark", "communication", "note"])
        const marked = await call("get", "/admin/order-management/orders?mark=VIP")
        expect(marked.data.order_lifecycles.map((o: any) => o.order_id)).toEqual([a.order_id])
        expect(marked.data.count).toBe(1)
        const byEmail = await call("get", "/admin/order-management/orders?q=other@exa")
        expect(byEmail.data.order_lifecycles.map((o: any) => o.order_id)).toEqual([b.order_id])
      })

      it("filters by status, hold and date, pages with a count, newest first", async () => {
        const a = await paidOrder()
        const b = await place({ provider: "pp_deferred_deferred" })
        const c = await place({ provider: "pp_deferred_deferred" })
        await act(c.order_id, { action: "hold", reason: "check" })
        const ids = (r: any) => r.data.order_lifecycles.map((o: any) => o.order_id)
        const listed = await call("get", "/admin/order-management/orders")
        expect(ids(listed)).toEqual([c.order_id, b.order_id, a.order_id])
        // the page's columns: customer name and an items summary come with each row
        expect(listed.data.order_lifecycles[2]).toMatchObject({ customer_name: "Li Wei", items: [{ title: "Longjing green tea", quantity: 1 }], item_count: 1, total_minor: 13800, paid_minor: 13800 })
        expect(ids(await call("get", "/admin/order-management/orders?payment_status=pending"))).toEqual([c.order_id, b.order_id])
        expect(ids(await call("get", "/admin/order-management/orders?fulfillment_status=holded"))).toEqual([a.order_id])
        expect(ids(await call("get", "/admin/order-management/orders?fulfillment_status=none&on_hold=false"))).toEqual([b.order_id])
        expect(ids(await call("get", "/admin/order-management/orders?on_hold=true"))).toEqual([c.order_id])
        const page = await call("get", "/admin/order-management/orders?limit=2&offset=2")
        expect(ids(page)).toEqual([a.order_id])
        expect(page.data).toMatchObject({ count: 3, limit: 2, offset: 2 })
        const future = new Date(Date.now() + 86_400_000).toISOString()
        expect((await call("get", `/admin/order-management/orders?created_at[gte]=${future}`)).data.count).toBe(0)
        expect((await call("get", `/admin/order-management/orders?created_at[lte]=${future}`)).data.count).toBe(3)
        const bad = await call("get", "/admin/order-management/orders?payment_status=lost")
        expect(bad.status).toBe(400)
        expect(bad.data.message).toContain("payment_status")
        expect((await call("get", "/admin/order-management/orders?limit=0")).status).toBe(400)
      })
    })

    describe("backfill", () => {
      it("creates records for orders that existed before install, once", async () => {
        const a = await paidOrder()
        const b = await place({ provider: "pp_deferred_deferred" })
        // simulate orders placed before the plugin was installed
        const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const { rows: links } = await pg.raw(
          "select table_name from information_schema.tables where table_schema = 'public' and table_name like '%order_management%order_lifecycle%'"
        )
        expect(links).toHaveLength(1)
        await pg(links[0].table_name).delete()
        await pg("order_lifecycle").delete()
        expect((await call("get", "/admin/order-management/orders")).data.count).toBe(0)
        const res = await call("post", "/admin/order-management/backfill", {})
        expect(res.status).toBe(200)
        expect(res.data).toMatchObject({ scanned: 2, created: 2, failed: [] })
        expect((await lifecycle(a.order_id))).toMatchObject({ payment_status: "confirmed", fulfillment_status: "holded" })
        expect((await lifecycle(b.order_id)).payment_status).toBe("pending")
        const again = await call("post", "/admin/order-management/backfill", {})
        expect(again.data).toMatchObject({ scanned: 0, created: 0 })
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: [linked] } = await query.graph({ entity: "order", fields: ["order_lifecycle.order_number"], filters: { id: a.order_id } })
        expect((linked as any).order_lifecycle.order_number).toMatch(/^MO/)
      })
    })
  },
})
