/**
 * fetchBill (sources.ts) against the platform simulators on 127.0.0.1: the provider's own options (as medusa-config
 * gives them) reach the right client, the day is the platform's day (UTC for the crypto platforms, Beijing for Alipay
 * and WeChat Pay) and the listing comes out as BillRows. No Medusa app, no database.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto"
import { AlipayClient } from "../../../gateways/alipay"
import { WechatPayClient } from "../../../gateways/wechatpay/client"
import type { ConfiguredProvider } from "../../../api/utils/payment-channels"
import { BillNotReadyError, NoBillError, type BillRow } from "../../../modules/reconciliation/bills/types"
import { billTimezone, fetchBill } from "../sources"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startNowPaymentsSimulator } = require("../../../../simulators/nowpayments")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startBtcpaySimulator } = require("../../../../simulators/btcpay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startAlipaySimulator } = require("../../../../simulators/alipay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startWechatPaySimulator } = require("../../../../simulators/wechatpay")

jest.setTimeout(60_000)

async function collect(rows: AsyncIterable<BillRow>): Promise<BillRow[]> {
  const out: BillRow[] = []
  for await (const r of rows) out.push(r)
  return out
}

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error("expected a rejection")
}

const pem = (k: any, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }) as string
/** the Beijing (Asia/Shanghai) day `offset` days from now */
const beijingDay = (offset = 0) => new Date(Date.now() + offset * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10)
/** a Beijing wall-clock time on `day` as a Date */
const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`)

describe("fetchBill: NOWPayments (GET /v1/payment/ for the UTC day)", () => {
  const apiKey = randomBytes(12).toString("hex")
  const account = { email: "merchant@example.com", password: randomBytes(9).toString("base64") }
  const DAY = "2024-05-10"
  const BIG_DAY = "2024-06-01"
  let sim: any
  let provider: ConfiguredProvider
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    sim = await startNowPaymentsSimulator({ apiKey, ipnSecret: "s", ...account })
    provider = { provider_id: "pp_nowpayments_nowpayments", identifier: "nowpayments", id: "nowpayments", options: { apiKey, baseUrl: sim.apiBase, ...account } }
    const add = (name: string, b: Record<string, unknown>, extra: Record<string, unknown>) => {
      ids[name] = sim.addPayment(b, extra).payment_id
    }
    // the day before and after (UTC): not in DAY's bill
    add("before", { price_amount: 3, order_id: "OMNP-BEFORE" }, { created_at: "2024-05-09T23:59:59.999Z", updated_at: "2024-05-10T00:10:00.000Z", payment_status: "finished" })
    add("after", { price_amount: 4, order_id: "OMNP-AFTER" }, { created_at: "2024-05-11T00:00:01.000Z", updated_at: "2024-05-11T00:05:00.000Z", payment_status: "finished" })
    // DAY's payments
    add("first", { price_amount: 5, order_id: "OMNP-FIRST" }, { created_at: "2024-05-10T00:00:00.000Z", updated_at: "2024-05-10T00:20:00.000Z", payment_status: "finished" })
    add("finished", { price_amount: 12.5, order_id: "OMNP-A" }, {
      created_at: "2024-05-10T08:00:00.000Z", updated_at: "2024-05-10T08:30:00.000Z", payment_status: "finished", actually_paid_at_fiat: 12.5,
      fee: { currency: "usd", depositFee: 0.06, serviceFee: 0.07 },
    })
    add("partial", { price_amount: 20, order_id: "OMNP-B" }, { created_at: "2024-05-10T09:00:00.000Z", updated_at: "2024-05-10T09:40:00.000Z", payment_status: "partially_paid" })
    add("expired", { price_amount: 7.99, order_id: "OMNP-C" }, { created_at: "2024-05-10T10:00:00.000Z", updated_at: "2024-05-10T11:00:00.000Z", payment_status: "expired" })
    add("waiting", { price_amount: 9, order_id: "OMNP-D" }, { created_at: "2024-05-10T11:00:00.000Z", updated_at: "2024-05-10T11:00:00.000Z", payment_status: "waiting" })
    // a re-deposit to OMNP-A's address: a payment of its own, linked by parent_payment_id, order_id null
    add("redeposit", { price_amount: 2.5, order_id: null }, { created_at: "2024-05-10T20:00:00.000Z", updated_at: "2024-05-10T20:15:00.000Z", payment_status: "finished", parent_payment_id: Number(ids.finished) })
    add("refunded", { price_amount: 30, price_currency: "cny", order_id: "OMNP-E" }, { created_at: "2024-05-10T22:00:00.000Z", updated_at: "2024-05-10T23:00:00.000Z", payment_status: "refunded" })
    add("last", { price_amount: 6, order_id: "OMNP-LAST" }, { created_at: "2024-05-10T23:59:59.999Z", updated_at: "2024-05-11T00:03:00.000Z", payment_status: "finished" })
    // BIG_DAY: 1,203 payments a minute apart, 20 hours; and some on the days around it
    const T0 = Date.parse(`${BIG_DAY}T00:00:00.000Z`)
    for (let i = 0; i < 1203; i++) {
      sim.addPayment({ price_amount: 10 + (i % 7), order_id: `OMBIG${String(i).padStart(5, "0")}` }, { created_at: new Date(T0 + i * 60_000).toISOString(), payment_status: i % 10 === 0 ? "partially_paid" : "finished" })
    }
    for (const t of ["2024-05-31T23:59:00.000Z", "2024-06-02T00:00:30.000Z"]) sim.addPayment({ price_amount: 1, order_id: "OMBIG-OUT" }, { created_at: t, payment_status: "finished" })
  })
  afterAll(() => sim.close())
  afterEach(() => jest.restoreAllMocks())

  it("the bill day is UTC", () => {
    expect(billTimezone(provider)).toBe("UTC")
  })

  it("only the day's payments (UTC) come out, in the listing's order, with status, amount, currency and order id", async () => {
    const bill = await fetchBill(provider, DAY)
    const rows = await collect(bill.rows)
    expect(bill.summary()).toBeNull()
    const orders = rows.map((r) => r.out_trade_no)
    expect(orders).not.toContain("OMNP-BEFORE")
    expect(orders).not.toContain("OMNP-AFTER")
    expect(rows.map((r) => [r.platform_trade_no, r.kind, r.status, r.out_trade_no, r.amount_minor, r.currency])).toEqual([
      [ids.first, "payment", "paid", "OMNP-FIRST", 500, "USD"],
      [ids.finished, "payment", "paid", "OMNP-A", 1250, "USD"],
      [ids.partial, "payment", "partially_paid", "OMNP-B", 2000, "USD"],
      [ids.expired, "payment", "closed", "OMNP-C", 799, "USD"],
      [ids.waiting, "payment", "pending", "OMNP-D", 900, "USD"],
      [ids.redeposit, "payment", "paid", null, 250, "USD"],
      [ids.refunded, "payment", "paid", "OMNP-E", 3000, "CNY"],
      [ids.refunded, "refund", "refunded", "OMNP-E", 3000, "CNY"],
      [ids.last, "payment", "paid", "OMNP-LAST", 600, "USD"],
    ])
    // line: the position in the listing (both rows of a refunded payment share it)
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 7, 8])
  })

  it("a finished payment carries its fee (in the price currency), the amount received and its update time; others have none", async () => {
    const rows = await collect((await fetchBill(provider, DAY)).rows)
    const a = rows.find((r) => r.platform_trade_no === ids.finished)!
    expect(a).toMatchObject({ fee_minor: 13, received_minor: 1250, occurred_at: "2024-05-10T08:30:00.000Z", parent_trade_no: null, refund_no: null, out_refund_no: null })
    expect(a.raw).toMatchObject({ payment_id: ids.finished, payment_status: "finished", order_id: "OMNP-A" })
    const b = rows.find((r) => r.platform_trade_no === ids.partial)!
    expect(b).toMatchObject({ fee_minor: null, received_minor: null, occurred_at: "2024-05-10T09:40:00.000Z" })
  })

  it("a re-deposit is its own paid row, linked to the first payment by parent_payment_id", async () => {
    const rows = await collect((await fetchBill(provider, DAY)).rows)
    const re = rows.filter((r) => r.parent_trade_no)
    expect(re).toHaveLength(1)
    expect(re[0]).toMatchObject({ platform_trade_no: ids.redeposit, parent_trade_no: ids.finished, status: "paid", amount_minor: 250, out_trade_no: null })
  })

  it("the day before has its own last payment only (not the next midnight's); the day after has its own payments only", async () => {
    const before = await collect((await fetchBill(provider, "2024-05-09")).rows)
    // the payment made at 05-10 00:00:00.000 UTC belongs to 05-10 only (NOWPayments' dateTo is inclusive)
    expect(before.map((r) => [r.platform_trade_no, r.out_trade_no, r.amount_minor])).toEqual([[ids.before, "OMNP-BEFORE", 300]])
    const after = await collect((await fetchBill(provider, "2024-05-11")).rows)
    expect(after.map((r) => [r.platform_trade_no, r.out_trade_no, r.amount_minor])).toEqual([[ids.after, "OMNP-AFTER", 400]])
    expect(await collect((await fetchBill(provider, "2024-05-12")).rows)).toEqual([])
  })

  it("more than 500 payments in a day are paged through (limit 500), each once, none of the days around", async () => {
    const fetchSpy = jest.spyOn(globalThis, "fetch")
    const rows = await collect((await fetchBill(provider, BIG_DAY)).rows)
    expect(rows).toHaveLength(1203)
    expect(new Set(rows.map((r) => r.platform_trade_no)).size).toBe(1203)
    expect(rows.map((r) => r.out_trade_no)).toEqual(Array.from({ length: 1203 }, (_, i) => `OMBIG${String(i).padStart(5, "0")}`))
    expect(rows.filter((r) => r.status === "partially_paid")).toHaveLength(121)
    expect(rows.reduce((s, r) => s + r.amount_minor, 0)).toBe(Array.from({ length: 1203 }, (_, i) => (10 + (i % 7)) * 100).reduce((a, b) => a + b, 0))
    const pages = fetchSpy.mock.calls.map(([u]) => new URL(String(u))).filter((u) => u.pathname === "/v1/payment/")
    expect(pages.map((u) => [u.searchParams.get("limit"), u.searchParams.get("page")])).toEqual([["500", "0"], ["500", "1"], ["500", "2"]])
    expect(pages.every((u) => u.searchParams.get("dateFrom") === `${BIG_DAY}T00:00:00.000Z`)).toBe(true)
  })

  it("without the account's email and password the listing fails with a clear error", async () => {
    for (const options of [{ apiKey, baseUrl: sim.apiBase }, { apiKey, baseUrl: sim.apiBase, email: "", password: "" }, { apiKey, baseUrl: sim.apiBase, email: account.email }]) {
      const bill = await fetchBill({ ...provider, options }, DAY)
      const e = await rejection(collect(bill.rows))
      expect(e).toBeInstanceOf(Error)
      expect(e.message).toMatch(/email and password/)
    }
  })

  it("a wrong password is the platform's 401, not an empty bill", async () => {
    const bill = await fetchBill({ ...provider, options: { ...provider.options, password: "nope" } }, DAY)
    expect(await rejection(collect(bill.rows))).toMatchObject({ name: "NowPaymentsApiError", status: 401 })
  })
})

describe("fetchBill: BTCPay Server (Greenfield invoices of the UTC day)", () => {
  const keys = { apiKey: randomBytes(20).toString("hex"), storeId: "8mTr3Qa1vC5SgHnYx2LpEw7dKbF4UjZ6oNq9", webhookSecret: "w" }
  const DAY = "2024-05-10"
  const T = Date.parse(`${DAY}T00:00:00Z`) / 1000
  let sim: any
  let provider: ConfiguredProvider
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    sim = await startBtcpaySimulator({ ...keys, webhookUrl: "http://127.0.0.1:9/hooks" })
    provider = { provider_id: "pp_btcpay_btcpay", identifier: "btcpay", id: "btcpay", options: { baseUrl: sim.baseUrl, apiKey: keys.apiKey, storeId: keys.storeId } }
    const add = (name: string, amount: string, orderId: string, extra: Record<string, unknown>, currency = "USD") => {
      ids[name] = sim.addInvoice({ amount, currency, metadata: { orderId } }, extra).id
    }
    add("before", "3.00", "OMBT-BEFORE", { createdTime: T - 1, status: "Settled" })
    add("first", "5.00", "OMBT-FIRST", { createdTime: T, status: "Settled" })
    add("settled", "12.50", "OMBT-1", { createdTime: T + 3600, status: "Settled", paidAmount: "12.50" })
    add("expired", "7.99", "OMBT-2", { createdTime: T + 7200, status: "Expired" })
    add("processing", "20.00", "OMBT-3", { createdTime: T + 10800, status: "Processing", paidAmount: "20.00" })
    add("invalid", "9.00", "OMBT-4", { createdTime: T + 14400, status: "Invalid" })
    add("partial", "40.00", "OMBT-5", { createdTime: T + 18000, status: "Expired", additionalStatus: "PaidPartial", paidAmount: "10.00" })
    add("late", "15.00", "OMBT-6", { createdTime: T + 21600, status: "Expired", additionalStatus: "PaidLate", paidAmount: "15.00" })
    add("new", "8.00", "OMBT-7", { createdTime: T + 25200, status: "New" })
    add("cny", "88.00", "OMBT-8", { createdTime: T + 28800, status: "Settled" }, "CNY")
    add("last", "6.00", "OMBT-LAST", { createdTime: T + 86399, status: "Settled" })
    add("after", "4.00", "OMBT-AFTER", { createdTime: T + 86400, status: "Settled" })
  })
  afterAll(() => sim.close())
  afterEach(() => jest.restoreAllMocks())

  it("the day's invoices (first to last second), statuses mapped, the days around excluded", async () => {
    const fetchSpy = jest.spyOn(globalThis, "fetch")
    const bill = await fetchBill(provider, DAY)
    const rows = await collect(bill.rows)
    expect(bill.summary()).toBeNull()
    const byOrder = Object.fromEntries(rows.map((r) => [r.out_trade_no, r]))
    expect(Object.keys(byOrder).sort()).toEqual(["OMBT-1", "OMBT-2", "OMBT-3", "OMBT-4", "OMBT-5", "OMBT-6", "OMBT-7", "OMBT-8", "OMBT-FIRST", "OMBT-LAST"])
    expect(rows).toHaveLength(10)
    const view = (o: string) => [byOrder[o].platform_trade_no, byOrder[o].kind, byOrder[o].status, byOrder[o].amount_minor, byOrder[o].currency]
    expect(view("OMBT-1")).toEqual([ids.settled, "payment", "paid", 1250, "USD"])
    expect(view("OMBT-2")).toEqual([ids.expired, "payment", "closed", 799, "USD"])
    expect(view("OMBT-3")).toEqual([ids.processing, "payment", "pending", 2000, "USD"])
    expect(view("OMBT-4")).toEqual([ids.invalid, "payment", "failed", 900, "USD"])
    expect(view("OMBT-5")).toEqual([ids.partial, "payment", "partially_paid", 4000, "USD"])
    expect(view("OMBT-6")).toEqual([ids.late, "payment", "paid", 1500, "USD"])
    expect(view("OMBT-7")).toEqual([ids.new, "payment", "pending", 800, "USD"])
    expect(view("OMBT-8")).toEqual([ids.cny, "payment", "paid", 8800, "CNY"])
    expect(view("OMBT-FIRST")).toEqual([ids.first, "payment", "paid", 500, "USD"])
    expect(view("OMBT-LAST")).toEqual([ids.last, "payment", "paid", 600, "USD"])
    expect(byOrder["OMBT-1"]).toMatchObject({ received_minor: 1250, fee_minor: null, occurred_at: new Date((T + 3600) * 1000).toISOString() })
    expect(byOrder["OMBT-5"].received_minor).toBe(1000)
    // newest first, as the API lists them; line = position
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(rows[0].out_trade_no).toBe("OMBT-LAST")
    expect(rows[9].out_trade_no).toBe("OMBT-FIRST")
    // the period asked: unix seconds, the day's first to its last second
    const calls = fetchSpy.mock.calls.map(([u]) => new URL(String(u))).filter((u) => u.pathname.endsWith("/invoices"))
    expect(calls[0].searchParams.get("startDate")).toBe(String(T))
    expect(calls[0].searchParams.get("endDate")).toBe(String(T + 86399))
  })

  it("the day before and the day after have their own invoices only", async () => {
    const before = await collect((await fetchBill(provider, "2024-05-09")).rows)
    expect(before.map((r) => [r.platform_trade_no, r.out_trade_no, r.status])).toEqual([[ids.before, "OMBT-BEFORE", "paid"]])
    const after = await collect((await fetchBill(provider, "2024-05-11")).rows)
    expect(after.map((r) => [r.platform_trade_no, r.out_trade_no, r.status])).toEqual([[ids.after, "OMBT-AFTER", "paid"]])
  })

  it("more invoices than a page are paged through, each once", async () => {
    const DAY2 = "2024-07-01"
    const T2 = Date.parse(`${DAY2}T00:00:00Z`) / 1000
    for (let i = 0; i < 230; i++) sim.addInvoice({ amount: `${10 + (i % 5)}.00`, metadata: { orderId: `OMBTP${i}` } }, { createdTime: T2 + i * 300, status: i % 3 ? "Settled" : "Expired" })
    const rows = await collect((await fetchBill(provider, DAY2)).rows)
    expect(rows).toHaveLength(230)
    expect(new Set(rows.map((r) => r.platform_trade_no)).size).toBe(230)
    expect(rows.filter((r) => r.status === "closed")).toHaveLength(77)
    expect(rows.filter((r) => r.status === "paid")).toHaveLength(153)
  })

  it("a wrong API key is the platform's 401", async () => {
    const bill = await fetchBill({ ...provider, options: { ...provider.options, apiKey: "wrong" } }, DAY)
    expect(await rejection(collect(bill.rows))).toMatchObject({ name: "BtcpayApiError", status: 401 })
  })
})

describe("fetchBill: Alipay (the day's csv.zip, Beijing time)", () => {
  const app = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const APP_ID = "2021000000000001"
  const SELLER = "2088000000000001"
  const DAY = beijingDay(-2)
  let sim: any
  let provider: ConfiguredProvider
  let tradeNo: string

  beforeAll(async () => {
    sim = await startAlipaySimulator({ appId: APP_ID, sellerId: SELLER, appPublicKey: pem(app.publicKey, "spki") })
    const options = { appId: APP_ID, privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: sim.alipayPublicKeyPem, sellerId: SELLER, gatewayUrl: sim.gatewayUrl }
    provider = { provider_id: "pp_alipay_alipay", identifier: "alipay", id: "alipay", options }
    const client = new AlipayClient(options)
    // one trade paid on DAY (Beijing); one paid the day before (not in DAY's bill)
    for (const [no, minor, paid] of [["OMSRCALI01", 1250, at(DAY, "10:15:00")], ["OMSRCALI02", 700, at(beijingDay(-3), "23:59:59")]] as const) {
      expect((await client.precreate({ outTradeNo: no, amountMinor: minor, subject: "茶壶" })).code).toBe("10000")
      await sim.pay(no, { notify: false, at: paid })
    }
    tradeNo = sim.trades.get("OMSRCALI01").trade_no
  })
  afterAll(() => sim.close())
  afterEach(() => sim.billNotReady.clear())

  it("the bill day is Asia/Shanghai", () => {
    expect(billTimezone(provider)).toBe("Asia/Shanghai")
  })

  it("a day with one paid trade: one paid BillRow with its trade numbers and amount, then the summary", async () => {
    const bill = await fetchBill(provider, DAY)
    const rows = await collect(bill.rows)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: "payment", status: "paid", out_trade_no: "OMSRCALI01", platform_trade_no: tradeNo, amount_minor: 1250, received_minor: 1250, currency: "CNY", fee_minor: 8 })
    expect(rows[0].occurred_at).toBe(at(DAY, "10:15:00").toISOString())
    expect(bill.summary()).toMatchObject({ payment_count: 1, refund_count: 0, payment_received_total_minor: 1250, fee_total_minor: 8 })
  })

  it("the trade paid the day before is in that day's bill only", async () => {
    const rows = await collect((await fetchBill(provider, beijingDay(-3))).rows)
    expect(rows.map((r) => [r.out_trade_no, r.status, r.amount_minor])).toEqual([["OMSRCALI02", "paid", 700]])
  })

  it("a day without trades: NoBillError (executeRun makes it an empty bill)", async () => {
    const e = await rejection(fetchBill(provider, beijingDay(-5)))
    expect(e).toBeInstanceOf(NoBillError)
    expect(e).not.toBeInstanceOf(BillNotReadyError)
  })

  it("not generated yet: BillNotReadyError (today, or isp.bill_not_exist before 10:00 the next day)", async () => {
    expect(await rejection(fetchBill(provider, beijingDay(0)))).toBeInstanceOf(BillNotReadyError)
    sim.billNotReady.add(DAY)
    const early = { ...provider, options: { ...provider.options, now: () => at(beijingDay(-1), "08:30:00") } }
    expect(await rejection(fetchBill(early, DAY))).toBeInstanceOf(BillNotReadyError)
  })
})

describe("fetchBill: WeChat Pay (the day's ALL bill, Beijing time)", () => {
  const merchant = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const MCHID = "1900000109"
  const APPID = "wxd678efh567hg6787"
  const SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
  const DAY = beijingDay(-2)
  let sim: any
  let provider: ConfiguredProvider
  let transactionId: string

  beforeAll(async () => {
    const apiV3Key = randomBytes(16).toString("hex")
    sim = await startWechatPaySimulator({ mchid: MCHID, appid: APPID, merchantSerialNo: SERIAL, merchantPublicKey: pem(merchant.publicKey, "spki"), apiV3Key })
    const options = { mchid: MCHID, appid: APPID, merchantSerialNo: SERIAL, privateKey: pem(merchant.privateKey, "pkcs8"), platformKeys: { [sim.serial]: sim.platformKeyPem }, requestSerial: sim.serial, apiV3Key, baseUrl: sim.baseUrl }
    provider = { provider_id: "pp_wechatpay_wechatpay", identifier: "wechatpay", id: "wechatpay", options }
    const client = new WechatPayClient(options)
    for (const [no, fen, paid] of [["OMSRCWX01", 600, at(DAY, "09:00:00")], ["OMSRCWX02", 800, at(beijingDay(-1), "00:00:01")]] as const) {
      await client.native({ outTradeNo: no, amountFen: fen, description: "茶壶", notifyUrl: "https://shop.example.com/hooks/wechatpay" })
      await sim.pay(no, { notify: false, at: paid })
    }
    transactionId = sim.trades.get("OMSRCWX01").transaction_id
  })
  afterAll(() => sim.close())
  afterEach(() => sim.billNotReady.clear())

  it("the bill day is Asia/Shanghai", () => {
    expect(billTimezone(provider)).toBe("Asia/Shanghai")
  })

  it("a day with one paid trade: one paid BillRow with its trade numbers and amount, then the summary", async () => {
    const bill = await fetchBill(provider, DAY)
    const rows = await collect(bill.rows)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: "payment", status: "paid", out_trade_no: "OMSRCWX01", platform_trade_no: transactionId, amount_minor: 600, currency: "CNY", fee_minor: 4 })
    expect(bill.summary()).toMatchObject({ row_count: 1, payment_total_minor: 600, payment_received_total_minor: 600, refund_received_total_minor: 0, fee_total_minor: 4 })
  })

  it("the trade paid just after midnight Beijing is in the next day's bill", async () => {
    const rows = await collect((await fetchBill(provider, beijingDay(-1))).rows)
    expect(rows.map((r) => [r.out_trade_no, r.status, r.amount_minor])).toEqual([["OMSRCWX02", "paid", 800]])
  })

  it("a day without trades: NoBillError (executeRun makes it an empty bill)", async () => {
    const e = await rejection(fetchBill(provider, beijingDay(-5)))
    expect(e).toBeInstanceOf(NoBillError)
  })

  it("not generated yet (STATEMENT_CREATING, or today): BillNotReadyError", async () => {
    sim.billNotReady.add(DAY)
    expect(await rejection(fetchBill(provider, DAY))).toBeInstanceOf(BillNotReadyError)
    sim.billNotReady.clear()
    expect(await rejection(fetchBill(provider, beijingDay(0)))).toBeInstanceOf(BillNotReadyError)
  })
})

describe("fetchBill: other providers", () => {
  it("a provider without a bill API is refused, naming it", async () => {
    const e = await rejection(fetchBill({ provider_id: "pp_bank-transfer_bank-transfer", identifier: "bank-transfer", id: "bank-transfer", options: {} }, "2024-05-10"))
    expect(e.message).toContain("pp_bank-transfer_bank-transfer has no bill to fetch")
  })
})
