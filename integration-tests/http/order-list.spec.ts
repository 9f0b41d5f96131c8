import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { placeOrder } from "../helpers/place-order"
import { waitForSubscribers } from "../helpers/events"

jest.setTimeout(300 * 1000)

// Issue 14: every filter of the order list returns exactly the expected orders on one seeded set (time-zone day
// boundaries, amounts at the range edges, orders with several products), keyset paging walks the same order as one
// page, bad values are 400 naming the field, and saved views belong to their owner.
process.env.OM_RELEASE_UNPAID = "false"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>
    let other: Record<string, string>
    const o: Record<string, string> = {}

    /** Lifecycle columns set to a scenario (the list reads only this table). */
    async function shape(orderId: string, set: Record<string, unknown>) {
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await knex("order_lifecycle").where({ order_id: orderId }).update(set)
    }

    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { stock: 100 })
      admin = (await createAdmin(container, "lister@test.com")).headers
      other = (await createAdmin(container, "second@test.com")).headers
      const place = async (name: string, opts: Parameters<typeof placeOrder>[2]) => {
        o[name] = (await placeOrder(container, store, { provider: "pp_deferred_deferred", ...opts })).order_id
        await subscribersIdle()
      }
      await place("A", { items: [{ variant: "tea", quantity: 1 }] })
      await place("B", { items: [{ variant: "teapot", quantity: 1 }] })
      await place("C", { region: "usd", items: [{ variant: "tea", quantity: 1 }, { variant: "teapot", quantity: 2 }] })
      await place("D", { items: [{ variant: "tea", quantity: 2 }] })
      await place("E", { items: [{ variant: "teapot", quantity: 1 }] })
      await place("F", { items: [{ variant: "tea", quantity: 1 }] })
      // Asia/Shanghai is UTC+8: 2026-11-29T16:00:00Z is the first instant of 30 November there
      await shape(o.A, { placed_at: "2026-11-29T16:00:00.000Z", payment_status: "pending", total_minor: 5000, paid_minor: 0, payment_provider: "pp_deferred_deferred" })
      await shape(o.B, { placed_at: "2026-11-29T15:59:59.999Z", payment_status: "confirmed", fulfillment_status: "processing", paid_at: "2026-11-29T17:00:00.000Z", total_minor: 12800, paid_minor: 12800, payment_provider: "pp_alipay_alipay" })
      await shape(o.C, { placed_at: "2026-11-20T08:00:00.000Z", payment_status: "confirmed", fulfillment_status: "completed", paid_at: "2026-11-20T08:05:00.000Z", total_minor: 10000, paid_minor: 10000, payment_provider: "pp_nowpayments_nowpayments" })
      await shape(o.D, { placed_at: "2026-11-25T08:00:00.000Z", payment_status: "canceled", total_minor: 12799, paid_minor: 0 })
      await shape(o.E, { placed_at: "2026-11-26T08:00:00.000Z", payment_status: "confirmed", fulfillment_status: "refunded", paid_at: "2026-11-26T09:00:00.000Z", total_minor: 12801, paid_minor: 12801, payment_provider: "pp_wechatpay_wechatpay" })
      await shape(o.F, { placed_at: "2026-11-27T08:00:00.000Z", payment_status: "confirmed", fulfillment_status: "holded", paid_at: "2026-11-28T10:00:00.000Z", total_minor: 12800, paid_minor: 6400, payment_provider: "pp_alipay_alipay", customer_id: "cus_list_f" })
    })
    beforeEach(() => {
      container = getContainer()
    })

    const list = async (qs: string, headers = admin) => api.get(`/admin/order-management/orders?${qs}`, { headers, validateStatus: () => true })
    const names = async (qs: string) => {
      const r = await list(qs)
      expect([qs, r.status]).toEqual([qs, 200])
      const byId = Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]))
      return r.data.order_lifecycles.map((l: any) => byId[l.order_id]).join("")
    }

    it("simple statuses map onto the lifecycle's payment and fulfilment statuses", async () => {
      expect(await names("status=pending")).toBe("A")
      expect(await names("status=paid")).toBe("BF") // newest first: B (29 Nov) before F (27 Nov)
      expect(await names("status=completed")).toBe("C")
      expect(await names("status=canceled")).toBe("D")
      expect(await names("status=refunded")).toBe("E")
      expect(await names("status=pending,canceled")).toBe("AD")
      expect(await names("")).toBe("ABFEDC")
    })

    it("a day is the store's day (Asia/Shanghai), on created and on paid time; date-times are taken as written", async () => {
      expect(await names("created_at[gte]=2026-11-30&created_at[lte]=2026-11-30")).toBe("A")
      expect(await names("created_at[gte]=2026-11-29&created_at[lte]=2026-11-29")).toBe("B")
      expect(await names("created_at[gte]=2026-11-29T15:59:59.999Z")).toBe("AB")
      expect(await names("created_at[lte]=2026-11-29T15:59:59.998Z")).toBe("FEDC")
      // B was paid at 01:00 on 30 November in Shanghai (17:00 UTC the day before)
      expect(await names("paid_at[gte]=2026-11-30")).toBe("B")
      expect(await names("paid_at[gte]=2026-11-26&paid_at[lte]=2026-11-28")).toBe("FE")
    })

    it("payment channels, customer, and products (any of them, several per order)", async () => {
      expect(await names("payment_provider=pp_alipay_alipay")).toBe("BF")
      expect(await names("payment_provider=pp_alipay_alipay,pp_wechatpay_wechatpay")).toBe("BFE")
      expect(await names("customer_id=cus_list_f")).toBe("F")
      const { data: products } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "product_variant", fields: ["id", "product_id"], filters: { id: [store.variants.tea, store.variants.teapot] } })
      const productOf = Object.fromEntries(products.map((v: any) => [v.id, v.product_id]))
      const teapot = productOf[store.variants.teapot]
      const tea = productOf[store.variants.tea]
      expect(await names(`product_id=${teapot}`)).toBe("BEC")
      expect(await names(`product_id=${tea}`)).toBe("AFDC")
      expect(await names(`product_id=${tea},${teapot}`)).toBe("ABFEDC")
      expect(await names(`product_id=${teapot}&status=paid`)).toBe("B")
    })

    it("amount ranges in major units of one currency, both edges inclusive, on the total or the amount paid", async () => {
      expect(await names("currency_code=cny&amount_min=128&amount_max=128")).toBe("BF")
      expect(await names("currency_code=cny&amount_min=128.00")).toBe("BFE")
      expect(await names("currency_code=CNY&amount_max=127.99")).toBe("AD")
      expect(await names("currency_code=usd&amount_min=100&amount_max=100")).toBe("C")
      expect(await names("currency_code=cny&amount_field=paid&amount_min=64&amount_max=64")).toBe("F")
      expect(await names("currency_code=cny&amount_min=128&amount_max=128&payment_provider=pp_alipay_alipay&created_at[gte]=2026-11-28")).toBe("B")
    })

    it("sorts by created, paid or amount both ways, and keyset pages walk exactly the one-page order", async () => {
      expect(await names("sort=created_at")).toBe("CDEFBA")
      // unpaid orders last both ways; ties by id in the sort's direction (ids grow with creation: A < B < … < F)
      expect(await names("sort=-paid_at")).toBe("BFECDA")
      expect(await names("sort=paid_at")).toBe("CEFBAD")
      expect(await names("currency_code=cny&amount_min=0&sort=total")).toBe("ADBFE")
      expect(await names("currency_code=cny&amount_min=0&sort=-total")).toBe("EFBDA")
      for (const sort of ["-created_at", "created_at", "-paid_at", "paid_at", "total", "-total"]) {
        const whole = (await list(`sort=${sort}&limit=50`)).data.order_lifecycles.map((l: any) => l.order_id)
        const walked: string[] = []
        let cursor: string | null = null
        do {
          const r: any = await list(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`)
          expect(r.status).toBe(200)
          walked.push(...r.data.order_lifecycles.map((l: any) => l.order_id))
          cursor = r.data.next_cursor
        } while (cursor)
        expect([sort, walked]).toEqual([sort, whole])
      }
      const first = await list("limit=2")
      expect(first.data).toMatchObject({ count: 6, count_exact: true })
      expect(first.data.next_cursor).toEqual(expect.any(String))
      expect((await list("limit=50")).data.next_cursor).toBeNull()
    })

    it("bad filter values are 400 naming the field and change nothing", async () => {
      const cases: Array<[string, string]> = [
        ["status=lost", "status"],
        ["sort=cheapest", "sort"],
        ["created_at[gte]=2026-13-45", "created_at"],
        ["paid_at[lte]=yesterday", "paid_at"],
        ["amount_min=10", "currency_code"],
        ["currency_code=cny&amount_min=1.234", "amount_min"],
        ["currency_code=cny&amount_min=20&amount_max=10", "amount_min"],
        ["currency_code=yuan&amount_min=1", "currency_code"],
        ["amount_field=paid", "amount_field"],
        ["cursor=not-a-cursor", "cursor"],
        // a cursor of the right shape with values no sort could write (it must not reach SQL)
        [`cursor=${Buffer.from(JSON.stringify(["x", "y"])).toString("base64url")}`, "cursor"],
        [`sort=-total&cursor=${Buffer.from(JSON.stringify(["2026-11-30 08:00:00+00", "olc_1"])).toString("base64url")}`, "cursor"],
        ["created_at[gte]=2026-11-30&created_at[lte]=2026-11-01", "created_at"],
        // fields PostgreSQL refuses though JavaScript's Date.parse rolls them over (30 February, an offset of -23 hours)
        [`cursor=${Buffer.from(JSON.stringify(["2026-02-30 00:00:00+00", "olc_1"])).toString("base64url")}`, "cursor"],
        [`cursor=${Buffer.from(JSON.stringify(["2026-12-01 00:00:00-23", "olc_1"])).toString("base64url")}`, "cursor"],
        // a NUL character, which PostgreSQL cannot hold in text
        ["q=%00", "q"],
        ["customer_id=cus%00", "customer_id"],
        ["product_id=a%00b", "product_id"],
      ]
      for (const [qs, field] of cases) {
        const r = await list(qs)
        expect([qs, r.status]).toEqual([qs, 400])
        expect([qs, r.data.message]).toEqual([qs, expect.stringContaining(field)])
      }
      expect((await list("status=lost")).data.message).toContain("status must be any of pending, paid, completed, canceled, refunded")
      expect((await list("payment_status=lost")).data.message).toContain("payment_status must be any of pending,")
      expect((await list("fulfillment_status=lost")).data.message).toContain("fulfillment_status must be any of ")
      expect(await names("")).toBe("ABFEDC")
    })

    it("saved views: private or shared, only the owner renames, changes or deletes", async () => {
      const views = (h: Record<string, string>) => api.get("/admin/order-management/views", { headers: h }).then((r) => r.data.views)
      const post = (url: string, body: unknown, h = admin) => api.post(url, body, { headers: h, validateStatus: () => true })
      const del = (url: string, h = admin) => api.delete(url, { headers: h, validateStatus: () => true })

      const mine = await post("/admin/order-management/views", { name: "Paid Alipay", filters: { status: "paid", payment_provider: "pp_alipay_alipay", "created_at[gte]": "2026-11-01" } })
      expect(mine.status).toBe(201)
      expect(mine.data.view).toMatchObject({ name: "Paid Alipay", shared: false, own: true })
      const team = await post("/admin/order-management/views", { name: "Refunds", filters: { status: "refunded" }, shared: true })
      expect(team.status).toBe(201)
      expect((await views(admin)).map((v: any) => v.name)).toEqual(["Paid Alipay", "Refunds"])
      expect((await views(other)).map((v: any) => [v.name, v.own])).toEqual([["Refunds", false]])

      // the API's day bounds are kept as the page keeps them (created=custom with from/to), so the page applies them
      const saved = (await views(admin))[0].filters
      expect(saved).toEqual({ status: "paid", payment_provider: "pp_alipay_alipay", created: "custom", from: "2026-11-01" })
      const { created, from, ...rest } = saved
      expect(await names(new URLSearchParams({ ...rest, "created_at[gte]": from }).toString())).toBe("BF")

      expect((await post("/admin/order-management/views", { name: "Paid Alipay", filters: {} })).status).not.toBe(201)
      expect((await post("/admin/order-management/views", { name: " paid ALIPAY ", filters: {} })).status).not.toBe(201)
      for (const [filters, field] of [[{ status: "lost" }, "status"], [{ limit: "5" }, "limit"], [{ "amount_min": "5" }, "currency_code"], [{ currency_code: "cny", amount_min: "1.234" }, "amount_min"], [{ created: "custom", from: "2026-99-99" }, "from"], [{ created: "custom", from: "2026-12-05", to: "2026-12-01" }, "from"], [{ "created_at[gte]": "2026-12-05", "created_at[lte]": "2026-12-01" }, "created_at"], [{ "paid_at[gte]": "2026-12-01T08:00:00Z" }, "paid_at[gte]"], [{ q: "a\u0000b" }, "q"]] as const) {
        const r = await post("/admin/order-management/views", { name: `bad ${field}`, filters })
        expect([field, r.status]).toEqual([field, 400])
        expect(r.data.message).toContain(field)
      }
      expect((await post("/admin/order-management/views", { name: " ", filters: {} })).status).toBe(400)
      const nul = await post("/admin/order-management/views", { name: "nul\u0000", filters: {} })
      expect([nul.status, nul.data.message]).toEqual([400, "name: must not contain a NUL character"])

      expect((await post(`/admin/order-management/views/${team.data.view.id}`, { name: "Mine now" }, other)).status).toBe(403)
      expect((await del(`/admin/order-management/views/${team.data.view.id}`, other)).status).toBe(403)
      expect((await del(`/admin/order-management/views/${mine.data.view.id}`, other)).status).toBe(404)

      const renamed = await post(`/admin/order-management/views/${mine.data.view.id}`, { name: "Paid via Alipay", shared: true })
      expect(renamed.status).toBe(200)
      expect(renamed.data.view).toMatchObject({ name: "Paid via Alipay", shared: true })
      expect((await views(other)).map((v: any) => v.name)).toEqual(["Paid via Alipay", "Refunds"])
      expect((await post(`/admin/order-management/views/${mine.data.view.id}`, {})).status).toBe(400)

      expect((await del(`/admin/order-management/views/${mine.data.view.id}`)).data).toMatchObject({ deleted: true })
      expect((await views(admin)).map((v: any) => v.name)).toEqual(["Refunds"])
      expect((await del(`/admin/order-management/views/${mine.data.view.id}`)).status).toBe(404)
    })

    it("the product filter follows the order's current items: an order edit that swaps tea for a teapot moves the order", async () => {
      const { data: variants } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "product_variant", fields: ["id", "product_id"], filters: { id: [store.variants.tea, store.variants.teapot] } })
      const productOf = Object.fromEntries(variants.map((v: any) => [v.id, v.product_id]))
      const [tea, teapot] = [productOf[store.variants.tea], productOf[store.variants.teapot]]
      const { order_id } = await placeOrder(container, store, { provider: "pp_deferred_deferred", items: [{ variant: "tea", quantity: 1 }] })
      await subscribersIdle()
      const ids = async (qs: string) => ((await list(`${qs}&limit=200`)).data.order_lifecycles as any[]).map((l) => l.order_id)
      expect(await ids(`product_id=${tea}`)).toContain(order_id)
      expect(await ids(`product_id=${teapot}`)).not.toContain(order_id)
      const { data: { order } } = await api.get(`/admin/orders/${order_id}?fields=items.id,items.variant_id`, { headers: admin })
      const teaItem = order.items.find((i: any) => i.variant_id === store.variants.tea)
      const edited = waitForSubscribers(container, "order-edit.confirmed")
      await api.post("/admin/order-edits", { order_id }, { headers: admin })
      await api.post(`/admin/order-edits/${order_id}/items`, { items: [{ variant_id: store.variants.teapot, quantity: 1 }] }, { headers: admin })
      await api.post(`/admin/order-edits/${order_id}/items/item/${teaItem.id}`, { quantity: 0 }, { headers: admin })
      await api.post(`/admin/order-edits/${order_id}/request`, {}, { headers: admin })
      await api.post(`/admin/order-edits/${order_id}/confirm`, {}, { headers: admin })
      await edited
      await subscribersIdle()
      expect(await ids(`product_id=${teapot}`)).toContain(order_id)
      expect(await ids(`product_id=${tea}`)).not.toContain(order_id)
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      expect((await knex("order_lifecycle").where({ order_id }).first()).product_ids).toEqual([teapot])
    })

    it("the customer picker's search finds a Chinese name typed without a space, names either way round, emails and phones", async () => {
      await container.resolve(Modules.CUSTOMER).createCustomers([
        { first_name: "勇", last_name: "陈", email: "chen.yong@example.com", phone: "13812345678" },
        { first_name: "勇军", last_name: "陈", email: "chen.yongjun@example.com" },
        { first_name: "Alice", last_name: "Walker", email: "a.walker@example.com" },
      ])
      const search = async (q: string) => {
        const r = await api.get(`/admin/order-management/customers?q=${encodeURIComponent(q)}`, { headers: admin, validateStatus: () => true })
        expect([q, r.status]).toEqual([q, 200])
        return r.data.customers.map((c: any) => c.name).sort()
      }
      expect(await search("陈勇")).toEqual(["陈勇", "陈勇军"])
      expect(await search("陈 勇军")).toEqual(["陈勇军"])
      expect(await search("陈")).toEqual(["陈勇", "陈勇军"])
      expect(await search("Alice Walker")).toEqual(["Alice Walker"])
      expect(await search("walker alice")).toEqual(["Alice Walker"])
      expect(await search("a.walker@")).toEqual(["Alice Walker"])
      expect(await search("1381234")).toEqual(["陈勇"])
      expect(await search("%")).toEqual([])
      for (const qs of ["", "q=", `q=${"x".repeat(101)}`, "q=a&limit=0"]) {
        expect((await api.get(`/admin/order-management/customers?${qs}`, { headers: admin, validateStatus: () => true })).status).toBe(400)
      }
    })

    it("every list and view route needs an admin", async () => {
      for (const [m, url] of [["get", "/admin/order-management/views"], ["post", "/admin/order-management/views"], ["post", "/admin/order-management/views/olv_x"], ["delete", "/admin/order-management/views/olv_x"], ["get", "/admin/order-management/customers?q=a"]] as const) {
        const r = await (api as any)[m](url, ...(m === "post" ? [{}] : []), { validateStatus: () => true })
        expect([url, r.status]).toEqual([url, 401])
      }
    })
  },
})
