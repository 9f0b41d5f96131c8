import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createAdmin } from "../helpers/admin-auth"
import generate from "../../bench/generate-orders"

jest.setTimeout(600 * 1000)

/** The fields Medusa's admin order page asks for (@medusajs/dashboard 2.21, routes/orders/order-detail/constants.ts). */
const DASHBOARD_ORDER_FIELDS = [
  "id", "status", "created_at", "canceled_at", "email", "display_id", "custom_display_id", "currency_code", "metadata",
  "total", "credit_line_total", "item_subtotal", "item_total", "item_tax_total", "original_item_tax_total", "item_discount_total",
  "shipping_subtotal", "original_total", "original_tax_total", "subtotal", "discount_total", "discount_subtotal", "shipping_total",
  "shipping_tax_total", "original_shipping_tax_total", "shipping_discount_total", "tax_total", "refundable_total", "order_change",
  "*customer", "*items", "*items.variant", "*items.variant.product", "*items.variant.options", "+items.variant.manage_inventory",
  "*items.variant.inventory_items.inventory", "+items.variant.inventory_items.required_quantity", "+summary", "*shipping_address",
  "*billing_address", "*sales_channel", "*promotions", "*shipping_methods", "*credit_lines", "*fulfillments",
  "+fulfillments.shipping_option.service_zone.fulfillment_set.type", "*fulfillments.items", "*fulfillments.labels", "*payment_collections",
  "*payment_collections.payment_sessions", "*payment_collections.payments", "*payment_collections.payments.refunds",
  "*payment_collections.payments.refunds.refund_reason", "region.automatic_taxes",
].join(",")

