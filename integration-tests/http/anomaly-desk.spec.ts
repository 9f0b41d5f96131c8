import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { placeOrder } from "../helpers/place-order"
import { CN_PROVIDERS, CnGateways, startCnGateways } from "../helpers/cn-gateways"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"
import { openAnomalyAndAnnounce } from "../../src/workflows/orphan-payments"
import { openMaliciousOrderAnomaly } from "../../src/workflows/anomalies/open-anomaly"

jest.setTimeout(300 * 1000)

// Issue 18, the anomaly desk: the process (open → investigating → waiting_customer → resolved / dismissed), each step
// on a timeline with actor, time and note; assignment; the desk's filters; the detail with the callback inbox and the
// order's history; "Re-process callback" on a stored callback that failed.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_PAYMENT_CHANNELS = JSON.stringify({})
let gw: CnGateways
beforeAll(async () => {
  gw = await startCnGateways()
})
afterAll(async () => {
  await gw?.close()
})
afterEach(() => subscribersIdle())

const BASE = "/admin/order-management/anomalies"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>
    let adminId: string
    let colleague: { id: string; headers: Record<string, string> }

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: CN_PROVIDERS, stock: 50 })
      const a = await createAdmin(container)
      admin = a.headers
      adminId = a.user.id
      const c = await createAdmin(container, "colleague@test.com")
      colleague = { id: c.user.id, headers: c.headers }
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post", url: string, body?: unknown, headers: Record<string, string> = admin) =>
      (method === "get" ? api.get(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const move = (id: string, body: Record<string, unknown>, headers = admin) => call("post", `${BASE}/${id}/transition`, body, headers)
    const detail = async (id: string) => (await call("get", `${BASE}/${id}`)).data
    const list = async (qs: string) => (await call("get", `${BASE}?${qs}`)).data
    const om = () => container.resolve("order_management") as any

    /** An admin opens a malicious_order anomaly on a freshly placed order. */
    async function maliciousByHand(note = "same card on five accounts") {
      const placed = await placeOrder(container, store)
      const res = await call("post", BASE, { order_id: placed.order_id, type: "malicious_order", note })
      expect(res.status).toBe(201)
      return { placed, anomaly: res.data.anomaly }
    }

    /** The system opens an anomaly the way its payment paths do (announced: the opened step follows). */
    async function systemOpens(o: { type: string; provider_id?: string | null; order_id?: string | null; key?: string; out_trade_no?: string }) {
      const a = await openAnomalyAndAnnounce(container, {
        order_id: o.order_id ?? null,
        type: o.type,
        dedupe_key: o.key ?? `${o.type}:${Math.random()}`,
        amount_minor: 1234,
        currency_code: "cny",
        provider_id: o.provider_id ?? null,
        out_trade_no: o.out_trade_no ?? null,
        metadata: { reason: `seen by a test (${o.type})` },
      })
      await subscribersIdle()
      return a
    }

    it("walks an anomaly through every state, each step on the timeline with actor, time, from → to and note", async () => {
      const before = Date.now()
      const { anomaly, placed } = await maliciousByHand()
      expect(anomaly).toMatchObject({ type: "malicious_order", status: "open", order_id: placed.order_id, assignee_id: null, assignee: null, currency_code: "cny" })
      expect(anomaly.last_step).toMatchObject({ kind: "opened", actor: { type: "user", id: adminId }, note: "same card on five accounts" })

      const steps: Array<[string, Record<string, unknown>]> = [
        ["investigating", { to: "investigating", note: "looking at the accounts" }],
        ["waiting_customer", { to: "waiting_customer", note: "asked the buyer for an ID" }],
        ["investigating", { to: "investigating", note: "the buyer answered" }],
        ["open", { to: "open", note: "back to the queue" }],
        ["resolved", { to: "resolved", resolution: "resend", note: "sent the activation key again" }],
      ]
      for (const [status, body] of steps) {
        const res = await move(anomaly.id, body, status === "waiting_customer" ? colleague.headers : admin)
        expect([res.status, res.data.message]).toEqual([200, undefined])
        expect(res.data.anomaly.status).toBe(status)
        expect(res.data.step).toMatchObject({ kind: "transition", to_status: status, note: body.note, actor: { type: "user", id: status === "waiting_customer" ? colleague.id : adminId } })
      }
      const d = await detail(anomaly.id)
      expect(d.anomaly).toMatchObject({ status: "resolved", resolution: "resent", resolution_note: "sent the activation key again" })
      expect(d.steps.map((s: any) => [s.kind, s.from_status, s.to_status, s.resolution, s.note])).toEqual([
        ["opened", null, "open", null, "same card on five accounts"],
        ["transition", "open", "investigating", null, "looking at the accounts"],
        ["transition", "investigating", "waiting_customer", null, "asked the buyer for an ID"],
        ["transition", "waiting_customer", "investigating", null, "the buyer answered"],
        ["transition", "investigating", "open", null, "back to the queue"],
        ["transition", "open", "resolved", "resend", "sent the activation key again"],
      ])
      const times = d.steps.map((s: any) => new Date(s.created_at).getTime())
      expect(times).toEqual([...times].sort((a, b) => a - b))
      expect(times[0]).toBeGreaterThanOrEqual(before - 1000)
      expect(d.steps[2].actor).toMatchObject({ type: "user", id: colleague.id, email: "colleague@test.com" })
      expect(d.steps[1].actor).toMatchObject({ type: "user", id: adminId, email: "admin@test.com" })
      expect(d.order).toMatchObject({ id: placed.order_id, display_id: expect.any(Number), status: "pending", email: "buyer@example.com", currency_code: "cny", total_minor: expect.any(Number) })

      // final: every move is 409, naming from and to
      for (const to of ["investigating", "open", "dismissed", "resolved"]) {
        const res = await move(anomaly.id, { to, note: "again", ...(to === "resolved" ? { resolution: "manual" } : {}) })
        expect(res.status).toBe(409)
        expect(res.data.message).toBe(`Cannot move this anomaly from resolved to ${to}: resolved is final`)
      }
      expect((await detail(anomaly.id)).steps).toHaveLength(6)

      // the other way out: dismissed, which needs a note
      const { anomaly: other } = await maliciousByHand("a test order by staff")
      const bare = await move(other.id, { to: "dismissed" })
      expect([bare.status, bare.data.message]).toEqual([400, "note is required to dismiss an anomaly"])
      const blank = await move(other.id, { to: "dismissed", note: "   " })
      expect(blank.status).toBe(400)
      expect(blank.data.message).toMatch(/note is required/)
      const dismissed = await move(other.id, { to: "dismissed", note: "placed by our own staff" })
      expect(dismissed.status).toBe(200)
      expect(dismissed.data.anomaly).toMatchObject({ status: "dismissed", resolution: null, resolution_note: "placed by our own staff", resolved_at: expect.any(String) })
      const again = await move(other.id, { to: "open" })
      expect([again.status, again.data.message]).toEqual([409, "Cannot move this anomaly from dismissed to open: dismissed is final"])
    })

    it("refuses bad moves with 400 naming the field and illegal ones with 409 naming from and to", async () => {
      const { anomaly } = await maliciousByHand()
      expect((await move(anomaly.id, { to: "closed" })).data.message).toMatch(/to must be one of: open, investigating, waiting_customer, resolved, dismissed/)
      expect((await move(anomaly.id, { to: "resolved" })).data.message).toMatch(/^resolution is required/)
      const manual = await move(anomaly.id, { to: "resolved", resolution: "manual" })
      expect([manual.status, manual.data.message]).toEqual([400, "note is required to resolve with manual"])
      expect((await move(anomaly.id, { to: "investigating", resolution: "refund" })).data.message).toBe("resolution is only given when to is resolved")
      expect((await move(anomaly.id, { to: "open" })).data.message).toBe("Cannot move this anomaly from open to open")
      expect((await move(anomaly.id, { to: "waiting_customer" })).status).toBe(200)
      const skip = await move(anomaly.id, { to: "open" })
      expect([skip.status, skip.data.message]).toEqual([409, "Cannot move this anomaly from waiting_customer to open"])
      // revive only revives a paid-after-cancel order: refused, and the anomaly stays where it was
      const revive = await move(anomaly.id, { to: "resolved", resolution: "revive" })
      expect([revive.status, revive.data.message]).toEqual([400, "Cannot revive: only a paid-after-cancel anomaly revives an order (this one is malicious_order)"])
      const d = await detail(anomaly.id)
      expect(d.anomaly).toMatchObject({ status: "waiting_customer", resolution: null, resolved_at: null })
      expect(d.steps.map((s: any) => s.to_status)).toEqual(["open", "waiting_customer"])
      expect((await move("oanom_unknown", { to: "investigating" })).status).toBe(404)
      expect((await call("get", `${BASE}/oanom_unknown`)).status).toBe(404)
    })

    it("of two concurrent moves from the same status one wins (200) and the other gets 409", async () => {
      const pairs: Array<[Record<string, unknown>, Record<string, unknown>]> = [
        [{ to: "investigating" }, { to: "investigating" }],
        [{ to: "dismissed", note: "duplicate report" }, { to: "resolved", resolution: "manual", note: "refunded at the console" }],
        // with the status each admin saw: the second move is refused even where it would be legal after the first
        [{ to: "investigating", from: "open" }, { to: "waiting_customer", from: "open", note: "asked the buyer" }],
      ]
      for (const [first, second] of [...pairs, ...pairs]) {
        const a = await systemOpens({ type: "paid_late" })
        const [x, y] = await Promise.all([move(a.id, first), move(a.id, second, colleague.headers)])
        expect([x.status, y.status].sort()).toEqual([200, 409])
        const [winner, loser, lostBody] = x.status === 200 ? [x, y, second] : [y, x, first]
        expect(loser.data.message).toMatch(new RegExp(`^Cannot move this anomaly from (open|${winner.data.anomaly.status}) to ${lostBody.to}`))
        const d = await detail(a.id)
        expect(d.anomaly.status).toBe(winner.data.anomaly.status)
        expect(d.steps.filter((s: any) => s.kind === "transition")).toEqual([expect.objectContaining({ from_status: "open", to_status: winner.data.anomaly.status })])
      }
      // a stale view is refused without a race too
      const a = await systemOpens({ type: "paid_late" })
      await move(a.id, { to: "investigating" })
      const stale = await move(a.id, { to: "waiting_customer", from: "open", note: "asked" })
      expect([stale.status, stale.data.message]).toEqual([409, "Cannot move this anomaly from open to waiting_customer: it is already investigating"])
    })

    it("assigns to a real admin, refuses an unknown user, unassigns; each a step", async () => {
      const { anomaly } = await maliciousByHand()
      const unknown = await call("post", `${BASE}/${anomaly.id}/assign`, { user_id: "user_nobody" })
      expect([unknown.status, unknown.data.message]).toEqual([400, "user_id user_nobody is not an admin user of this store"])
      expect((await call("post", `${BASE}/${anomaly.id}/assign`, {})).status).toBe(400)
      const res = await call("post", `${BASE}/${anomaly.id}/assign`, { user_id: colleague.id, note: "yours" })
      expect(res.status).toBe(200)
      expect(res.data.anomaly).toMatchObject({ assignee_id: colleague.id, assigned_at: expect.any(String), assignee: { id: colleague.id, email: "colleague@test.com" } })
      expect(res.data.step).toMatchObject({ kind: "assigned", assignee_id: colleague.id, actor: { type: "user", id: adminId }, note: "yours", metadata: { previous_assignee_id: null } })
      // the colleague sees it as theirs; the admin does not
      expect((await call("get", `${BASE}?assignee_id=me`, undefined, colleague.headers)).data.anomalies.map((a: any) => a.id)).toEqual([anomaly.id])
      expect((await list("assignee_id=me")).anomalies).toEqual([])
      expect((await list(`assignee_id=${colleague.id}`)).anomalies.map((a: any) => a.id)).toEqual([anomaly.id])
      expect((await list("assignee_id=unassigned")).anomalies).toEqual([])
      // the same assignee again changes nothing
      expect((await call("post", `${BASE}/${anomaly.id}/assign`, { user_id: colleague.id })).data.step).toBeNull()
      const un = await call("post", `${BASE}/${anomaly.id}/assign`, { user_id: null })
      expect(un.data.anomaly).toMatchObject({ assignee_id: null, assignee: null })
      expect(un.data.step).toMatchObject({ kind: "unassigned", metadata: { previous_assignee_id: colleague.id } })
      expect((await list("assignee_id=unassigned")).anomalies.map((a: any) => a.id)).toEqual([anomaly.id])
      const d = await detail(anomaly.id)
      expect(d.steps.map((s: any) => s.kind)).toEqual(["opened", "assigned", "unassigned"])
      expect(d.steps[1].assignee).toMatchObject({ id: colleague.id, email: "colleague@test.com" })
      // a finished anomaly is not assigned
      await move(anomaly.id, { to: "dismissed", note: "false alarm" })
      const late = await call("post", `${BASE}/${anomaly.id}/assign`, { user_id: adminId })
      expect([late.status, late.data.message]).toEqual([409, "Cannot assign this anomaly: it is dismissed"])
    })

    it("filters by type, state, age, channel, assignee and search, and counts each state", async () => {
      const placed = await placeOrder(container, store)
      const late = await systemOpens({ type: "paid_late", provider_id: "pp_alipay_alipay", order_id: placed.order_id, out_trade_no: "OM-TRADE-77" })
      const dup = await systemOpens({ type: "duplicate_payment", provider_id: "pp_wechatpay_wechatpay" })
      const unmatched = await systemOpens({ type: "unmatched_payment", provider_id: "pp_alipay_alipay" })
      const { anomaly: bad } = await maliciousByHand()
      // two days old
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await knex("order_anomaly").where({ id: dup.id }).update({ created_at: new Date(Date.now() - 48 * 3_600_000) })
      await move(unmatched.id, { to: "waiting_customer", note: "asked for the receipt" })
      await move(bad.id, { to: "dismissed", note: "known customer" })
      await call("post", `${BASE}/${late.id}/assign`, { user_id: colleague.id })

      const ids = (d: any) => d.anomalies.map((a: any) => a.id).sort()
      expect(ids(await list("type=paid_late,duplicate_payment"))).toEqual([late.id, dup.id].sort())
      expect(ids(await list("type[]=malicious_order"))).toEqual([bad.id])
      expect(ids(await list("status=waiting_customer,dismissed"))).toEqual([unmatched.id, bad.id].sort())
      expect(ids(await list("older_than_hours=24"))).toEqual([dup.id])
      expect(ids(await list(`created_from=${new Date(Date.now() - 3_600_000).toISOString()}`))).toEqual([late.id, unmatched.id, bad.id].sort())
      expect(ids(await list(`created_to=${new Date(Date.now() - 24 * 3_600_000).toISOString()}`))).toEqual([dup.id])
      expect(ids(await list("provider_id=alipay"))).toEqual([late.id, unmatched.id].sort())
      expect(ids(await list("provider_id=pp_wechatpay_wechatpay"))).toEqual([dup.id])
      expect(ids(await list(`assignee_id=${colleague.id}`))).toEqual([late.id])
      expect(ids(await list("q=OM-TRADE-77"))).toEqual([late.id])
      const displayId = (await detail(late.id)).order.display_id
      expect(ids(await list(`q=%23${displayId}`))).toEqual([late.id])

      const all = await list("limit=2")
      expect(all.count).toBe(4)
      expect(all.anomalies).toHaveLength(2)
      expect(all.counts).toEqual({ open: 2, investigating: 0, waiting_customer: 1, resolved: 0, dismissed: 1 })
      // counts follow every filter but the status: the page's tabs
      expect((await list("status=open&provider_id=alipay")).counts).toEqual({ open: 1, investigating: 0, waiting_customer: 1, resolved: 0, dismissed: 0 })
      const row = (await list(`q=OM-TRADE-77`)).anomalies[0]
      expect(row).toMatchObject({ assignee: { id: colleague.id, email: "colleague@test.com" }, display_id: displayId, age: expect.any(Number) })
      expect(row.last_step).toMatchObject({ kind: "assigned", assignee_id: colleague.id })
      const old = (await list("older_than_hours=24")).anomalies[0]
      expect(old.age).toBeGreaterThanOrEqual(48 * 3600 - 5)

      const bad400 = await call("get", `${BASE}?status=closed`)
      expect(bad400.status).toBe(400)
      expect(bad400.data.message).toMatch(/status must be one of: open, investigating, waiting_customer, resolved, dismissed/)
      expect((await call("get", `${BASE}?older_than_hours=soon`)).data.message).toMatch(/older_than_hours must be a number of hours/)
      expect((await call("get", `${BASE}?created_from=yesterday`)).data.message).toMatch(/created_from must be an ISO 8601/)
    })

    it("writes the opened step of every anomaly the system opens (actor system), and makes one up for older ones", async () => {
      const a = await systemOpens({ type: "paid_late", provider_id: "pp_alipay_alipay" })
      const d = await detail(a.id)
      expect(d.steps).toEqual([expect.objectContaining({ kind: "opened", to_status: "open", actor: { type: "system", id: null }, note: "seen by a test (paid_late)" })])
      expect(d.steps[0].synthetic).toBeUndefined()
      expect(new Date(d.steps[0].created_at).getTime()).toBe(new Date(d.anomaly.created_at).getTime())
      // an anomaly opened without the announcement (as before the desk existed): the timeline starts with its created_at
      const { anomaly: legacy } = await om().openAnomaly({ order_id: null, type: "paid_no_order", dedupe_key: "legacy:1", metadata: { reason: "from before" } })
      const l = await detail(legacy.id)
      expect(l.steps).toEqual([expect.objectContaining({ kind: "opened", synthetic: true, actor: { type: "system", id: null }, note: "from before" })])
      expect(l.order).toBeNull()
      expect((await move(legacy.id, { to: "investigating" })).status).toBe(200)
      expect((await detail(legacy.id)).steps.map((s: any) => [s.kind, s.to_status])).toEqual([["opened", "open"], ["transition", "investigating"]])
      // a remark moves nothing
      const note = await call("post", `${BASE}/${legacy.id}/notes`, { note: "the buyer called" })
      expect(note.status).toBe(201)
      expect(note.data.step).toMatchObject({ kind: "note", from_status: "investigating", to_status: "investigating", note: "the buyer called" })
      expect((await call("post", `${BASE}/${legacy.id}/notes`, { note: " " })).status).toBe(400)
    })

    it("an admin opens a malicious_order anomaly by hand; the risk helper reuses an unfinished one", async () => {
      const { anomaly, placed } = await maliciousByHand("five accounts, one device")
      expect(anomaly.metadata).toMatchObject({ reason: "five accounts, one device", opened_by: "user", order_total_minor: (await detail(anomaly.id)).order.total_minor })
      expect(anomaly.metadata.order_total_minor).toBeGreaterThan(0)
      // no money to handle: the unpaid-order release is not held by it
      expect(anomaly.amount_minor).toBeNull()
      const twice = await call("post", BASE, { order_id: placed.order_id, type: "malicious_order", note: "again" })
      expect(twice.status).toBe(409)
      expect(twice.data.message).toContain(anomaly.id)
      const byRisk = await openMaliciousOrderAnomaly(container, { order_id: placed.order_id, reason: "risk review (score 40)" })
      expect(byRisk).toMatchObject({ created: false, anomaly: { id: anomaly.id } })
      // once finished, a new one may be opened (by a rule: actor system)
      await move(anomaly.id, { to: "dismissed", note: "verified the buyer" })
      const next = await openMaliciousOrderAnomaly(container, { order_id: placed.order_id, reason: "risk review (score 60)" })
      expect(next.created).toBe(true)
      await subscribersIdle()
      expect((await detail(next.anomaly.id)).steps).toEqual([expect.objectContaining({ kind: "opened", actor: { type: "system", id: null }, note: "risk review (score 60)" })])
      expect((await list(`order_id=${placed.order_id}`)).count).toBe(2)

      expect((await call("post", BASE, { order_id: "order_nope", type: "malicious_order", note: "x" })).status).toBe(404)
      const wrongType = await call("post", BASE, { order_id: placed.order_id, type: "paid_late", note: "x" })
      expect([wrongType.status, wrongType.data.message]).toEqual([400, expect.stringContaining("type must be one of: malicious_order")])
      const noNote = await call("post", BASE, { order_id: placed.order_id, type: "malicious_order" })
      expect([noNote.status, noNote.data.message]).toEqual([400, expect.stringContaining("note")])
    })

    describe("a callback that failed, re-processed from the desk", () => {
      const h = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })

      async function startCheckout() {
        const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "shopper@example.com" }, h())
        await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 1 }, h())
        await api.post(`/store/carts/${cart.id}`, { shipping_address: { first_name: "Li", last_name: "Lei", address_1: "1 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001" } }, h())
        await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h())
        const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
        const { data: { payment_collection: pc } } = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: "pp_alipay_alipay", data: { method: "qr" } }, h())
        return { cart_id: cart.id as string, session: pc.payment_sessions[0] }
      }

      it("replays the stored event through the retry path, records it on the order, and refuses a processed one", async () => {
        const { cart_id, session } = await startCheckout()
        // paid with the wrong amount before the order exists: the mismatch needs an order to flag, so the event fails
        const received = waitForSubscribers(container, PAYMENT_EVENT_RECEIVED)
        Object.assign(gw.alipay.scan(session.data.out_trade_no), { status: "TRADE_SUCCESS", total_amount: "1.00", gmt_payment: "2026-11-22 10:00:00" })
        expect(await gw.alipay.notify(session.data.out_trade_no, { retry: false })).toMatchObject({ status: 200, body: "success" })
        await received
        const [stored] = await om().listPaymentEventsFor({ session_ids: [session.id] })
        expect(stored).toMatchObject({ status: "failed", attempts: 1 })
        expect(stored.error).toMatch(/not placed yet/)
        // the order is placed now; the admin re-processes the callback
        const placed = waitForSubscribers(container, "order.placed")
        const { data } = await api.post(`/store/carts/${cart_id}/complete`, {}, h())
        await placed
        const order_id = data.order.id

        expect((await call("post", `/admin/order-management/payment-events/${stored.id}/replay`, { payload: { total_amount: "409.00" } })).status).toBe(400)
        const replay = await call("post", `/admin/order-management/payment-events/${stored.id}/replay`, {})
        expect(replay.status).toBe(200)
        expect(replay.data.result).toMatchObject({ status: "processed", outcome: "amount_mismatch", order_id, event_id: stored.id })
        expect(replay.data.event).toMatchObject({ id: stored.id, status: "processed", outcome: "amount_mismatch", attempts: 2, error: null, order_id })
        expect(replay.data.event.payload).toBeUndefined()
        await subscribersIdle()

        // the anomaly it opened shows the inbox row and the order's history, replay included
        const [anomaly] = (await list(`order_id=${order_id}`)).anomalies
        expect(anomaly).toMatchObject({ type: "amount_mismatch", amount_minor: 100, status: "open" })
        const d = await detail(anomaly.id)
        expect(d.payment_events).toEqual([expect.objectContaining({ id: stored.id, provider: "pp_alipay_alipay", source: "callback", status: "processed", outcome: "amount_mismatch", attempts: 2, amount_minor: 100, currency_code: "CNY", processed_at: expect.any(String) })])
        expect(d.payment_events[0].payload).toBeUndefined()
        expect(d.order).toMatchObject({ id: order_id, payment_status: "suspected_fraud", status: "pending" })
        const replayed = d.order_history.find((h: any) => h.action === "payment_event_replayed")
        expect(replayed).toMatchObject({ actor_type: "user", actor_id: adminId, reason: "callback re-processed: processed (amount_mismatch)", metadata: expect.objectContaining({ payment_event_id: stored.id, previous_status: "failed", status: "processed" }) })
        expect(d.steps[0]).toMatchObject({ kind: "opened", actor: { type: "system" } })

        // a processed event is not replayed; an unknown one is 404
        const again = await call("post", `/admin/order-management/payment-events/${stored.id}/replay`, {})
        expect([again.status, again.data.message]).toEqual([409, `Cannot re-process payment event ${stored.id}: it is already processed`])
        expect((await call("post", "/admin/order-management/payment-events/opevt_nope/replay", {})).status).toBe(404)
        expect((await om().findPaymentEvent(stored.id)).attempts).toBe(2)

        // resolving it by refund: no money was captured (amounts differ), so the refund is refused and nothing moves
        expect((await move(anomaly.id, { to: "investigating" })).status).toBe(200)
        const refund = await move(anomaly.id, { to: "resolved", resolution: "refund", note: "wrong amount" })
        expect(refund.status).toBe(400)
        expect(refund.data.message).toMatch(/no Medusa payment is recorded/)
        const after = await detail(anomaly.id)
        expect(after.anomaly).toMatchObject({ status: "investigating", resolution: null })
        expect(after.steps.map((s: any) => s.to_status)).toEqual(["open", "investigating"])
        // the older /resolve route is the same transition
        const manual = await call("post", `${BASE}/${anomaly.id}/resolve`, { resolution: "manual", note: "refunded at the Alipay console" })
        expect(manual.data.anomaly).toMatchObject({ status: "resolved", resolution: "manual", resolution_note: "refunded at the Alipay console" })
        expect(manual.data.step).toMatchObject({ kind: "transition", from_status: "investigating", to_status: "resolved", resolution: "manual" })
      })
    })
  },
})
