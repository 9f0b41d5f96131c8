import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import ExcelJS from "exceljs"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore, SeededStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { waitForSubscribers } from "../helpers/events"
import { CN_PROVIDERS, CnGateways, startCnGateways } from "../helpers/cn-gateways"
import { PAYMENT_EVENT_RECEIVED } from "../../src/modules/order-management/lifecycle/events"
import { runDailyReconciliation } from "../../src/workflows/reconciliation/daily"
import { RECONCILIATION_REQUESTED_EVENT } from "../../src/workflows/reconciliation/run"
import { lastDueAt, resolveReconciliationOptions } from "../../src/modules/reconciliation/options"

jest.setTimeout(300 * 1000)

// Reconciliation against the platforms' bills, end to end: the store's orders are paid at the Alipay and WeChat Pay
// simulators on "yesterday" (Beijing), the simulators serve that day's bill in the real format (Alipay's GBK ZIP,
// WeChat's backtick CSV, gzip and SHA-1) with rows a test adds or alters, and the plugin fetches, parses and matches it.
process.env.OM_MANUAL_REVIEW_PROVIDERS = "bank-transfer"
process.env.OM_RELEASE_UNPAID = "false"
// Alipay's fee as the channel is configured (0.6 %, what the simulator charges); WeChat Pay without a fee configured
process.env.OM_PAYMENT_CHANNELS = JSON.stringify({ alipay: { fee: { rateBps: 60, fixedMinor: 0, bearer: "merchant" } } })
let gw: CnGateways
beforeAll(async () => {
  gw = await startCnGateways()
})
afterAll(async () => {
  await gw?.close()
})
afterEach(() => subscribersIdle())

