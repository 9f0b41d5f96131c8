import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin, createCustomerWithToken } from "../helpers/admin-auth"
import { BALANCE_MODULE } from "../../src/modules/balance"
import type BalanceModuleService from "../../src/modules/balance/service"
import { adjustBalanceWorkflow } from "../../src/workflows/adjust-balance"
import { ORDER_MANAGEMENT_MODULE } from "../../src/modules/order-management"
import type OrderManagementModuleService from "../../src/modules/order-management/service"
import { releaseUnpaidOrders } from "../../src/workflows/release-unpaid-orders"

jest.setTimeout(300 * 1000)

// Manual orders over HTTP: drafts built on Medusa's draft orders and promotions, each finish end to end, the
// deductions debited at placement and given back on cancel, and every refusal with its message.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer,system"
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_PERMISSIONS = JSON.stringify({ manualDiscount: ["boss@example.com"] })
process.env.OM_MANUAL_DISCOUNT_MAX_PERCENT = "10"
process.env.OM_STOREFRONT_PAY_URL = "https://shop.example.com/pay/{order_id}"
process.env.OM_REQUIRED_ADDRESS_FIELDS = "phone,postal_code"
// one point is worth 0.10 CNY; at most half an order in points
process.env.OM_POINTS = JSON.stringify({ earnPerMajorUnit: { cny: 1 }, valueMinor: { cny: 10 }, maxSharePercent: 50 })
const BALANCE = "pp_balance_balance"
const URL = "/admin/order-management/manual-orders"