// Issue 14: the million-order generator's clones are ordinary Medusa orders. A small run (1,000 orders, 20
// products, 300 customers) on the test database: Medusa's GET /admin/orders/:id returns clones of every kind with
// totals that add up, the plugin's list and order routes show them, and the distributions hold.
process.env.OM_RELEASE_UNPAID = "false"
process.env.BENCH_ORDERS = "1000"
process.env.BENCH_PRODUCTS = "20"
process.env.BENCH_CUSTOMERS = "300"
process.env.BENCH_GENERATOR_BATCH = "400"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: Record<string, string>
    let knex: any

    beforeAll(async () => {
      container = getContainer()
      await generate({ container, args: [] } as any)
      admin = (await createAdmin(container, "generator@test.com")).headers
      knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    })

    const one = async (sql: string) => (await knex.raw(sql)).rows[0]

    it("writes the numbers it was asked for and records the run", async () => {
      const meta = await one(`select * from bench_generator`)
      expect(meta).toMatchObject({ n: 1000 })
      expect(Number((await one(`select count(*) from "order" where id like 'order_GEN%'`)).count)).toBe(1000)
      expect(Number((await one(`select count(*) from order_lifecycle where order_id like 'order_GEN%'`)).count)).toBe(1000)
      expect(Number((await one(`select count(*) from customer where id like 'cus_GEN%'`)).count)).toBe(300)
      expect(Number((await one(`select count(*) from cart where id like 'cart_ABN%'`)).count)).toBe(1500)
      // display ids continue Medusa's sequence: the next real order gets the next number
      const { max, next } = await one(`select max(display_id) as max, (select last_value from order_display_id_seq) as next from "order"`)
      expect(Number(next)).toBe(Number(max))
    })

    it("clones of every kind open through Medusa's own admin API with totals that add up", async () => {
      const kinds = (await knex.raw(`
        select distinct on (l.payment_status, coalesce(l.fulfillment_status, '')) l.order_id, l.payment_status, l.fulfillment_status, l.total_minor, l.paid_minor, l.currency_code
        from order_lifecycle l where l.order_id like 'order_GEN%' order by l.payment_status, coalesce(l.fulfillment_status, ''), l.order_id`)).rows
      // (unpaid orders stay pending only within the 10-hour timeout: too few of 1,000 orders over 90 days to count on one)
      expect(kinds.map((k: any) => k.payment_status)).toEqual(expect.arrayContaining(["confirmed", "canceled"]))
      expect(kinds.map((k: any) => k.fulfillment_status)).toEqual(expect.arrayContaining(["completed", "dispatched"]))
      for (const k of kinds) {
        const r = await api.get(`/admin/orders/${k.order_id}?fields=id,status,total,item_total,shipping_total,currency_code,*items,*payment_collections,*summary`, { headers: admin, validateStatus: () => true })
        expect([k.order_id, r.status]).toEqual([k.order_id, 200])
        const o = r.data.order
        expect(o.currency_code).toBe(k.currency_code)
        expect(Math.round(Number(o.total) * 100)).toBe(Number(k.total_minor))
        expect(Math.round((Number(o.item_total) + Number(o.shipping_total)) * 100)).toBe(Number(k.total_minor))
        expect(o.items.length).toBeGreaterThan(0)
        expect(o.status).toBe(k.payment_status === "canceled" ? "canceled" : ["completed", "refunded"].includes(k.fulfillment_status) ? "completed" : "pending")
        const collection = o.payment_collections[0]
        expect(Math.round(Number(collection.amount) * 100)).toBe(Number(k.total_minor))
        expect(Math.round(Number(collection.captured_amount ?? 0) * 100)).toBe(Number(k.paid_minor))
        const plugin = await api.get(`/admin/order-management/orders/${k.order_id}`, { headers: admin })
        expect(plugin.data.order_lifecycle).toMatchObject({ payment_status: k.payment_status, fulfillment_status: k.fulfillment_status })
        // the product filter finds the clone by each of its items' products
        const products = [...new Set<string>(o.items.map((i: any) => i.product_id))]
        expect([...plugin.data.order_lifecycle.product_ids].sort()).toEqual(products.sort())
        // every request Medusa's own order page makes (@medusajs/dashboard 2.21: routes/orders/order-detail) answers
        for (const url of [
          `/admin/orders/${k.order_id}?fields=${DASHBOARD_ORDER_FIELDS}`,
          `/admin/orders/${k.order_id}/preview`,
          `/admin/orders/${k.order_id}/line-items?fields=+quantity`,
          `/admin/orders/${k.order_id}/changes`,
          `/admin/returns?order_id=${k.order_id}&fields=+received_at,*items`,
          `/admin/exchanges?order_id=${k.order_id}&fields=*additional_items`,
          `/admin/claims?order_id=${k.order_id}&fields=*additional_items`,
        ]) {
          const page = await api.get(url, { headers: admin, validateStatus: () => true })
          expect([url, page.status]).toEqual([url, 200])
        }
        const full = (await api.get(`/admin/orders/${k.order_id}?fields=${DASHBOARD_ORDER_FIELDS}`, { headers: admin })).data.order
        expect(full.customer?.id).toBeTruthy()
        expect(full.items.every((i: any) => i.variant?.product?.id === i.product_id)).toBe(true)
        expect(full.shipping_address?.city).toBeTruthy()
        expect(full.display_id).toBe(plugin.data.order_lifecycle.display_id)
        expect(Math.round(Number((await api.get(`/admin/orders/${k.order_id}/preview`, { headers: admin })).data.order.total) * 100)).toBe(Number(k.total_minor))
      }
    })

    it("the distributions a store has: daily rhythm, currencies, channels, long tails, repeat buyers, refunds, carts with sessions", async () => {
      const share = async (where: string) => Number((await one(`select avg(case when ${where} then 1.0 else 0 end) as s from order_lifecycle where order_id like 'order_GEN%'`)).s)
      expect(await share(`currency_code = 'cny'`)).toBeGreaterThan(0.78)
      expect(await share(`currency_code = 'cny'`)).toBeLessThan(0.92)
      expect(await share(`payment_provider = 'pp_alipay_alipay'`)).toBeGreaterThan(0.3)
      expect(await share(`payment_status = 'confirmed'`)).toBeGreaterThan(0.85)
      expect(await share(`placed_at > now() - interval '91 days' and placed_at <= now()`)).toBe(1)
      // long tail: the best product is in more orders than the median one, several times over
      const perProduct = (await knex.raw(`select li.product_id, count(*)::int as n from order_line_item li where li.id like 'ordli_GEN%' group by 1 order by 2 desc`)).rows.map((r: any) => r.n)
      expect(perProduct[0]).toBeGreaterThan(3 * perProduct[Math.floor(perProduct.length / 2)])
      const repeat = await one(`select avg(case when n > 1 then 1.0 else 0 end) as s from (select customer_id, count(*) n from order_lifecycle where order_id like 'order_GEN%' group by 1) x`)
      expect(Number(repeat.s)).toBeGreaterThan(0.2)
      expect(Number((await one(`select count(*) from refund where id like 'ref_GEN%'`)).count)).toBeGreaterThan(0)
      const sessions = Number((await one(`select count(*) from payment_session where id like 'payses_ABN%' and status = 'pending'`)).count)
      expect(sessions).toBeGreaterThan(300)
      expect(sessions).toBeLessThan(700)
      // daily rhythm in Shanghai: the evening (19:00–23:59) several times busier than the night (01:00–05:59)
      const byHour = async (from: number, to: number) => Number((await one(`select count(*) from order_lifecycle where order_id like 'order_GEN%' and extract(hour from placed_at at time zone 'Asia/Shanghai') between ${from} and ${to}`)).count)
      expect(await byHour(19, 23)).toBeGreaterThan(3 * (await byHour(1, 5)))
    })

    it("the plugin's list filters the clones like any order", async () => {
      const r = await api.get(`/admin/order-management/orders?status=paid&payment_provider=pp_alipay_alipay&limit=5&sort=-total`, { headers: admin })
      expect(r.data.order_lifecycles.length).toBe(5)
      for (const l of r.data.order_lifecycles) expect(l).toMatchObject({ payment_provider: "pp_alipay_alipay", payment_status: "confirmed" })
      const totals = r.data.order_lifecycles.map((l: any) => l.total_minor)
      expect(totals).toEqual([...totals].sort((a: number, b: number) => b - a))
      expect(r.data.order_lifecycles[0].customer_name).toEqual(expect.any(String))
    })
  },
})