/** Yesterday in Beijing, and noon of it (when the test's buyers pay). */
const DAY = new Date(Date.now() - 24 * 3600_000).toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" })
const NOON = new Date(`${DAY}T04:00:00Z`)
const TODAY = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" })
const BANK = "pp_bank-transfer_bank-transfer"
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let store: SeededStore
    let admin: Record<string, string>

    beforeAll(async () => {
      container = getContainer()
      store = await seedStore(container, { cnyProviders: [...CN_PROVIDERS, BANK], stock: 100 })
      admin = (await createAdmin(container)).headers
    })
    beforeEach(() => {
      container = getContainer()
      gw.alipay.billExtras.length = 0
      gw.wechat.billExtras.length = 0
      gw.alipay.billOverride(DAY, null)
      gw.wechat.billOverride(DAY, null)
      gw.alipay.billNotReady.clear()
      gw.wechat.billNotReady.clear()
      gw.wechat.billTamper = null
      // the simulators outlive each case: each case's bill holds its own trades only
      gw.alipay.trades.clear()
      gw.wechat.trades.clear()
      gw.wechat.refunds.clear()
    })

    const h = () => ({ headers: { "x-publishable-api-key": store.publishableKey } })
    const call = (method: "get" | "post", url: string, body?: unknown, headers: Record<string, string> = admin) =>
      (method === "get" ? api.get(url, { headers }) : api.post(url, body, { headers })).catch((e: any) => e.response)
    const R = "/admin/order-management/reconciliation"

    /** A storefront checkout paid at the platform at noon of DAY; returns the order and its trade number. */
    async function paidOrder(provider: "pp_alipay_alipay" | "pp_wechatpay_wechatpay", quantity = 1) {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "shopper@example.com" }, h())
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity }, h())
      await api.post(`/store/carts/${cart.id}`, { shipping_address: { first_name: "Li", last_name: "Lei", address_1: "1 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001" } }, h())
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      const created = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: provider, data: { method: provider === "pp_wechatpay_wechatpay" ? "native" : "qr" } }, h()).catch((e: any) => e.response)
      if (created.status !== 200) throw new Error(`payment session: ${created.status} ${JSON.stringify(created.data)}`)
      const pc = created.data.payment_collection
      const session = pc.payment_sessions[0]
      const placed = waitForSubscribers(container, "order.placed")
      const { data } = await api.post(`/store/carts/${cart.id}/complete`, {}, h())
      await placed
      const applied = waitForSubscribers(container, PAYMENT_EVENT_RECEIVED)
      if (provider === "pp_alipay_alipay") await gw.alipay.pay(session.data.out_trade_no, { at: NOON, variant: { retry: false } })
      else await gw.wechat.pay(session.data.out_trade_no, { at: NOON })
      await applied
      await subscribersIdle()
      return { order_id: data.order.id as string, display_id: data.order.display_id as number, out_trade_no: session.data.out_trade_no as string, total_minor: (399 * quantity + 10) * 100 }
    }

    /** The store captured (and refunded) on DAY too: Medusa dates its rows now, the buyers paid at noon of DAY. */
    async function backdateStoreMoney() {
      const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await pg.raw("update capture set created_at = :at", { at: NOON })
      await pg.raw("update refund set created_at = :at", { at: NOON })
    }

    /** POST a run and wait until the worker has run it. */
    async function reconcile(providerId: string, date = DAY) {
      const ran = waitForSubscribers(container, RECONCILIATION_REQUESTED_EVENT)
      const res = await call("post", `${R}/runs`, { provider_id: providerId, date })
      expect(res.status).toBe(202)
      expect(res.data.run).toMatchObject({ provider_id: providerId, date, status: "queued" })
      await ran
      return (await call("get", `${R}/runs/${res.data.run.id}`)).data.run
    }
    const differences = async (runId: string, query = "") => (await call("get", `${R}/runs/${runId}/differences?limit=200${query}`)).data.differences as any[]
    const byType = (ds: any[]) => Object.fromEntries([...new Set(ds.map((d) => d.type))].map((t) => [t, ds.filter((d) => d.type === t).map((d) => d.out_trade_no).sort()]))

    it("Alipay: the day's bill is fetched and parsed, each difference found with both sides, money the store never recorded goes to the anomaly desk", async () => {
      const a = await paidOrder("pp_alipay_alipay") // matched
      const b = await paidOrder("pp_alipay_alipay") // the bill's amount differs
      const c = await paidOrder("pp_alipay_alipay") // refunded at the platform only, and its fee differs from the configured 0.6 %
      const d = await paidOrder("pp_alipay_alipay") // not in the bill
      const e = c
      await backdateStoreMoney()
      // at the platform only: a trade the store never made
      gw.alipay.billExtras.push({ kind: "trade", out_trade_no: "OMFOREIGN000000000000000001", amount_cents: 12345, date: DAY })
      // a ¥50.00 refund the store never heard of
      gw.alipay.billExtras.push({ kind: "refund", out_trade_no: c.out_trade_no, amount_cents: 5000, out_request_no: "CONSOLE-1", date: DAY })
      gw.alipay.billOverride(DAY, (rows: any[]) =>
        rows
          .filter((r) => !(r.kind === "trade" && r.out_trade_no === d.out_trade_no))
          .map((r) => (r.kind === "trade" && r.out_trade_no === b.out_trade_no ? { ...r, amount_cents: r.amount_cents + 100, received_cents: r.amount_cents + 100, fee_cents: 245 } : r))
          .map((r) => (r.kind === "trade" && r.out_trade_no === e.out_trade_no ? { ...r, fee_cents: 999 } : r))
      )

      const run = await reconcile("pp_alipay_alipay")
      // rows: 4 payments and c's refund; matched: a's payment row only
      expect(run).toMatchObject({ status: "completed", source: "api", currency_code: "CNY", rows: 5, matched: 1 })
      expect(run.differences_by_type).toEqual({ missing_in_store: 1, amount_mismatch: 1, status_mismatch: 1, missing_at_platform: 1, fee_mismatch: 1 })
      // the platform's side: 4 trades paid (a, b + ¥1, c, the foreign one) less c's ¥50 refund; the store's: 4 captures
      const each = 40900
      expect(run.platform_total_minor).toBe(3 * each + 100 + 12345 - 5000)
      expect(run.store_total_minor).toBe(4 * each)
      // the bill's own totals (its 合计 lines) agree with its rows
      expect(run.totals.bill_summary_agrees).toBe(true)

      const ds = await differences(run.id)
      expect(byType(ds)).toEqual({
        missing_in_store: ["OMFOREIGN000000000000000001"],
        amount_mismatch: [b.out_trade_no],
        status_mismatch: [c.out_trade_no],
        missing_at_platform: [d.out_trade_no],
        fee_mismatch: [e.out_trade_no],
      })
      const amount = ds.find((x) => x.type === "amount_mismatch")
      expect(amount).toMatchObject({ order_id: b.order_id, delta_minor: 100, currency_code: "CNY", state: "open" })
      expect(amount.platform).toMatchObject({ kind: "payment", status: "paid", amount_minor: each + 100, currency: "CNY" })
      expect(amount.platform.raw["商户订单号"]).toBe(b.out_trade_no)
      expect(amount.store).toMatchObject({ order_id: b.order_id, display_id: b.display_id, captured_minor: each, status: "captured" })
      expect(ds.find((x) => x.type === "fee_mismatch")).toMatchObject({ delta_minor: 999 - 245, store: expect.objectContaining({ expected_fee_minor: 245 }) })
      expect(ds.find((x) => x.type === "status_mismatch")).toMatchObject({ order_id: c.order_id, delta_minor: 5000 })
      expect(ds.find((x) => x.type === "missing_at_platform")).toMatchObject({ order_id: d.order_id, platform: null, delta_minor: -each })
      // money at the platform the store never recorded: a paid_not_received anomaly, opened at once
      const missing = ds.find((x) => x.type === "missing_in_store")
      expect(missing).toMatchObject({ state: "anomaly_opened", order_id: null, delta_minor: 12345 })
      const anomaly = (await call("get", `/admin/order-management/anomalies/${missing.anomaly_id}`)).data.anomaly
      expect(anomaly).toMatchObject({ type: "paid_not_received", amount_minor: 12345, currency_code: "cny", out_trade_no: "OMFOREIGN000000000000000001", status: "open" })
      expect(a.order_id).toBeTruthy()

      // decisions: explain the amount (a note is required), hand the fee to the desk; a second decision is refused
      expect((await call("post", `${R}/differences/${amount.id}/resolve`, { action: "explained" })).status).toBe(400)
      const explained = await call("post", `${R}/differences/${amount.id}/resolve`, { action: "explained", note: "buyer paid the shipping twice; refunded by hand" })
      expect(explained.status).toBe(200)
      expect(explained.data.difference).toMatchObject({ state: "explained", note: "buyer paid the shipping twice; refunded by hand", resolved_by: expect.any(String) })
      const again = await call("post", `${R}/differences/${amount.id}/resolve`, { action: "explained", note: "x" })
      expect(again.status).toBe(409)
      expect(again.data.message).toMatch(/already decided/)
      const fee = ds.find((x) => x.type === "fee_mismatch")
      const handed = await call("post", `${R}/differences/${fee.id}/resolve`, { action: "open_anomaly", note: "ask Alipay about the fee" })
      expect(handed.data.difference).toMatchObject({ state: "anomaly_opened", anomaly_id: expect.any(String) })
      const feeAnomaly = (await call("get", `/admin/order-management/anomalies/${handed.data.difference.anomaly_id}`)).data.anomaly
      expect(feeAnomaly).toMatchObject({ type: "reconciliation_difference", order_id: e.order_id })
      expect((await call("post", `${R}/differences/${ds.find((x) => x.type === "missing_at_platform").id}/resolve`, { action: "assign", order_id: d.order_id })).status).toBe(400)

      // the day again: its result replaced, the decisions kept, nothing opened twice
      const anomaliesBefore = (await call("get", "/admin/order-management/anomalies?limit=100")).data.count
      const rerun = await reconcile("pp_alipay_alipay")
      expect(rerun.id).toBe(run.id)
      expect(rerun).toMatchObject({ status: "completed", rows: 5, matched: 1, differences_by_type: run.differences_by_type })
      const after = await differences(run.id)
      expect(after.find((x) => x.key === amount.key)).toMatchObject({ id: amount.id, state: "explained", note: "buyer paid the shipping twice; refunded by hand" })
      expect(after.find((x) => x.key === fee.key)).toMatchObject({ state: "anomaly_opened", anomaly_id: handed.data.difference.anomaly_id })
      expect((await call("get", "/admin/order-management/anomalies?limit=100")).data.count).toBe(anomaliesBefore)
      expect(rerun.open_differences).toBe(2)

      // listed by day and channel
      const list = await call("get", `${R}/runs?provider_id=pp_alipay_alipay&date=${DAY}`)
      expect(list.data).toMatchObject({ count: 1, runs: [expect.objectContaining({ id: run.id, open_differences: 2 })] })
      expect((await call("get", `${R}/runs/${run.id}/differences?type=fee_mismatch`)).data.count).toBe(1)

      // the run as XLSX for finance
      const xlsx = await api.get(`${R}/runs/${run.id}/export`, { headers: admin, responseType: "arraybuffer" })
      expect(xlsx.headers["content-type"]).toContain("spreadsheetml")
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(xlsx.data) as any)
      expect(wb.getWorksheet("Differences")!.rowCount).toBe(1 + 5)
      expect(wb.getWorksheet("Summary")!.getColumn(2).values).toEqual(expect.arrayContaining([DAY, 5]))
    })

    it("WeChat Pay: the gzip bill checked by SHA-1, a revoked trade the store confirmed, refunds that differ; a tampered file fails the run", async () => {
      const a = await paidOrder("pp_wechatpay_wechatpay")
      const b = await paidOrder("pp_wechatpay_wechatpay")
      const c = await paidOrder("pp_wechatpay_wechatpay")
      await backdateStoreMoney()
      gw.wechat.billOverride(DAY, (rows: any[]) => rows.map((r) => (r.out_trade_no === b.out_trade_no ? { ...r, kind: "revoked" } : r)))
      // a refund at WeChat the store does not know of, of ¥10.00
      gw.wechat.billExtras.push({ kind: "refund", out_trade_no: c.out_trade_no, refund_fen: 1000, date: DAY })
      const run = await reconcile("pp_wechatpay_wechatpay")
      // rows: 3 payments and c's refund; matched: a's and c's payment rows
      expect(run).toMatchObject({ status: "completed", rows: 4, matched: 2 })
      // the summary line WeChat prints (总交易单数, 应结订单总金额, 退款总金额, …) adds up to the rows
      expect(run.totals.bill_summary_agrees).toBe(true)
      const ds = await differences(run.id)
      expect(byType(ds)).toEqual({ status_mismatch: [b.out_trade_no, c.out_trade_no].sort() })
      expect(ds.find((x) => x.out_trade_no === b.out_trade_no).detail).toMatch(/closed at the platform/)
      expect(ds.find((x) => x.out_trade_no === c.out_trade_no)).toMatchObject({ delta_minor: 1000, key: expect.stringMatching(/^refunded_at_platform_only:/) })
      expect(a.out_trade_no).toBeTruthy()

      // a corrupted download: the SHA-1 WeChat sent does not match, nothing is reconciled from it
      gw.wechat.billTamper = (csv: Buffer) => Buffer.from(csv.toString("utf8").replace("`SUCCESS", "`REVOKED"))
      const bad = await reconcile("pp_wechatpay_wechatpay")
      expect(bad).toMatchObject({ id: run.id, status: "failed", attempts: 1 })
      expect(bad.error).toMatch(/SHA|hash/i)
      expect(new Date(bad.next_attempt_at).getTime()).toBeGreaterThan(Date.now())
      // the earlier result is still there
      expect((await differences(run.id)).length).toBe(2)
    })

    it("a bill not published yet: the run waits (not_ready) and the daily job retries it; the job queues yesterday once for each channel", async () => {
      await paidOrder("pp_alipay_alipay")
      await backdateStoreMoney()
      gw.alipay.billNotReady.add(DAY)
      const run = await reconcile("pp_alipay_alipay")
      expect(run).toMatchObject({ status: "not_ready", attempts: 1 })
      const retryAt = new Date(run.next_attempt_at)
      expect(retryAt.getTime() - Date.now()).toBeGreaterThan(25 * 60_000)

      // not due yet: left alone
      const first = await runDailyReconciliation(container, new Date())
      expect(first.ran).not.toContain(run.id)
      gw.alipay.billNotReady.clear()
      const r = await runDailyReconciliation(container, new Date(retryAt.getTime() + 1000))
      expect(r.ran).toContain(run.id)
      expect((await call("get", `${R}/runs/${run.id}`)).data.run).toMatchObject({ status: "completed", attempts: 2, rows: 1, matched: 1 })
      // the job also queued (and ran) the day before its last due time (10:30 Beijing) for WeChat Pay, which had no run
      const due = lastDueAt(resolveReconciliationOptions(undefined), new Date(retryAt.getTime() + 1000))
      const jobDay = new Date(due.getTime() - 24 * 3600_000).toLocaleDateString("en-CA", { timeZone: "Asia/Shanghai" })
      const wechat = (await call("get", `${R}/runs?provider_id=pp_wechatpay_wechatpay`)).data.runs
      expect(wechat.map((x: any) => [x.date, x.status])).toEqual([[jobDay, "completed"]])
      expect(first.queued).toHaveLength(jobDay === DAY ? 1 : 2)
      expect((await runDailyReconciliation(container, new Date(retryAt.getTime() + 2000))).queued).toEqual([])
    })

    it("a bill downloaded by hand: the Alipay ZIP uploaded reconciles like a fetched one; another platform's file or a bad day is refused", async () => {
      const a = await paidOrder("pp_alipay_alipay")
      await backdateStoreMoney()
      const zip: Buffer = (await gw.alipay.bill(DAY)).zip
      const form = (fields: Record<string, string>, file: Buffer, name: string) => {
        const f = new FormData()
        for (const [k, v] of Object.entries(fields)) f.append(k, v)
        f.append("file", new Blob([new Uint8Array(file)]), name)
        return f
      }
      const upload = (f: FormData) => api.post(`${R}/imports`, f, { headers: admin }).catch((e: any) => e.response)
      const res = await upload(form({ provider_id: "pp_alipay_alipay", date: DAY }, zip, `20880000000000010156_${DAY.replace(/-/g, "")}.csv.zip`))
      expect(res.status).toBe(201)
      expect(res.data.run).toMatchObject({ provider_id: "pp_alipay_alipay", date: DAY, source: "upload", status: "completed", rows: 1, matched: 1, file_name: expect.stringContaining(".csv.zip") })
      expect(a.order_id).toBeTruthy()

      const wechatCsv = Buffer.from("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n`0,`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00\n")
      const wrong = await upload(form({ provider_id: "pp_alipay_alipay", date: DAY }, wechatCsv, "tradebill.csv"))
      expect(wrong.status).toBe(400)
      expect(wrong.data.message).toMatch(/wechatpay bill, not one of pp_alipay_alipay/)
      expect((await upload(form({ provider_id: "pp_alipay_alipay", date: TODAY }, zip, "a.csv.zip"))).data.message).toMatch(/not over yet/)
      expect((await upload(form({ provider_id: "pp_alipay_alipay" }, zip, "a.csv.zip"))).data.message).toMatch(/date/)
      expect((await upload(form({ date: DAY }, zip, "a.csv.zip"))).data.message).toMatch(/provider_id|bank_profile/)
      const noFile = new FormData()
      noFile.append("provider_id", "pp_alipay_alipay")
      expect((await upload(noFile)).data.message).toMatch(/file/)
      expect((await upload(form({ provider_id: "pp_alipay_alipay", date: DAY }, Buffer.from("not a bill at all"), "x.txt"))).status).toBe(400)
    })

    /** A storefront order to pay by bank transfer: its reference (BT-XXXX-XXXX-CC). */
    async function transferOrder() {
      const { data: { cart } } = await api.post("/store/carts", { region_id: store.regions.cny, email: "buyer@example.com" }, h())
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variants.teapot, quantity: 1 }, h())
      await api.post(`/store/carts/${cart.id}`, { shipping_address: { first_name: "Li", last_name: "Lei", address_1: "1 Nanjing Rd", city: "Shanghai", country_code: "cn", postal_code: "200001" } }, h())
      await api.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionIds.cny }, h())
      const { data: { payment_collection } } = await api.post("/store/payment-collections", { cart_id: cart.id }, h())
      const { data: { payment_collection: pc } } = await api.post(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: BANK }, h())
      const placed = waitForSubscribers(container, "order.placed")
      const { data } = await api.post(`/store/carts/${cart.id}/complete`, {}, h())
      await placed
      await subscribersIdle()
      return { order_id: data.order.id as string, reference: pc.payment_sessions[0].data.reference as string }
    }
    const lifecycle = async (orderId: string) => (await call("get", `/admin/order-management/orders/${orderId}`)).data.order_lifecycle
    const receipts = async (orderId: string) => ((await call("get", `/admin/order-management/orders/${orderId}/payment`)).data.sessions ?? []).flatMap((x: any) => x.receipts ?? [])

    it("a bank statement: transfers matched by their reference (typed loosely, or with a typo the check digits catch) and recorded as receipts; partly paid, overpaid and unmatched money found; unmatched money assigned by hand", async () => {
      const [exact, loose, typo, partial, over, later] = [await transferOrder(), await transferOrder(), await transferOrder(), await transferOrder(), await transferOrder(), await transferOrder()]
      // one symbol of the reference mistyped: the check digits no longer fit, one correction is an open order
      const sym = typo.reference.slice(3, 4)
      const wrong = ALPHABET[(ALPHABET.indexOf(sym) + 7) % 32]
      const typed = `BT-${wrong}${typo.reference.slice(4)}`
      const profile = await call("post", `${R}/bank-profiles`, {
        name: "China Merchants Bank",
        mapping: { date: "交易日期", credit: "收入金额", debit: "支出金额", default_currency: "CNY", reference: "摘要", payer_name: "对方户名", bank_transaction_id: "流水号", date_format: "YYYY-MM-DD", encoding: "gbk", skip_lines: 2 },
      })
      expect(profile.status).toBe(201)
      const lines = [
        "招商银行交易明细",
        `账号：6214 8312 3456 7890,期间：${DAY}`,
        "交易日期,流水号,收入金额,支出金额,对方户名,摘要",
        `${DAY},CMB0001,409.00,,王芳,${exact.reference}`,
        `${DAY},CMB0002,409.00,,李雷,货款 ${loose.reference.toLowerCase().replace(/-/g, " ")} 谢谢`,
        `${DAY},CMB0003,409.00,,张伟,${typed}`,
        `${DAY},CMB0004,200.00,,赵敏,${partial.reference}`,
        `${DAY},CMB0005,410.00,,钱多,${over.reference}`,
        `${DAY},CMB0006,409.00,,无名,茶叶款`,
        `${DAY},CMB0007,,58.00,电费,缴费`,
      ]
      const iconv = require("iconv-lite")
      const file = iconv.encode(lines.join("\r\n"), "gbk") as Buffer
      const upload = (f: Buffer, profileId = profile.data.bank_profile.id) => {
        const form = new FormData()
        form.append("bank_profile", profileId)
        form.append("file", new Blob([new Uint8Array(f)]), "cmb-statement.csv")
        return api.post(`${R}/imports`, form, { headers: admin }).catch((e: any) => e.response)
      }
      const res = await upload(file)
      expect(res.status).toBe(201)
      const run = res.data.run
      // six incoming transfers (the outgoing payment is not read); three paid their order exactly
      expect(run).toMatchObject({ source: "bank_statement", provider_id: BANK, date: DAY, status: "completed", rows: 6, matched: 3, currency_code: "CNY" })
      expect(run.differences_by_type).toEqual({ bank_partial: 1, bank_overpaid: 1, bank_unmatched: 1 })
      expect(run.platform_total_minor).toBe(3 * 40900 + 20000 + 41000 + 40900)
      expect(run.store_total_minor).toBe(3 * 40900 + 20000 + 41000)
      for (const o of [exact, loose, typo, over]) expect((await lifecycle(o.order_id)).payment_status).toBe("confirmed")
      expect((await lifecycle(partial.order_id)).payment_status).toBe("pending")
      expect(await receipts(typo.order_id)).toEqual([expect.objectContaining({ bank_reference: "CMB0003", amount_minor: 40900 })])
      const history = (await lifecycle(typo.order_id)).history.find((x: any) => x.action === "bank_transfer_received")
      expect(history.reason).toContain(`reference corrected from "${typed}"`)
      const ds = await differences(run.id)
      expect(ds.find((x) => x.type === "bank_partial")).toMatchObject({ order_id: partial.order_id, delta_minor: 20000 - 40900 })
      expect(ds.find((x) => x.type === "bank_overpaid")).toMatchObject({ order_id: over.order_id, delta_minor: 100 })
      const unmatched = ds.find((x) => x.type === "bank_unmatched")
      expect(unmatched).toMatchObject({ order_id: null, delta_minor: 40900, platform: expect.objectContaining({ bank_transaction_id: "CMB0006", payer_name: "无名", reference_text: "茶叶款", amount_minor: 40900 }) })

      // the same file again: the same run, nothing recorded twice
      const again = await upload(file)
      expect(again.data.run).toMatchObject({ id: run.id, rows: 6, matched: 3, differences_by_type: run.differences_by_type })
      expect(await receipts(exact.order_id)).toHaveLength(1)
      expect(await receipts(partial.order_id)).toHaveLength(1)

      // the unmatched money belongs to the sixth order: assigned by hand, it becomes that order's receipt
      expect((await call("post", `${R}/differences/${unmatched.id}/resolve`, { action: "assign" })).data.message).toMatch(/order_id/)
      expect((await call("post", `${R}/differences/${unmatched.id}/resolve`, { action: "assign", order_id: "order_nope" })).status).toBe(400)
      expect((await call("get", `${R}/runs/${run.id}/differences?state=open`)).data.count).toBe(3)
      const assigned = await call("post", `${R}/differences/${unmatched.id}/resolve`, { action: "assign", order_id: later.order_id, note: "the buyer called: it was for this order" })
      expect(assigned.status).toBe(200)
      expect(assigned.data.difference).toMatchObject({ state: "assigned", order_id: later.order_id })
      expect((await lifecycle(later.order_id)).payment_status).toBe("confirmed")
      expect(await receipts(later.order_id)).toEqual([expect.objectContaining({ bank_reference: "CMB0006", amount_minor: 40900 })])
      expect((await call("post", `${R}/differences/${unmatched.id}/resolve`, { action: "assign", order_id: partial.order_id })).status).toBe(409)
      const partialDiff = ds.find((x) => x.type === "bank_partial")
      expect((await call("post", `${R}/differences/${partialDiff.id}/resolve`, { action: "assign", order_id: partial.order_id })).data.message).toMatch(/only unmatched bank transfers/)

      // a statement that cannot be read names the line and the column; a mapping missing a column is refused
      const broken = iconv.encode([...lines.slice(0, 3), `${DAY},,409.00,,王芳,${exact.reference}`].join("\r\n"), "gbk") as Buffer
      const refused = await upload(broken)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/line 4/)
      expect(refused.data.message).toMatch(/流水号/)
      expect((await upload(file, "bankprof_nope")).data.message).toMatch(/no bank profile/)
      const noRef = await call("post", `${R}/bank-profiles`, { name: "Other", mapping: { date: "Date", amount: "Amount", default_currency: "CNY", bank_transaction_id: "Id" } })
      expect(noRef.status).toBe(400)
      expect(noRef.data.message).toMatch(/reference/)
      expect((await call("post", `${R}/bank-profiles`, { name: "China Merchants Bank", mapping: profile.data.bank_profile.mapping })).status).toBe(409)
      expect((await call("get", `${R}/bank-profiles`)).data.bank_profiles.map((p: any) => p.name)).toEqual(["China Merchants Bank"])
    })

    it("bad requests get a 4xx with a message and change nothing; every route needs an admin", async () => {
      const runsBefore = (await call("get", `${R}/runs`)).data.count
      const bad = async (body: unknown, re: RegExp) => {
        const res = await call("post", `${R}/runs`, body)
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(re)
      }
      await bad({ provider_id: "pp_system_default", date: DAY }, /cannot be reconciled/)
      await bad({ provider_id: "pp_alipay_alipay", date: "2026-02-30" }, /YYYY-MM-DD/)
      await bad({ provider_id: "pp_alipay_alipay", date: TODAY }, /not over yet/)
      await bad({ provider_id: "pp_alipay_alipay" }, /date/)
      await bad({ provider_id: "pp_alipay_alipay", date: DAY, extra: 1 }, /extra|unrecognized/i)
      expect((await call("get", `${R}/runs`)).data.count).toBe(runsBefore)
      expect((await call("get", `${R}/runs/recrun_nope`)).status).toBe(404)
      expect((await call("post", `${R}/differences/recdiff_nope/resolve`, { action: "explained", note: "x" })).status).toBe(404)
      expect((await call("post", `${R}/differences/recdiff_nope/resolve`, { action: "refund" })).status).toBe(400)
      const providers = (await call("get", `${R}/providers`)).data
      expect(providers.providers.map((p: any) => p.provider_id)).toEqual(expect.arrayContaining(["pp_alipay_alipay", "pp_wechatpay_wechatpay"]))
      expect(providers.options).toEqual({ cron: "30 10 * * *", timezone: "Asia/Shanghai" })
      for (const url of [`${R}/runs`, `${R}/providers`, `${R}/bank-profiles`]) expect((await api.get(url).catch((e: any) => e.response)).status).toBe(401)
      expect((await api.post(`${R}/runs`, { provider_id: "pp_alipay_alipay", date: DAY }).catch((e: any) => e.response)).status).toBe(401)
    })
  },
})
