import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { parse } from "csv-parse/sync"
import ExcelJS from "exceljs"
import { gunzipSync } from "node:zlib"
import { PDFParse } from "pdf-parse"
import { seedStore, type SeededStore } from "../helpers/seed-store"
import { placeOrder, payOrder } from "../helpers/place-order"
import { createAdmin } from "../helpers/admin-auth"
import { subscribersIdle } from "../../src/utils/in-flight"
import { writeExport } from "../../src/workflows/export/write-export"
import { MASKS } from "../../src/modules/export/mask"
import { guardSql, maskSql } from "../../src/modules/export/sql-format"
import { LABELS, labelOf, labelSql } from "../../src/modules/export/labels"
import { neutralizeFormula } from "../../src/modules/export/writers/csv"
import { exportHousekeeping } from "../../src/jobs/export-housekeeping"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { DateTime } from "luxon"

jest.setTimeout(180_000)

// only this admin may export personal data unmasked
process.env.OM_PERMISSIONS = JSON.stringify({ unmaskExport: ["dpo@test.com"] })
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_STATISTICS_REFRESH_JOB = "false"
// the manual channel charges the merchant 1 %: the reconciliation shows it as fees
process.env.OM_PAYMENT_CHANNELS = JSON.stringify({ system: { fee: { rateBps: 100 } } })

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>
    let dpo: Record<string, string>
    let knex: any
    const orders: Record<string, string> = {}
    /** order id → its order number */
    const numbers: Record<string, string> = {}

    beforeAll(async () => {
      container = getContainer()
      knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      store = await seedStore(container, { stock: 100 })
      admin = (await createAdmin(container, "clerk@test.com")).headers
      dpo = (await createAdmin(container, "dpo@test.com")).headers
      // three orders with known people and places; two paid, one left unpaid
      const zhang = await placeOrder(container, store, {
        email: "dora@example.com",
        items: [{ variant: "tea", quantity: 2 }, { variant: "teapot", quantity: 1 }],
        shipping_address: { first_name: "三丰", last_name: "张", phone: "13812341234", province: "北京市", city: "北京市", address_1: "海淀区中关村大街1号", postal_code: "100080" },
      })
      await payOrder(container, zhang)
      const li = await placeOrder(container, store, { email: "lee@example.com", shipping_address: { phone: "+86 139-0000-5678", province: "上海市", address_1: "=HYPERLINK(\"x\")" } })
      await payOrder(container, li)
      const usd = await placeOrder(container, store, { region: "usd", email: "ann@example.com", shipping_address: { first_name: "Ann", last_name: "Smith", phone: "+1 415-555-0123", province: "CA", city: "San Francisco" } })
      await subscribersIdle()
      Object.assign(orders, { zhang: zhang.order_id, li: li.order_id, usd: usd.order_id })
      for (const id of Object.values(orders)) numbers[id] = (await knex("order_lifecycle").where({ order_id: id }).first()).order_number
    })
    beforeEach(() => {
      container = getContainer()
    })
    afterEach(() => subscribersIdle())

    const post = (body: unknown, headers = admin) => api.post(`/admin/order-management/exports`, body, { headers, validateStatus: () => true })
    const get = (id: string) => api.get(`/admin/order-management/exports/${id}`, { headers: admin }).then((r) => r.data.export)
    /** the export once its background workflow has finished with it */
    async function finished(id: string) {
      for (let i = 0; i < 200; i++) {
        const e = await get(id)
        if (!["pending", "running"].includes(e.status)) return e
        await new Promise((r) => setImmediate(r))
        await subscribersIdle()
      }
      throw new Error(`export ${id} did not finish`)
    }
    async function download(e: any, headers = admin) {
      const r = await api.get(e.file_url, { headers, responseType: "arraybuffer", validateStatus: () => true })
      return { status: r.status, headers: r.headers, body: Buffer.from(r.data) }
    }
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    const csvRows = (buf: Buffer) => parse(buf.toString("utf8"), { bom: true }) as string[][]
    const lifecycle = async (orderId: string) => (await knex("order_lifecycle").where({ order_id: orderId }).first())

    it("lists the field catalogue with personal fields marked", async () => {
      const r = await api.get(`/admin/order-management/exports/fields`, { headers: admin })
      const byKey = Object.fromEntries(r.data.fields.map((f: any) => [f.key, f]))
      expect(byKey.customer_email).toMatchObject({ group: "customer", personal: true, label: "Email", label_zh: "邮箱" })
      expect(byKey.shipping_province).toMatchObject({ group: "address", personal: false })
      expect(byKey.item_unit_price).toMatchObject({ item_only: true, type: "money" })
      expect(r.data.default_fields).toHaveLength(12)
      expect((await api.get(`/admin/order-management/exports/fields`, { validateStatus: () => true })).status).toBe(401)
    })

    it("the CSV fast path masks in SQL exactly as the JavaScript writers do (the same samples, every rule)", async () => {
      const samples: Record<string, string[]> = {
        name: ["张三丰", "张三", "Li Wei", "  王 ", "Alice  Li", "Ö", "a b c", ""],
        phone: ["13812341234", "138-1234-1234", "+86 138-1234-1234", "+8613812341234", "8613812341234", "+1 415-555-0123", "010-62345678", "12345", "+44 20 7946 0958", "+123", "abc", "1", " 139 0000 5678 ", ""],
        email: ["dora@example.com", "张伟@例子.中国", "a@b.co", "not-an-email", "@a@b.com", "x@", "a@b@c.com", ""],
        street: ["海淀区中关村大街1号", " ", ""],
        ip: ["203.0.113.7", "2001:db8:85a3:0:0:8a2e:370:7334", "localhost", ""],
      }
      for (const [kind, values] of Object.entries(samples)) {
        const { rows } = await knex.raw(`select v, ${maskSql(kind as any, "v")} as m from unnest(?::text[]) with ordinality as s(v, i) order by i`, [values])
        expect([kind, rows.map((r: any) => r.m ?? "")]).toEqual([kind, values.map((v) => MASKS[kind as keyof typeof MASKS](v))])
      }
      const texts = ["=1+1", "+86 1", "-5", "@x", "\tx", "plain", "a=b"]
      const { rows } = await knex.raw(`select ${guardSql("v")} as g from unnest(?::text[]) with ordinality as s(v, i) order by i`, [texts])
      expect(rows.map((r: any) => r.g)).toEqual(texts.map(neutralizeFormula))
      // statuses and payment channels as words: the SQL mapping equals labels.ts for every code, and unknown codes pass
      const codes: Record<string, string[]> = {
        payment_status: [...Object.keys(LABELS.payment_status), "something_new"],
        fulfillment_status: [...Object.keys(LABELS.fulfillment_status), "x"],
        order_status: [...Object.keys(LABELS.order_status), "x"],
        provider: ["pp_alipay_alipay", "pp_wechatpay_wechatpay", "pp_bank-transfer_bank-transfer", "pp_system_default", "pp_nowpayments_usdt", "pp_btcpay_btcpay", "pp_balance_balance", "pp_deferred_deferred", "pp_stripe_stripe", "pp_alipayx_y"],
      }
      for (const locale of ["en", "zh"] as const) {
        for (const [set, values] of Object.entries(codes)) {
          const { rows: got } = await knex.raw(`select ${labelSql(set as any, "v", locale)} as w from unnest(?::text[]) with ordinality as s(v, i) order by i`, [values])
          expect([locale, set, got.map((r: any) => r.w)]).toEqual([locale, set, values.map((v) => labelOf(set as any, v, locale))])
        }
      }
      expect(labelOf("provider", "pp_alipay_alipay", "zh")).toBe("支付宝")
      expect(labelOf("provider", "pp_alipayx_y", "en")).toBe("pp_alipayx_y")
      expect(labelOf("payment_status", "confirmed", "en")).toBe("Payment confirmed")
    })

    it("a CSV of the selected orders, masked: every cell exact, a BOM for Excel, Chinese headers, formulas neutralised", async () => {
      const fields = ["order_number", "payment_status", "customer_email", "shipping_name", "shipping_phone", "shipping_province", "shipping_city", "shipping_address", "shipping_postal_code", "total", "paid", "currency_code", "item_product", "item_quantity"]
      const r = await post({ format: "csv", scope: "selected", order_ids: [orders.zhang, orders.li], fields, locale: "zh" })
      expect(r.status).toBe(202)
      expect(r.data.export).toMatchObject({ status: expect.stringMatching(/pending|running|done/), masked: true, format: "csv", scope: "selected", created_by_email: "clerk@test.com" })
      const e = await finished(r.data.export.id)
      expect(e).toMatchObject({ status: "done", rows_done: 2, rows_total: 2, file_url: expect.stringContaining("/download?expires=") })
      const file = await download(e)
      expect(file.status).toBe(200)
      expect(file.headers["content-type"]).toContain("text/csv")
      expect(file.headers["content-disposition"]).toContain("attachment")
      expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(file.body.length).toBe(e.size_bytes)
      const [header, ...rows] = csvRows(file.body)
      expect(header).toEqual(["订单号", "支付状态", "邮箱", "收货人", "收货电话", "省份", "城市", "详细地址", "邮编", "订单总额", "已付", "币种", "商品", "数量"])
      const titles = Object.fromEntries(
        await Promise.all((["tea", "teapot"] as const).map(async (v) => [v, (await knex("product_variant").join("product", "product.id", "product_variant.product_id").where("product_variant.id", store.variants[v]).first("product.title")).title]))
      )
      const zl = await lifecycle(orders.zhang)
      const ll = await lifecycle(orders.li)
      // newest first: li was placed after zhang
      expect(rows).toEqual([
        // a leading + would start a spreadsheet formula: the phone is written as text ('+86 …)
        [ll.order_number, "收款成功", "l***@example.com", "L* ***", "'+86 139****5678", "上海市", "Shanghai", "***", "***", (Number(ll.total_minor) / 100).toFixed(2), (Number(ll.paid_minor) / 100).toFixed(2), "CNY", `${titles.tea} × 1`, "1"],
        [zl.order_number, "收款成功", "d***@example.com", "张**", "138****1234", "北京市", "北京市", "***", "***", (Number(zl.total_minor) / 100).toFixed(2), (Number(zl.paid_minor) / 100).toFixed(2), "CNY", expect.stringMatching(new RegExp(`^(${esc(titles.tea)} × 2; ${esc(titles.teapot)} × 1|${esc(titles.teapot)} × 1; ${esc(titles.tea)} × 2)$`)), "3"],
      ])
      // Medusa's notification feed announces it, with the file's download link
      // (the workflow's last step, after the file is done: waited for)
      let feed: any[] = []
      for (let i = 0; i < 200 && !feed.some((n: any) => n.data?.file?.filename === e.filename); i++) {
        await new Promise((r) => setTimeout(r, 10))
        feed = await container.resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" } as any)
      }
      expect(feed.find((n: any) => n.data?.file?.filename === e.filename)).toMatchObject({ template: "admin-ui", data: { title: "Order export", description: "2 rows exported (personal data masked)", file: { url: expect.stringContaining(`/admin/order-management/exports/${e.id}/download?expires=`) } } })
      const audit = (await api.get(`/admin/order-management/exports`, { headers: admin })).data.exports.find((x: any) => x.id === e.id)
      expect(audit).toMatchObject({ masked: true, reason: null, fields, order_ids: [orders.zhang, orders.li], downloads: 1, created_by_email: "clerk@test.com" })
    })

    it("an XLSX with typed cells: amounts as numbers in their currency's format, times as dates, a frozen bold header", async () => {
      const fields = ["order_number", "placed_at", "customer_name", "shipping_phone", "total", "item_quantity", "on_hold"]
      const r = await post({ format: "xlsx", scope: "selected", order_ids: [orders.zhang, orders.usd], fields, locale: "en" })
      const e = await finished(r.data.export.id)
      expect(e).toMatchObject({ status: "done", rows_done: 2, filename: expect.stringMatching(/\.xlsx$/) })
      const file = await download(e)
      expect(file.headers["content-type"]).toContain("spreadsheetml")
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(file.body as any)
      const ws = wb.worksheets[0]
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
      expect((ws.getRow(1).values as any[]).slice(1)).toEqual(["Order number", "Placed at", "Customer name", "Recipient phone", "Total", "Quantity", "On hold"])
      expect(ws.getRow(1).font?.bold).toBe(true)
      expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(22)
      const { rows: expected } = await knex.raw(
        `select order_id, order_number, total_minor, to_char(placed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') as placed from order_lifecycle where order_id in (?, ?)`,
        [orders.zhang, orders.usd]
      )
      const byNumber = Object.fromEntries(expected.map((x: any) => [x.order_number, x]))
      for (const rowNo of [2, 3]) {
        const row = ws.getRow(rowNo)
        const want = byNumber[row.getCell(1).value as string]
        expect(want).toBeDefined()
        const placed = row.getCell(2).value as Date
        expect(placed).toBeInstanceOf(Date)
        expect(placed.toISOString().replace("T", " ").slice(0, 19)).toBe(want.placed)
        expect(row.getCell(2).numFmt).toBe("yyyy-mm-dd hh:mm:ss")
        expect(row.getCell(5).value).toBe(Number(want.total_minor) / 100)
        expect(row.getCell(5).numFmt).toBe(want.order_id === orders.usd ? '"$"#,##0.00;-"$"#,##0.00' : '"¥"#,##0.00;-"¥"#,##0.00')
        expect(typeof row.getCell(6).value).toBe("number")
        expect(row.getCell(7).value).toBe("no")
      }
      const zhangRow = [2, 3].map((n) => ws.getRow(n)).find((x) => x.getCell(1).value === numbers[orders.zhang])!
      expect([zhangRow.getCell(3).value, zhangRow.getCell(4).value, zhangRow.getCell(6).value]).toEqual([null, "138****1234", 3])
      // the same export with an amount only JavaScript computes (Medusa's totals) goes through the JavaScript path:
      // the cells both paths share are equal, value and format
      const slow = await post({ format: "xlsx", scope: "selected", order_ids: [orders.zhang, orders.usd], fields: [...fields, "subtotal"], locale: "en" })
      const other = new ExcelJS.Workbook()
      await other.xlsx.load((await download(await finished(slow.data.export.id))).body as any)
      const cells = (sheet: ExcelJS.Worksheet, n: number) => [2, 3].map((r) => Array.from({ length: n }, (_, i) => { const c = sheet.getRow(r).getCell(i + 1); return [c.value instanceof Date ? c.value.toISOString() : c.value, c.numFmt ?? null] }))
      expect(cells(other.worksheets[0], fields.length)).toEqual(cells(ws, fields.length))
      expect(typeof other.worksheets[0].getRow(2).getCell(fields.length + 1).value).toBe("number")
    })

    it("a printable PDF in Chinese: title, filters, totals per currency and channel, the table, page numbers (text read back)", async () => {
      const fields = ["order_number", "shipping_name", "shipping_phone", "shipping_province", "total", "payment_method"]
      const r = await post({ format: "pdf", scope: "filtered", filters: { status: "paid" }, fields, locale: "zh" })
      const e = await finished(r.data.export.id)
      expect(e).toMatchObject({ status: "done", rows_done: 2, filename: expect.stringMatching(/\.pdf$/) })
      const file = await download(e)
      expect(file.headers["content-type"]).toContain("application/pdf")
      expect(file.body.subarray(0, 5).toString()).toBe("%PDF-")
      const parser = new PDFParse({ data: new Uint8Array(file.body) })
      const text = await parser.getText().finally(() => parser.destroy())
      const all = text.pages.map((p: any) => p.text).join("\n")
      const zl = await lifecycle(orders.zhang)
      const ll = await lifecycle(orders.li)
      const yuan = (m: number) => `¥${(m / 100).toLocaleString("en", { minimumFractionDigits: 2 })}`
      for (const want of [
        "订单导出",
        "筛选条件: status=paid",
        "个人信息已脱敏",
        "合计（按币种）",
        "按支付方式",
        "订单号",
        "收货人",
        zl.order_number,
        ll.order_number,
        "张**",
        "138****1234",
        "北京市",
        yuan(Number(zl.total_minor)),
        yuan(Number(zl.total_minor) + Number(ll.total_minor)),
        "手动收款",
        "第 1 页 / 共 1 页",
      ]) expect([want, all.includes(want)]).toEqual([want, true])
      expect(all).not.toContain("13812341234")
      expect(text.total).toBe(1)
    })

    it("a PDF over the row limit fails with a clear message and keeps no file", async () => {
      const service: any = container.resolve("order_export")
      const exp = await service.createOrderExports({ report: "orders", format: "pdf", scope: "all", fields: ["order_number", "placed_at", "total"], row_mode: "order", locale: "en", masked: true })
      const result = await writeExport(container, exp.id, { pdfMaxRows: 2 })
      expect(result).toMatchObject({ status: "failed", error: expect.stringMatching(/a PDF holds at most 2 rows and this export has 3: choose CSV or Excel/) })
      expect(await get(exp.id)).toMatchObject({ status: "failed", file_url: null, error: expect.stringMatching(/at most 2 rows/) })
    })

    it("unmasked needs a reason and the permission: refused with 403 (and recorded), allowed for the listed admin", async () => {
      const body = { format: "csv", scope: "selected", order_ids: [orders.li], fields: ["order_number", "customer_email", "shipping_phone", "shipping_address"], unmask: { reason: "customs declaration for order" } }
      const before = (await api.get(`/admin/order-management/exports`, { headers: admin })).data.count
      const refused = await post(body)
      expect([refused.status, refused.data.message]).toEqual([403, expect.stringMatching(/export personal data unmasked/)])
      const after = (await api.get(`/admin/order-management/exports`, { headers: admin })).data
      expect(after.count).toBe(before + 1)
      expect(after.exports[0]).toMatchObject({ status: "refused", masked: false, reason: "customs declaration for order", created_by_email: "clerk@test.com", file_url: null })
      const ok = await post(body, dpo)
      expect(ok.status).toBe(202)
      const e = await finished(ok.data.export.id)
      expect(e).toMatchObject({ status: "done", masked: false, reason: "customs declaration for order" })
      const [, row] = csvRows((await download(e, dpo)).body)
      const ll = await lifecycle(orders.li)
      // the formula-looking street is written as text, not run by a spreadsheet
      expect(row).toEqual([ll.order_number, "lee@example.com", "'+86 139-0000-5678", `'=HYPERLINK("x")`])
      const noReason = await post({ ...body, unmask: { reason: "" } }, dpo)
      expect([noReason.status, noReason.data.message]).toEqual([400, expect.stringMatching(/unmask, reason/)])
    })

    it("the current filters export exactly the orders the list shows; a row per item carries each item's price", async () => {
      const filters = { status: "paid", currency_code: "cny" }
      const list = (await api.get(`/admin/order-management/orders?status=paid&currency_code=cny&limit=200`, { headers: admin })).data.order_lifecycles.map((o: any) => o.order_number)
      const r = await post({ format: "csv", scope: "filtered", filters, fields: ["order_number"] })
      const [, ...rows] = csvRows((await download(await finished(r.data.export.id))).body)
      expect(rows.map((x) => x[0])).toEqual(list)
      expect(list.length).toBe(2)
      const all = await post({ format: "csv", scope: "all", fields: ["order_number", "currency_code", "payment_status"] })
      const [, ...everything] = csvRows((await download(await finished(all.data.export.id))).body)
      expect(everything.map((x) => x[0]).sort()).toEqual((await knex("order_lifecycle").whereNull("deleted_at").pluck("order_number")).sort())
      const items = await post({ format: "csv", scope: "selected", order_ids: [orders.zhang], fields: ["order_number", "item_sku", "item_quantity", "item_unit_price"], row: "item" })
      const e = await finished(items.data.export.id)
      const [, ...lines] = csvRows((await download(e)).body)
      const { rows: expected } = await knex.raw(
        `select li.variant_sku as sku, oi.quantity::int as q, li.unit_price::text as price from order_item oi join order_line_item li on li.id = oi.item_id join "order" o on o.id = oi.order_id and o.version = oi.version where o.id = ? order by li.created_at, li.id`,
        [orders.zhang]
      )
      expect(lines).toEqual(expected.map((x: any) => [numbers[orders.zhang], x.sku, String(x.q), Number(x.price).toFixed(2)]))
      expect(e.rows_total).toBe(2)
    })

    it("amounts as Medusa computes them: subtotal, discounts, shipping, tax and total equal Medusa's order totals", async () => {
      const r = await post({ format: "csv", scope: "selected", order_ids: Object.values(orders), fields: ["order_number", "currency_code", "subtotal", "discount_total", "shipping_total", "tax_total", "total", "refunded", "outstanding"] })
      const [, ...rows] = csvRows((await download(await finished(r.data.export.id))).body)
      const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: ["id", "currency_code", "item_subtotal", "discount_total", "shipping_total", "tax_total", "total", "summary.*"], filters: { id: Object.values(orders) } })
      expect(rows).toHaveLength(3)
      for (const o of data as any[]) {
        const row = rows.find((x) => x[0] === numbers[o.id])!
        const major = (v: any) => Number(v).toFixed(2)
        expect(row).toEqual([numbers[o.id], o.currency_code.toUpperCase(), major(o.item_subtotal), major(o.discount_total), major(o.shipping_total), major(o.tax_total), major(o.total), major(o.summary?.refunded_total ?? 0), (Number((await lifecycle(o.id)).outstanding_minor) / 100).toFixed(2)])
      }
    })

    it("the backup archive: every order with every field and its items as gzipped JSON Lines, masked unless unmasked", async () => {
      const r = await post({ report: "backup", scope: "all" })
      expect(r.status).toBe(202)
      const e = await finished(r.data.export.id)
      expect(e).toMatchObject({ status: "done", format: "jsonl_gz", masked: true, filename: expect.stringMatching(/^orders-backup-.*\.jsonl\.gz$/) })
      const lines = gunzipSync((await download(e)).body).toString("utf8").trim().split("\n").map((l) => JSON.parse(l))
      const all = await knex("order_lifecycle").whereNull("deleted_at").select("order_id", "order_number", "total_minor", "currency_code")
      expect(lines.map((l) => l.order_number).sort()).toEqual(all.map((x: any) => x.order_number).sort())
      const zhang = lines.find((l) => l.order_id === orders.zhang)
      expect(zhang).toMatchObject({ shipping_name: "张**", shipping_phone: "138****1234", customer_email: "d***@example.com", shipping_address: "***", shipping_province: "北京市", currency_code: "CNY" })
      expect(zhang.total).toBe((Number(all.find((x: any) => x.order_id === orders.zhang).total_minor) / 100).toFixed(2))
      expect(zhang.items).toEqual(expect.arrayContaining([expect.objectContaining({ variant_id: store.variants.tea, quantity: 2, unit_price: expect.stringMatching(/^\d+\.\d{2}$/) }), expect.objectContaining({ variant_id: store.variants.teapot, quantity: 1 })]))
      expect(zhang.items).toHaveLength(2)
      for (const key of ["order_number", "placed_at", "payment_status", "subtotal", "tax_total", "transaction_id", "notes_count"]) expect(zhang).toHaveProperty(key)
      const unmasked = await post({ report: "backup", scope: "selected", order_ids: [orders.zhang], unmask: { reason: "yearly offline backup" } })
      expect(unmasked.status).toBe(403)
      const allowed = await post({ report: "backup", scope: "selected", order_ids: [orders.zhang], unmask: { reason: "yearly offline backup" } }, dpo)
      const [line] = gunzipSync((await download(await finished(allowed.data.export.id), dpo)).body).toString("utf8").trim().split("\n").map((l) => JSON.parse(l))
      expect(line).toMatchObject({ shipping_name: "张三丰", shipping_phone: "13812341234", customer_email: "dora@example.com", shipping_address: "海淀区中关村大街1号" })
      const bad = await post({ report: "backup", scope: "all", format: "csv" })
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringMatching(/jsonl_gz/)])
    })

    it("the financial reconciliation: per day and channel, orders paid, paid, refunded, fees and net, exact", async () => {
      const [payment] = (await knex.raw(`select p.id from payment p join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id where opc.order_id = ?`, [orders.li])).rows
      await refundPaymentWorkflow(container).run({ input: { payment_id: payment.id, amount: 10 } })
      await subscribersIdle()
      const today = DateTime.now().setZone("Asia/Shanghai").toISODate()!
      const r = await post({ report: "reconciliation", format: "csv", from: DateTime.fromISO(today).minus({ days: 6 }).toISODate(), to: today })
      expect(r.status).toBe(202)
      const e = await finished(r.data.export.id)
      const [header, ...rows] = csvRows((await download(e)).body)
      expect(header).toEqual(["Date", "Currency", "Payment method", "Orders paid", "Paid", "Refunded", "Fees", "Net"])
      const paid = await knex("order_lifecycle").whereIn("order_id", [orders.zhang, orders.li]).select("total_minor", "payment_fee_minor")
      const total = paid.reduce((s: number, x: any) => s + Number(x.total_minor), 0)
      const fees = paid.reduce((s: number, x: any) => s + Number(x.payment_fee_minor), 0)
      expect(fees).toBe(paid.reduce((s: number, x: any) => s + Math.round(Number(x.total_minor) / 100), 0))
      const major = (m: number) => (m / 100).toFixed(2)
      expect(rows).toEqual([[today, "CNY", "Manual payment", "2", major(total), "10.00", major(fees), major(total - 1000 - fees)]])
      const usdOnly = await post({ report: "reconciliation", format: "xlsx", from: today, to: today, currency_code: "USD" })
      expect((await finished(usdOnly.data.export.id)).rows_done).toBe(0)
      const bad = await post({ report: "reconciliation", format: "csv", from: today })
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringMatching(/needs from and to/)])
      const long = await post({ report: "reconciliation", format: "csv", from: "2025-01-01", to: "2026-06-30" })
      expect([long.status, long.data.message]).toEqual([400, expect.stringMatching(/at most 366 days/)])
    })

    it("the sales report: the statistics period as a PDF, its figures those of the statistics page", async () => {
      await api.post(`/admin/order-management/statistics/refresh`, {}, { headers: admin })
      const today = DateTime.now().setZone("Asia/Shanghai").toISODate()!
      const from = DateTime.fromISO(today).minus({ days: 6 }).toISODate()!
      const r = await post({ report: "sales", from, to: today, currency_code: "cny", locale: "zh" })
      expect(r.status).toBe(202)
      const e = await finished(r.data.export.id)
      expect(e).toMatchObject({ status: "done", format: "pdf", rows_done: 1, filename: expect.stringMatching(/^sales-report-.*\.pdf$/) })
      const stats = (await api.get(`/admin/order-management/statistics?from=${from}&to=${today}&currency_code=cny`, { headers: admin })).data
      const parser = new PDFParse({ data: new Uint8Array((await download(e)).body) })
      const text = (await parser.getText().finally(() => parser.destroy())).pages.map((p: any) => p.text).join("\n")
      const yuan = (m: number) => `¥${(m / 100).toLocaleString("en", { minimumFractionDigits: 2 })}`
      expect(stats.orders.count).toBeGreaterThan(0)
      for (const want of ["销售报表", `期间 ${from} 至 ${today}`, "币种 CNY", "关键指标", `下单数 ${stats.orders.count} ${stats.orders.previous.count}`, `收入（扣除退款） ${yuan(stats.revenue.paid_minor)}`, `退款 ${yuan(stats.revenue.refunded_minor)}`, "支付渠道", "畅销商品", stats.products.best_sellers[0].title, "第 1 页"]) {
        expect([want, text.includes(want)]).toEqual([want, true])
      }
      const bad = await post({ report: "sales", from, to: today, currency_code: "eur" })
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringMatching(/EUR is not a currency of this store/)])
      const csv = await post({ report: "sales", format: "csv", from, to: today, currency_code: "cny" })
      expect([csv.status, csv.data.message]).toEqual([400, expect.stringMatching(/sales report is a PDF/)])
    })

    it("presets: saved by name, shared ones offered to other admins, only the owner deletes", async () => {
      const presets = (headers: Record<string, string>) => api.get(`/admin/order-management/exports/presets`, { headers }).then((r) => r.data.presets)
      const mine = await api.post(`/admin/order-management/exports/presets`, { name: "Finance", fields: ["order_number", "total", "paid"], format: "xlsx", shared: true }, { headers: admin })
      expect(mine.status).toBe(201)
      expect(mine.data.preset).toMatchObject({ name: "Finance", fields: ["order_number", "total", "paid"], format: "xlsx", row: "order", locale: "en", shared: true, own: true })
      await api.post(`/admin/order-management/exports/presets`, { name: "Private", fields: ["order_number"] }, { headers: admin })
      const again = await api.post(`/admin/order-management/exports/presets`, { name: " finance ", fields: ["order_number"] }, { headers: admin, validateStatus: () => true })
      expect([again.status, again.data.message]).toEqual([422, expect.stringMatching(/already have an export preset named/)])
      const bad = await api.post(`/admin/order-management/exports/presets`, { name: "X", fields: ["nope"] }, { headers: admin, validateStatus: () => true })
      expect([bad.status, bad.data.message]).toEqual([400, expect.stringMatching(/unknown field nope/)])
      expect((await presets(dpo)).map((p: any) => [p.name, p.own])).toEqual([["Finance", false]])
      const other = await api.delete(`/admin/order-management/exports/presets/${mine.data.preset.id}`, { headers: dpo, validateStatus: () => true })
      expect(other.status).toBe(403)
      expect((await api.delete(`/admin/order-management/exports/presets/${mine.data.preset.id}`, { headers: admin })).data).toEqual({ id: mine.data.preset.id, deleted: true })
      expect((await presets(admin)).map((p: any) => p.name)).toEqual(["Private"])
    })

    it("bad requests are 400 naming the field and record nothing", async () => {
      const before = (await api.get(`/admin/order-management/exports`, { headers: admin })).data.count
      const cases: Array<[unknown, RegExp]> = [
        [{ format: "csv", scope: "all", fields: ["order_number", "nope"] }, /unknown field nope/],
        [{ format: "csv", scope: "all", fields: ["item_unit_price"] }, /item_unit_price has one value per item: use row: item/],
        [{ format: "csv", scope: "filtered", fields: ["order_number"] }, /filters is required with scope filtered/],
        [{ format: "csv", scope: "filtered", filters: { status: "lost" }, fields: ["order_number"] }, /filters.status/],
        [{ format: "csv", scope: "filtered", filters: { status: "paid", limit: 5 }, fields: ["order_number"] }, /filters\.limit: limit is paging, not a filter/],
        [{ format: "csv", scope: "filtered", filters: { sort: "-total" }, fields: ["order_number"] }, /filters\.sort: an export is always newest first/],
        [{ format: "csv", scope: "filtered", filters: { colour: "red" }, fields: ["order_number"] }, /filters: unknown filter colour \(the filters are the order list's query parameters\)/],
        [{ format: "csv", scope: "selected", fields: ["order_number"] }, /order_ids is required/],
        [{ format: "doc", scope: "all", fields: ["order_number"] }, /format.*doc/],
        [{ format: "csv", scope: "all", fields: [] }, /'fields' too small/],
        [{ format: "csv", scope: "all", fields: ["order_number", "order_number"] }, /must not repeat/],
        [{ format: "csv", scope: "selected", order_ids: ["order_nope", "order_gone"], fields: ["order_number"] }, /order_ids: 2 not found \(order_nope, order_gone\)/],
        [{ report: "reconciliation", format: "csv", from: "2026-11-01", to: "2026-11-30", currency_code: "eur" }, /EUR is not a currency of this store/],
      ]
      for (const [body, message] of cases) {
        const r = await post(body)
        expect([JSON.stringify(body), r.status, r.data.message]).toEqual([JSON.stringify(body), 400, expect.stringMatching(message)])
      }
      expect((await api.get(`/admin/order-management/exports`, { headers: admin })).data.count).toBe(before)
      expect((await api.post(`/admin/order-management/exports`, { format: "csv", scope: "all", fields: ["order_number"] }, { validateStatus: () => true })).status).toBe(401)
    })

    it("download links expire and are tied to their export; the file needs an admin", async () => {
      const r = await post({ format: "csv", scope: "selected", order_ids: [orders.usd], fields: ["order_number", "customer_phone"] })
      const e = await finished(r.data.export.id)
      const url = new URL(e.file_url, "http://x")
      const other = (await post({ format: "csv", scope: "selected", order_ids: [orders.li], fields: ["order_number"] })).data.export.id
      await finished(other)
      const forged = await api.get(`/admin/order-management/exports/${other}/download${url.search}`, { headers: admin, validateStatus: () => true })
      expect([forged.status, forged.data.message]).toEqual([400, expect.stringMatching(/not issued for this export/)])
      const expired = await api.get(`${url.pathname}?expires=${Math.floor(Date.now() / 1000) - 10}&signature=${url.searchParams.get("signature")}`, { headers: admin, validateStatus: () => true })
      expect(expired.status).toBe(400) // a changed expiry no longer matches its signature
      expect((await api.get(e.file_url, { validateStatus: () => true })).status).toBe(401)
      const [, row] = csvRows((await download(e)).body)
      expect(row).toEqual([numbers[orders.usd], "'+1 415***0123"])
    })

    it("cancel stops the writer at its next page and deletes the partial file; a canceled pending export writes nothing", async () => {
      const service: any = container.resolve("order_export")
      const exp = await service.createOrderExports({ report: "orders", format: "csv", scope: "all", fields: ["order_number"], row_mode: "order", locale: "en", masked: true })
      // the admin cancels while the first page is being written
      const report = service.reportProgress.bind(service)
      service.reportProgress = async (id: string, n: number) => {
        const r = await api.delete(`/admin/order-management/exports/${id}`, { headers: admin })
        expect(r.data.export.status).toBe("canceled")
        return report(id, n)
      }
      const result = await writeExport(container, exp.id, { pageSize: 1 }).finally(() => (service.reportProgress = report))
      expect(result).toEqual({ status: "canceled", rows_done: 1 })
      const after = await get(exp.id)
      expect(after).toMatchObject({ status: "canceled", rows_done: 0, file_url: null })
      await expect(container.resolve(Modules.FILE).getAsBuffer(after.id && (await service.retrieveOrderExport(exp.id)).file_id)).rejects.toThrow()
      const again = await api.delete(`/admin/order-management/exports/${exp.id}`, { headers: admin, validateStatus: () => true })
      expect([again.status, again.data.message]).toEqual([400, expect.stringMatching(/already canceled/)])
      const pending = await service.createOrderExports({ report: "orders", format: "csv", scope: "all", fields: ["order_number"], row_mode: "order", locale: "en", masked: true })
      await api.delete(`/admin/order-management/exports/${pending.id}`, { headers: admin })
      expect(await writeExport(container, pending.id)).toMatchObject({ status: "canceled", rows_done: 0 })
      expect((await service.retrieveOrderExport(pending.id)).file_id).toBeNull()
    })

    it("a worker that died mid-export: the export job fails it after two minutes and deletes the partial file", async () => {
      const service: any = container.resolve("order_export")
      const file = container.resolve(Modules.FILE)
      const upload = await file.getUploadStream({ filename: "half.csv", mimeType: "text/csv", access: "private" } as any)
      await new Promise<void>((r) => upload.writeStream.write("order_number\r\nMO1\r\n", () => r()))
      upload.writeStream.end()
      await upload.promise
      const exp = await service.createOrderExports({ report: "orders", format: "csv", scope: "all", fields: ["order_number"], row_mode: "order", locale: "en", masked: true })
      await service.startExport(exp.id, { rows_total: 10, file_id: upload.fileKey, filename: "half.csv", mime_type: "text/csv" })
      expect((await exportHousekeeping(container, new Date(Date.now() + 60_000))).stalled).not.toContain(exp.id)
      const r = await exportHousekeeping(container, new Date(Date.now() + 3 * 60_000))
      expect(r.stalled).toContain(exp.id)
      expect(await get(exp.id)).toMatchObject({ status: "failed", error: expect.stringMatching(/interrupted/), file_url: null })
      await expect(file.getAsBuffer(upload.fileKey)).rejects.toThrow()
    })
  },
})
