import { decodeCursor } from "../lifecycle/filters"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MedusaError } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from ".."
import OrderManagementModuleService from "../service"
import OrderLifecycle from "../models/order-lifecycle"
import OrderLifecycleEvent from "../models/order-lifecycle-event"
import OrderNote from "../models/order-note"

jest.setTimeout(60 * 1000)

const base = (order_id: string, display_id = 1) => ({
  order_id,
  order_number: `MO${String(display_id).padStart(6, "0")}`,
  display_id,
  payment_provider: "pp_system_default",
  currency_code: "cny",
  total_minor: 12345,
  paid_minor: 0,
  customer_id: "cus_1",
  email: "a@example.com",
  placed_at: new Date("2026-01-02T03:04:05Z"),
})

const user = { type: "user" as const, id: "user_1" }
const system = { type: "system" as const, id: "job" }

moduleIntegrationTestRunner<OrderManagementModuleService>({
  moduleName: ORDER_MANAGEMENT_MODULE,
  moduleModels: [OrderLifecycle, OrderLifecycleEvent, OrderNote],
  resolve: "./src/modules/order-management",
  moduleOptions: { permissions: { cancel: ["boss@example.com"] } },
  testSuite: ({ service }) => {
    async function confirmedHolded(orderId: string, displayId: number) {
      await service.ensureLifecycle(base(orderId, displayId))
      await service.transition({ order_id: orderId, action: "payment_confirmed", actor: system })
      await service.transition({ order_id: orderId, action: "submit_review", actor: system })
    }

    it("creates one record per order, even when asked twice at once", async () => {
      const [a, b] = await Promise.all([service.ensureLifecycle(base("order_1")), service.ensureLifecycle(base("order_1"))])
      expect([a.created, b.created].sort()).toEqual([false, true])
      expect(a.lifecycle.id).toBe(b.lifecycle.id)
      const [rows, count] = await service.listLifecycles({}, { limit: 10, offset: 0 })
      expect(count).toBe(1)
      expect(rows[0]).toMatchObject({ total_minor: 12345, paid_minor: 0, payment_status: "pending", marks: [] })
    })

    it("writes one history row per transition and sets the matching timestamps", async () => {
      await confirmedHolded("order_2", 2)
      const r = await service.transition({ order_id: "order_2", action: "approve", actor: user, reason: "ok" })
      expect(r.before.fulfillment_status).toBe("holded")
      expect(r.lifecycle).toMatchObject({ fulfillment_status: "processing" })
      expect(r.lifecycle.approved_at).toBeInstanceOf(Date)
      expect(r.lifecycle.paid_at).toBeInstanceOf(Date)
      const { history } = await service.getHistoryAndNotes(r.lifecycle.id)
      expect(history.map((h: any) => h.action)).toEqual(["approve", "submit_review", "payment_confirmed", "created"])
    })

    it("compare-and-set: of ten concurrent approvals exactly one wins, the rest get CONFLICT", async () => {
      await confirmedHolded("order_3", 3)
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => service.transition({ order_id: "order_3", action: "approve", actor: user }))
      )
      const won = results.filter((r) => r.status === "fulfilled")
      const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[]
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(9)
      for (const l of lost) {
        expect(l.reason.type).toBe(MedusaError.Types.CONFLICT)
        expect(l.reason.message).toMatch(/fulfillment processing/)
      }
      const row = await service.retrieveLifecycleByOrder("order_3")
      const { history } = await service.getHistoryAndNotes(row.id)
      expect(history.filter((h: any) => h.action === "approve")).toHaveLength(1)
    })

    it("reverts a transition exactly (the compensation)", async () => {
      await confirmedHolded("order_4", 4)
      const r = await service.transition({ order_id: "order_4", action: "approve", actor: user })
      expect(await service.revertTransition(r)).toBe(true)
      const row = await service.retrieveLifecycleByOrder("order_4")
      expect(row).toMatchObject({ fulfillment_status: "holded", approved_at: null })
      const { history } = await service.getHistoryAndNotes(row.id)
      expect(history.map((h: any) => h.action)).not.toContain("approve")
    })

    it("requires a reason from a person to reject, hold or cancel", async () => {
      await confirmedHolded("order_5", 5)
      await expect(service.transition({ order_id: "order_5", action: "hold", actor: user })).rejects.toMatchObject({ type: MedusaError.Types.INVALID_DATA })
      await expect(service.transition({ order_id: "order_5", action: "hold", actor: user, reason: "x" })).resolves.toBeTruthy()
    })

    it("restricts an action to the admins named in `permissions`", async () => {
      await confirmedHolded("order_6", 6)
      expect(() => service.assertPermitted("cancel", { type: "user", id: "user_9", email: "clerk@example.com" })).toThrow("insufficient permissions")
      expect(() => service.assertPermitted("cancel", { type: "user", id: "user_8", email: "boss@example.com" })).not.toThrow()
      expect(() => service.assertPermitted("approve", { type: "user", id: "user_9", email: "clerk@example.com" })).not.toThrow()
      await expect(service.checkAction("order_6", "cancel", { type: "user", id: "user_9", email: "clerk@example.com" })).rejects.toMatchObject({ type: MedusaError.Types.FORBIDDEN })
    })

    it("keeps marks unique and filterable; lists by status, hold, provider and search", async () => {
      await service.ensureLifecycle(base("order_7", 7))
      await service.ensureLifecycle({ ...base("order_8", 8), email: "b@example.com", payment_provider: "pp_deferred_deferred" })
      await service.addNote("order_7", { kind: "mark", body: "x", label: "VIP", author: user })
      await service.addNote("order_7", { kind: "mark", body: "again", label: "VIP", author: user })
      await service.addNote("order_7", { kind: "mark", body: "fragile", label: "FRAGILE", author: user })
      const row = await service.retrieveLifecycleByOrder("order_7")
      expect(row.marks).toEqual(["VIP", "FRAGILE"])
      const ids = async (f: any) => (await service.listLifecycles(f, { limit: 10, offset: 0 }))[0].map((r) => r.order_id)
      expect(await ids({ mark: ["FRAGILE"] })).toEqual(["order_7"])
      expect(await ids({ payment_provider: ["pp_deferred_deferred"] })).toEqual(["order_8"])
      expect(await ids({ q: "b@exa" })).toEqual(["order_8"])
      expect(await ids({ q: "MO000007" })).toEqual(["order_7"])
      expect(await ids({ q: "%" })).toEqual([])
      expect(await ids({ sort: "oldest" })).toEqual(["order_7", "order_8"])
    })

    it("counts exactly up to the cap and no further; keyset pages continue where the last one ended", async () => {
      for (let i = 20; i < 27; i++) await service.ensureLifecycle({ ...base(`order_${i}`, i), email: "cap@example.com", placed_at: new Date(Date.UTC(2026, 0, 2, 3, i)) })
      const only = { q: "cap@example.com" }
      const [rows, count, more] = await service.listLifecycles(only, { limit: 2, count_cap: 5 })
      expect(rows.map((r) => r.order_id)).toEqual(["order_26", "order_25"])
      expect([count, more.count_exact]).toEqual([5, false])
      const [, exact, exactMore] = await service.listLifecycles(only, { limit: 2, count_cap: 7 })
      expect([exact, exactMore.count_exact]).toEqual([7, true])
      const walked: string[] = []
      let cursor = null as ReturnType<typeof decodeCursor>
      do {
        const [page, , m] = await service.listLifecycles({ ...only, sort: "created_at" }, { limit: 3, cursor })
        walked.push(...page.map((r) => r.order_id))
        cursor = m.next_cursor ? decodeCursor(m.next_cursor) : null
      } while (cursor)
      expect(walked).toEqual(["order_20", "order_21", "order_22", "order_23", "order_24", "order_25", "order_26"])
    })
  },
})