afterEach(() => subscribersIdle())

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let boss: Record<string, string>
    let clerk: Record<string, string>
    let clerkId: string
    let mei: { customer: any; headers: Record<string, string> }

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [BALANCE], stock: 100 })
      boss = (await createAdmin(container, "boss@example.com")).headers
      const c = await createAdmin(container, "clerk@example.com")
      clerk = c.headers
      clerkId = c.user.id
      const a = await createCustomerWithToken(container, "mei@example.com")
      await container.resolve(Modules.CUSTOMER).updateCustomers(a.customer.id, { phone: "+8613800000001" })
      mei = { customer: a.customer, headers: { "x-publishable-api-key": store.publishableKey, authorization: `Bearer ${a.token}` } }
      // ¥500.00 on Mei's balance, 1,000 points
      await adjustBalanceWorkflow(container).run({ input: { customer_id: mei.customer.id, currency_code: "cny", amount_minor: 50000, reason: "opening", idempotency_key: "seed-mei", actor: { type: "user", id: null } } })
      await api.post(`/admin/order-management/customers/${mei.customer.id}/points/adjustments`, { points: 1000, reason: "welcome" }, { headers: boss })
      await container.resolve(Modules.PROMOTION).createPromotions([
        { code: "SPRING10", type: "standard", status: "active", is_automatic: false, application_method: { type: "percentage", target_type: "order", allocation: "across", value: 10 } },
        { code: "WINTER", type: "standard", status: "draft", is_automatic: false, application_method: { type: "percentage", target_type: "order", allocation: "across", value: 10 } },
      ] as any)
    })
    beforeEach(() => {
      container = getContainer()
    })

    const call = (method: "get" | "post" | "delete", url: string, body?: unknown, headers: Record<string, string> = clerk) =>
      (method === "get" ? api.get(url, { headers }) : method === "delete" ? api.delete(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const balanceOf = (customerId: string) => (container.resolve(BALANCE_MODULE) as BalanceModuleService).balanceOf(customerId, "cny")
    const pointsOf = async (customerId: string) => Number(await (container.resolve("points") as any).balanceOf(customerId))
    const lifecycle = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle
    const address = { first_name: "Mei", last_name: "Lin", address_1: "88 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001", phone: "13800000001" }
    const draftFor = (extra: Record<string, unknown> = {}, headers = clerk) =>
      call(
        "post",
        URL,
        { customer_id: mei.customer.id, region_id: store.regions.cny, items: [{ variant_id: store.variants.teapot, quantity: 1 }], shipping_address: address, shipping_option_id: store.shippingOptionIds.cny, ...extra },
        headers
      )
    const countDrafts = async () => (await container.resolve(Modules.ORDER).listOrders({ is_draft_order: true } as any, { select: ["id"] })).length
    const graph = async (id: string, fields: string[]) => (await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields, filters: { id } })).data[0] as any

    it("builds a priced draft on Medusa's draft order (coupon, manual discount, deductions), updates it re-priced and discards it", async () => {
      const res = await draftFor({
        items: [{ variant_id: store.variants.tea, quantity: 2 }],
        promo_codes: ["SPRING10"],
        manual_discount: { type: "amount", value: 1000, reason: "regular customer" },
        balance_minor: 2000,
        points: 100,
        notes: "call before delivery",
        marks: ["vip"],
        communication: { channel: "phone", summary: "ordered by phone" },
      })
      expect(res.status).toBe(201)
      const mo = res.data.manual_order
      expect(mo.status).toBe("draft")
      expect(mo.currency_code).toBe("cny")
      expect(mo.customer).toMatchObject({ id: mei.customer.id, balance_minor: 50000, points: 1000 })
      expect(mo.items).toEqual([expect.objectContaining({ variant_id: store.variants.tea, quantity: 2, unit_price_minor: 12800, subtotal_minor: 25600 })])
      expect(mo.shipping).toMatchObject({ option_id: store.shippingOptionIds.cny, amount_minor: 1000 })
      expect(mo.promotions.map((p: any) => p.code)).toEqual(["SPRING10"])
      // both discounts are Medusa adjustments in Medusa's totals
      expect(mo.manual_discount).toMatchObject({ type: "amount", value: 1000, reason: "regular customer", amount_minor: 1000 })
      expect(mo.discount_total_minor).toBeGreaterThan(1000)
      expect(mo.total_minor).toBe(25600 + 1000 - mo.discount_total_minor + mo.tax_total_minor)
      expect(mo.items[0].discount_minor).toBe(mo.discount_total_minor)
      expect(mo.points_value_minor).toBe(1000)
      expect(mo.to_pay_minor).toBe(mo.total_minor - 2000 - 1000)
      expect(mo).toMatchObject({ notes: "call before delivery", marks: ["vip"], communication: { channel: "phone", summary: "ordered by phone" } })
      // nothing debited while it is a draft
      expect(await balanceOf(mei.customer.id)).toBe(50000)
      expect(await pointsOf(mei.customer.id)).toBe(1000)
      const medusa = await graph(mo.id, ["id", "status", "is_draft_order", "promotions.code"])
      expect(medusa).toMatchObject({ status: "draft", is_draft_order: true })
      expect(medusa.promotions.map((p: any) => p.code).sort()).toEqual(expect.arrayContaining(["SPRING10", expect.stringMatching(/^MANUAL-/)]))

      expect((await call("get", `${URL}/${mo.id}`)).data.manual_order).toMatchObject({ id: mo.id, total_minor: mo.total_minor })

      const upd = await call("post", `${URL}/${mo.id}`, { items: [{ variant_id: store.variants.tea, quantity: 1 }, { variant_id: store.variants.teapot, quantity: 1 }], manual_discount: null, promo_codes: [] })
      expect(upd.status).toBe(200)
      const u = upd.data.manual_order
      expect(u.id).toBe(mo.id)
      expect(u.items.map((i: any) => [i.variant_id, i.quantity]).sort()).toEqual([[store.variants.tea, 1], [store.variants.teapot, 1]].sort())
      expect(u).toMatchObject({ manual_discount: null, promotions: [], discount_total_minor: 0, item_subtotal_minor: 12800 + 39900, total_minor: 12800 + 39900 + 1000 + u.tax_total_minor, balance_minor: 2000 })
      // the manual discount's promotion went with it
      expect(await container.resolve(Modules.PROMOTION).listPromotions({ code: { $like: "MANUAL-%" } } as any)).toHaveLength(0)

      const del = await call("delete", `${URL}/${mo.id}`)
      expect(del.data).toEqual({ id: mo.id, object: "manual_order", deleted: true })
      expect((await call("get", `${URL}/${mo.id}`)).status).toBe(404)
    })

    it("mark paid: a new customer's order is placed, paid with a captured payment and waits in the review queue, with its notes and history", async () => {
      const res = await call("post", URL, {
        customer: { first_name: "Wang", last_name: "Fang", email: "wang@example.com", phone: "+8613900000002" },
        region_id: store.regions.cny,
        items: [{ variant_id: store.variants.teapot, quantity: 2 }],
        shipping_address: { ...address, first_name: "Wang", last_name: "Fang" },
        shipping_option_id: store.shippingOptionIds.cny,
        notes: "gift wrap",
        marks: ["vip", "gift"],
        communication: { channel: "wechat", summary: "asked for red clay" },
      })
      expect(res.status).toBe(201)
      const mo = res.data.manual_order
      expect(mo.customer.email).toBe("wang@example.com")
      const [created] = await container.resolve(Modules.CUSTOMER).listCustomers({ email: "wang@example.com" })
      expect(created.id).toBe(mo.customer.id)

      const done = await call("post", `${URL}/${mo.id}/complete`, { finish: "mark_paid", payment: { method: "cash", reference: "R-0001" } })
      expect(done.status).toBe(200)
      expect(done.data).toMatchObject({ order_id: mo.id, finish: "mark_paid", payment_link: null })
      expect(done.data.manual_order.status).toBe("placed")
      const order = await graph(mo.id, ["id", "status", "is_draft_order", "total", "payment_collections.status", "payment_collections.captured_amount", "items.id"])
      expect(order).toMatchObject({ status: "pending", is_draft_order: false })
      expect(order.payment_collections.map((c: any) => c.status)).toEqual(["completed"])
      expect(Number(order.payment_collections[0].captured_amount)).toBe(2 * 399 + 10)
      // Medusa reserved the stock at conversion
      const reservations = await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: order.items.map((i: any) => i.id) })
      expect(reservations.map((r: any) => Number(r.quantity))).toEqual([2])

      const l = await lifecycle(mo.id)
      expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "holded" })
      const placed = l.history.find((h: any) => h.action === "manual_order_placed")
      expect(placed).toMatchObject({ actor_type: "user", actor_id: clerkId })
      expect(placed.reason).toContain("cash R-0001")
      const notes = l.notes.map((n: any) => [n.kind, n.kind === "mark" ? n.label : n.body, n.channel ?? null, n.author_id])
      expect(notes).toEqual(
        expect.arrayContaining([
          ["note", "gift wrap", null, clerkId],
          ["mark", "vip", null, clerkId],
          ["mark", "gift", null, clerkId],
          ["communication", "asked for red clay", "wechat", clerkId],
        ])
      )
      expect(l.marks).toEqual(expect.arrayContaining(["vip", "gift"]))
      // in the review queue
      const queue = await call("get", "/admin/order-management/orders?fulfillment_status=holded")
      expect((queue.data.orders ?? queue.data.order_lifecycles ?? []).map((o: any) => o.order_id ?? o.id)).toContain(mo.id)
      // a placed order can no longer change
      expect((await call("post", `${URL}/${mo.id}`, { notes: "x" })).data.message).toMatch(/already placed/)
    })

    it("mark paid by bank transfer: the receipt goes through the bank-transfer confirmation, captured on a bank-transfer payment", async () => {
      const mo = (await draftFor({ balance_minor: 5000 })).data.manual_order
      const done = await call("post", `${URL}/${mo.id}/complete`, { finish: "mark_paid", payment: { method: "bank_transfer", reference: "CMB-20261201-0042" } })
      expect(done.status).toBe(200)
      expect(done.data.paid_by_deductions).toBe(false)
      const order = await graph(mo.id, ["id", "payment_collections.status", "payment_collections.amount", "payment_collections.payment_sessions.provider_id", "payment_collections.payment_sessions.data", "payment_collections.payments.provider_id", "payment_collections.payments.captures.amount"])
      const [collection] = order.payment_collections
      expect(Number(collection.amount)).toBe(399 + 10 - 50)
      // the bank-transfer provider's payment (not a system payment), captured for what was left to pay
      expect(collection.payments.map((p: any) => p.provider_id)).toEqual(["pp_bank-transfer_bank-transfer"])
      expect(collection.payments[0].captures.map((c: any) => Number(c.amount))).toEqual([359])
      const session = collection.payment_sessions.find((x: any) => x.provider_id === "pp_bank-transfer_bank-transfer")
      expect(session.data.receipts).toEqual([expect.objectContaining({ amount_minor: 35900, bank_reference: "CMB-20261201-0042", by: clerkId })])
      const l = await lifecycle(mo.id)
      expect(l).toMatchObject({ payment_status: "confirmed", fulfillment_status: "holded" })
      const received = l.history.find((h: any) => h.action === "bank_transfer_received")
      expect(received).toMatchObject({ actor_type: "user", actor_id: clerkId })
      expect(received.reason).toContain("CMB-20261201-0042")
      expect(await balanceOf(mei.customer.id)).toBe(45000)

    })

    it("balance and points that cover the whole total: placed paid without a payment, nothing to collect; a cancel gives both back", async () => {
      // ¥409.00 = 1,000 points (¥100.00, within the 50% cap) + ¥309.00 from the balance
      const mo = (await draftFor({ points: 1000, balance_minor: 30900 })).data.manual_order
      expect(mo.total_minor).toBe(40900)
      expect(mo.to_pay_minor).toBe(0)
      // no payment details needed, and no payment link is sent for a paid order
      const done = await call("post", `${URL}/${mo.id}/complete`, { finish: "payment_link" })
      expect(done.status).toBe(200)
      expect(done.data).toMatchObject({ paid_by_deductions: true, payment_link: null, payment_link_sent: null })
      expect(await container.resolve(Modules.NOTIFICATION).listNotifications({ template: "order-management.manual-order.payment-link" } as any)).toHaveLength(0)
      expect(await balanceOf(mei.customer.id)).toBe(50000 - 30900)
      expect(await pointsOf(mei.customer.id)).toBe(0)
      const order = await graph(mo.id, ["id", "total", "credit_lines.reference", "credit_lines.amount", "payment_collections.id"])
      expect(Number(order.total)).toBe(0)
      expect(order.credit_lines.map((c: any) => [c.reference, Number(c.amount)]).sort()).toEqual([["manual_order_balance", 309], ["manual_order_points", 100]])
      expect(order.payment_collections ?? []).toHaveLength(0)
      const l = await lifecycle(mo.id)
      expect(l.payment_status).toBe("confirmed")
      expect(l.history.find((h: any) => h.action === "manual_order_placed").reason).toMatch(/paid in full by the customer's balance and points/)
      // the unpaid-order job leaves it alone
      const report = await releaseUnpaidOrders(container, { now: new Date(Date.now() + 3 * 24 * 3600_000) })
      expect(report.canceled).toBe(0)

      const cancel = await call("post", `/admin/order-management/orders/${mo.id}/actions`, { action: "cancel", reason: "customer changed their mind" })
      expect(cancel.status).toBeLessThan(300)
      await subscribersIdle()
      expect(await balanceOf(mei.customer.id)).toBe(50000)
      expect(await pointsOf(mei.customer.id)).toBe(1000)
    })

    it("payment link: the link is sent through the Notification module, and the customer paying it confirms the order", async () => {
      const mo = (await draftFor({ balance_minor: 5000 })).data.manual_order
      const done = await call("post", `${URL}/${mo.id}/complete`, { finish: "payment_link" })
      expect(done.status).toBe(200)
      expect(done.data.payment_link).toBe(`https://shop.example.com/pay/${mo.id}`)
      expect(done.data.payment_link_sent).toBe(true)
      const sent = await container.resolve(Modules.NOTIFICATION).listNotifications({ template: "order-management.manual-order.payment-link" } as any)
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({ to: "mei@example.com", resource_id: mo.id })
      expect((sent[0] as any).data.payment_link).toBe(`https://shop.example.com/pay/${mo.id}`)
      expect((sent[0] as any).data).toMatchObject({ subject: expect.stringContaining("Pay for your order"), amount: expect.stringContaining("359") })
      // ¥50.00 from the balance at placement; the credit line lowers Medusa's total to what is left to pay
      expect(await balanceOf(mei.customer.id)).toBe(45000)
      const order = await graph(mo.id, ["id", "total", "credit_lines.amount", "credit_lines.reference", "payment_collections.amount"])
      expect(order.credit_lines.map((c: any) => [c.reference, Number(c.amount)])).toEqual([["manual_order_balance", 50]])
      expect(Number(order.total)).toBe(399 + 10 - 50)
      expect(Number(order.payment_collections[0].amount)).toBe(359)
      expect((await lifecycle(mo.id)).payment_status).toBe("pending")

      // the customer pays on the storefront (here with the rest of the balance)
      const pay = await api.post(`/store/order-management/orders/${mo.id}/payment-sessions`, { provider_id: BALANCE }, { headers: mei.headers }).catch((e: any) => e.response)
      expect(pay.status).toBe(201)
      await subscribersIdle()
      expect((await lifecycle(mo.id)).payment_status).toBe("confirmed")
      expect(await balanceOf(mei.customer.id)).toBe(45000 - 35900)
    })

    it("unpaid: left pending, released by the unpaid-order job, which gives back the balance and points it deducted", async () => {
      const mo = (await draftFor({ balance_minor: 3000, points: 200 })).data.manual_order
      expect(mo.points_value_minor).toBe(2000)
      const done = await call("post", `${URL}/${mo.id}/complete`, { finish: "unpaid" })
      expect(done.status).toBe(200)
      expect(await balanceOf(mei.customer.id)).toBe(47000)
      expect(await pointsOf(mei.customer.id)).toBe(800)
      const order = await graph(mo.id, ["id", "total", "credit_lines.reference", "credit_lines.amount"])
      expect(order.credit_lines.map((c: any) => [c.reference, Number(c.amount)]).sort()).toEqual([["manual_order_balance", 30], ["manual_order_points", 20]])
      expect(Number(order.total)).toBe(399 + 10 - 50)
      expect((await lifecycle(mo.id)).payment_status).toBe("pending")

      // not yet: within the timeout
      await releaseUnpaidOrders(container, { now: new Date() })
      expect((await lifecycle(mo.id)).payment_status).toBe("pending")
      const report = await releaseUnpaidOrders(container, { now: new Date(Date.now() + 2 * 24 * 3600_000) })
      expect(report).toMatchObject({ canceled: 1, failed: [] })
      await subscribersIdle()
      expect((await lifecycle(mo.id)).payment_status).toBe("canceled")
      expect(await balanceOf(mei.customer.id)).toBe(50000)
      expect(await pointsOf(mei.customer.id)).toBe(1000)
      // the stock is released
      const items = (await graph(mo.id, ["items.id"])).items.map((i: any) => i.id)
      expect(await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: items })).toHaveLength(0)
    })

    it("an admin's cancel gives the balance back once", async () => {
      const mo = (await draftFor({ balance_minor: 10000 })).data.manual_order
      await call("post", `${URL}/${mo.id}/complete`, { finish: "unpaid" })
      expect(await balanceOf(mei.customer.id)).toBe(40000)
      const cancel = await call("post", `/admin/order-management/orders/${mo.id}/actions`, { action: "cancel", reason: "customer changed their mind" })
      expect(cancel.status).toBeLessThan(300)
      await subscribersIdle()
      expect(await balanceOf(mei.customer.id)).toBe(50000)
      const ledger = await (container.resolve(BALANCE_MODULE) as BalanceModuleService).listLedger({ customer_id: mei.customer.id })
      expect(ledger.entries.filter((e) => e.order_id === mo.id).map((e) => [e.direction, e.amount_minor]).sort()).toEqual([["credit", 10000], ["debit", 10000]])
    })

    it("a coupon that does not apply is refused with Medusa's message, and nothing is left behind", async () => {
      const before = await countDrafts()
      const missing = await draftFor({ promo_codes: ["NOPE"] })
      expect(missing.status).toBe(400)
      expect(missing.data.message).toBe('Promotion code "NOPE" not found')
      const inactive = await draftFor({ promo_codes: ["WINTER"] })
      expect(inactive.status).toBe(400)
      expect(inactive.data.message).toBe('Promotion code "WINTER" is not active')
      // a new customer made for a draft that fails is not kept either
      const fresh = await call("post", URL, { customer: { first_name: "Zhao", last_name: "Lei", email: "zhao@example.com" }, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], promo_codes: ["NOPE"] })
      expect(fresh.status).toBe(400)
      expect(await container.resolve(Modules.CUSTOMER).listCustomers({ email: "zhao@example.com" })).toHaveLength(0)
      expect(await countDrafts()).toBe(before)

      // on an update the draft stays as it was
      const mo = (await draftFor({ promo_codes: ["SPRING10"] })).data.manual_order
      const bad = await call("post", `${URL}/${mo.id}`, { items: [{ variant_id: store.variants.tea, quantity: 3 }], promo_codes: ["SPRING10", "NOPE"] })
      expect(bad.status).toBe(400)
      const now = (await call("get", `${URL}/${mo.id}`)).data.manual_order
      expect(now.items.map((i: any) => [i.variant_id, i.quantity])).toEqual([[store.variants.teapot, 1]])
      expect(now.total_minor).toBe(mo.total_minor)
    })

    it("a manual discount above manualDiscountMaxPercent needs the permission manualDiscount: 403 without it, applied with it", async () => {
      const over = await draftFor({ manual_discount: { type: "percent", value: 20, reason: "damaged box" } })
      expect(over.status).toBe(403)
      expect(over.data.message).toMatch(/manual_discount: a discount above 10% .* needs the permission manualDiscount/)
      const overAmount = await draftFor({ manual_discount: { type: "amount", value: 5000, reason: "damaged box" } })
      expect(overAmount.status).toBe(403)
      const within = await draftFor({ manual_discount: { type: "amount", value: 3990, reason: "damaged box" } })
      expect(within.status).toBe(201)
      expect(within.data.manual_order.manual_discount.amount_minor).toBe(3990)

      const allowed = await draftFor({ manual_discount: { type: "percent", value: 20, reason: "damaged box" } }, boss)
      expect(allowed.status).toBe(201)
      const mo = allowed.data.manual_order
      expect(mo.manual_discount).toMatchObject({ type: "percent", value: 20, amount_minor: 7980 })
      expect(mo.discount_total_minor).toBe(7980)
      expect(mo.total_minor).toBe(39900 - 7980 + 1000 + mo.tax_total_minor)
      // the clerk cannot raise it on an update either
      expect((await call("post", `${URL}/${mo.id}`, { manual_discount: { type: "percent", value: 30, reason: "more" } })).status).toBe(403)
    })

    it("balance deduction with concurrent spending elsewhere: exactly one of the two fits and the balance never goes negative", async () => {
      const mo = (await draftFor({ balance_minor: 30000, items: [{ variant_id: store.variants.teapot, quantity: 1 }] })).data.manual_order
      const [complete, spend] = await Promise.all([
        call("post", `${URL}/${mo.id}/complete`, { finish: "unpaid" }),
        adjustBalanceWorkflow(container)
          .run({ input: { customer_id: mei.customer.id, currency_code: "cny", amount_minor: -30000, reason: "spent elsewhere", idempotency_key: "spend-1", actor: { type: "user", id: null } } })
          .then(() => "ok")
          .catch((e: any) => e.message),
      ])
      const balance = await balanceOf(mei.customer.id)
      expect(balance).toBe(20000)
      const placed = complete.status === 200
      expect(placed !== (spend === "ok")).toBe(true)
      const now = (await call("get", `${URL}/${mo.id}`)).data.manual_order
      if (placed) {
        expect(now.status).toBe("placed")
      } else {
        expect(complete.status).toBe(400)
        expect(complete.data.message).toMatch(/^balance_minor: Insufficient balance/)
        // nothing half made: still a draft, no reservation, no credit line
        expect(now.status).toBe("draft")
        const order = await graph(mo.id, ["id", "is_draft_order", "credit_lines.id", "items.id"])
        expect(order.is_draft_order).toBe(true)
        expect(order.credit_lines ?? []).toHaveLength(0)
        expect(await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: order.items.map((i: any) => i.id) })).toHaveLength(0)
      }
      // a deduction above the balance is refused when building
      const tooMuch = await draftFor({ balance_minor: 30000 })
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toMatch(/^balance_minor: the customer's balance is/)

      // spent between building and placing: the debit fails after Medusa converted the draft, and the conversion is
      // undone (no order without its debit)
      const second = (await draftFor({ balance_minor: 20000 })).data.manual_order
      await adjustBalanceWorkflow(container).run({ input: { customer_id: mei.customer.id, currency_code: "cny", amount_minor: -100, reason: "coffee", idempotency_key: "spend-2", actor: { type: "user", id: null } } })
      const refused = await call("post", `${URL}/${second.id}/complete`, { finish: "mark_paid", payment: { method: "cash", reference: "R-9" } })
      expect([refused.status, refused.data.message]).toEqual([400, expect.stringMatching(/^balance_minor: Insufficient balance: 199\.00 CNY available, 200\.00 CNY needed/)])
      const undone = await graph(second.id, ["id", "status", "is_draft_order", "credit_lines.id", "payment_collections.status", "payment_collections.captured_amount", "items.id"])
      expect(undone).toMatchObject({ status: "draft", is_draft_order: true })
      expect(undone.credit_lines ?? []).toHaveLength(0)
      // the draft's own collection (Medusa keeps one on a draft) took no money
      expect((undone.payment_collections ?? []).map((c: any) => [c.status, Number(c.captured_amount ?? 0)])).toEqual([["not_paid", 0]])
      expect(await container.resolve(Modules.INVENTORY).listReservationItems({ line_item_id: undone.items.map((i: any) => i.id) })).toHaveLength(0)
      expect(await balanceOf(mei.customer.id)).toBe(19900)
      expect(await (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).findLifecycleByOrder(second.id)).toBeNull()
    })

    it("refuses a duplicate customer (409 naming the existing one and the field), too much stock and missing required address fields", async () => {
      const byEmail = await call("post", URL, { customer: { first_name: "M", last_name: "L", email: "MEI@example.com" }, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }] })
      expect(byEmail.status).toBe(409)
      expect(byEmail.data.message).toContain("customer.email")
      expect(byEmail.data.message).toContain(mei.customer.id)
      const byPhone = await call("post", URL, { customer: { first_name: "M", last_name: "L", email: "other@example.com", phone: "+8613800000001" }, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }] })
      expect(byPhone.status).toBe(409)
      expect(byPhone.data.message).toContain("customer.phone")
      expect(byPhone.data.message).toContain(mei.customer.id)

      const stock = await draftFor({ items: [{ variant_id: store.variants.tea, quantity: 101 }] })
      expect(stock.status).toBe(400)
      expect(stock.data.message).toContain(`not enough stock for Longjing green tea / 250g (variant ${store.variants.tea}, SKU TEA-LJ-250): 101 requested, 100 available`)

      const mo = (await draftFor({ shipping_address: { ...address, phone: undefined, postal_code: undefined } })).data.manual_order
      const incomplete = await call("post", `${URL}/${mo.id}/complete`, { finish: "unpaid" })
      expect(incomplete.status).toBe(400)
      expect(incomplete.data.message).toBe("shipping_address: missing shipping_address.phone, shipping_address.postal_code")
      expect((await call("get", `${URL}/${mo.id}`)).data.manual_order.status).toBe("draft")
      // with the fields it goes through
      await call("post", `${URL}/${mo.id}`, { shipping_address: address })
      expect((await call("post", `${URL}/${mo.id}/complete`, { finish: "unpaid" })).status).toBe(200)
    })

    it("validation messages name the field", async () => {
      const cases: Array<[unknown, string]> = [
        [{ region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }] }, "customer_id or customer is required"],
        [{ customer_id: mei.customer.id, region_id: store.regions.cny, items: [] }, "items: add at least one item"],
        [{ customer_id: mei.customer.id, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 0 }] }, "items[].quantity must be a whole number greater than 0"],
        [{ customer_id: mei.customer.id, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], manual_discount: { type: "amount", value: 100, reason: " " } }, "manual_discount.reason is required"],
        [{ customer_id: mei.customer.id, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], manual_discount: { type: "fixed", value: 100, reason: "x" } }, "manual_discount.type must be one of: amount, percent"],
        [{ customer_id: mei.customer.id, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }], balance_minor: 1.5 }, "balance_minor must be a whole number of at least 0"],
        [{ customer: { first_name: "A", last_name: "B", email: "not-an-email" }, region_id: store.regions.cny, items: [{ variant_id: store.variants.tea, quantity: 1 }] }, "customer.email must be an email address"],
      ]
      for (const [body, message] of cases) {
        const r = await call("post", URL, body)
        expect([r.status, r.data.message]).toEqual([400, expect.stringContaining(message)])
      }
      const unknownVariant = await call("post", URL, { customer_id: mei.customer.id, region_id: store.regions.cny, items: [{ variant_id: "variant_nope", quantity: 1 }] })
      expect([unknownVariant.status, unknownVariant.data.message]).toEqual([400, "items: variant variant_nope does not exist"])
      const mo = (await draftFor()).data.manual_order
      const finish = await call("post", `${URL}/${mo.id}/complete`, { finish: "later" })
      expect([finish.status, finish.data.message]).toEqual([400, expect.stringContaining("finish must be one of: mark_paid, payment_link, unpaid")])
      const noPayment = await call("post", `${URL}/${mo.id}/complete`, { finish: "mark_paid" })
      expect([noPayment.status, noPayment.data.message]).toEqual([400, expect.stringContaining("payment (method and reference) is required to mark the order paid")])
      expect((await call("get", `${URL}/order_nope`)).status).toBe(404)
      // unauthenticated
      expect((await api.get(`${URL}/${mo.id}`).catch((e: any) => e.response)).status).toBe(401)
    })
  },
})
