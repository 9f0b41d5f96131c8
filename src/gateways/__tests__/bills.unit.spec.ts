/**
 * Bill downloads against the platform simulators (real HTTP on 127.0.0.1, real signatures): Alipay's csv.zip of
 * GBK CSVs, WeChat Pay's gzip ALL bill checked against its SHA1, NOWPayments' payments list and BTCPay's invoice
 * list paged through. The CSV semantics are the parsers' business (modules/reconciliation/bills); here only the wire
 * format is asserted. The simulators are cross-checked with the official SDKs where one exists (alipay-sdk,
 * wechatpay-axios-plugin).
 */
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto"
import { gunzipSync } from "node:zlib"
import { AlipaySdk } from "alipay-sdk"
import { Wechatpay } from "wechatpay-axios-plugin"
import * as iconv from "iconv-lite"
import { AlipayApiError, AlipayClient, ALIPAY_BILL_METHOD } from "../alipay"
import { WechatPayApiError, WechatPayClient } from "../wechatpay"
import { NowPaymentsApiError, NowPaymentsClient, type NowPayment } from "../nowpayments"
import { BtcpayApiError, BtcpayClient, type BtcpayInvoice } from "../btcpay"
import { GatewayError } from "../http"
import { BillNotReadyError, NoBillError } from "../../modules/reconciliation/bills/types"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startAlipaySimulator } = require("../../../simulators/alipay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startWechatPaySimulator } = require("../../../simulators/wechatpay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startNowPaymentsSimulator } = require("../../../simulators/nowpayments")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startBtcpaySimulator } = require("../../../simulators/btcpay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const yauzl = require("yauzl")

jest.setTimeout(60_000)

const pem = (k: any, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }) as string
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 })
/** the Beijing (Asia/Shanghai) day `offset` days from now */
const beijingDay = (offset = 0) => new Date(Date.now() + offset * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10)
/** a Beijing wall-clock time on `day` as a Date */
const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`)

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error("expected a rejection")
}

type ZipEntry = { rawName: Buffer; flags: number; extraFields: unknown[]; data: Buffer }

/** Every entry of a ZIP read with yauzl, names left as raw bytes (decodeStrings: false). */
function readZip(buf: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, decodeStrings: false }, (err: Error | null, zip: any) => {
      if (err) return reject(err)
      const out: ZipEntry[] = []
      zip.on("error", reject)
      zip.on("end", () => resolve(out))
      zip.on("entry", (e: any) => {
        zip.openReadStream(e, (err2: Error | null, stream: any) => {
          if (err2) return reject(err2)
          const chunks: Buffer[] = []
          stream.on("data", (c: Buffer) => chunks.push(c))
          stream.on("error", reject)
          stream.on("end", () => {
            out.push({ rawName: e.fileName, flags: e.generalPurposeBitFlag, extraFields: e.extraFields, data: Buffer.concat(chunks) })
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

describe("Alipay trade bill (alipay.data.dataservice.bill.downloadurl.query → csv.zip)", () => {
  const app = rsa()
  const SELLER = "2088000000000001"
  const DAY = beijingDay(-2)
  let sim: any
  let clock: Date | null = null
  let client: AlipayClient

  beforeAll(async () => {
    sim = await startAlipaySimulator({ appId: "2021000000000001", sellerId: SELLER, appPublicKey: pem(app.publicKey, "spki") })
    client = new AlipayClient({ appId: "2021000000000001", privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: sim.alipayPublicKeyPem, gatewayUrl: sim.gatewayUrl, now: () => clock ?? new Date() })
    // two trades paid on DAY (Beijing), one partly refunded that day; one paid the day before (not in DAY's bill)
    for (const [no, minor, paid] of [["OMBILL0001", 1250, at(DAY, "10:15:00")], ["OMBILL0002", 9900, at(DAY, "23:59:30")], ["OMBILL0003", 700, at(beijingDay(-3), "23:59:59")]] as const) {
      expect((await client.precreate({ outTradeNo: no, amountMinor: minor, subject: "茶壶, teapot" })).code).toBe("10000")
      await sim.pay(no, { notify: false, at: paid })
    }
    expect((await client.refund({ outTradeNo: "OMBILL0001", amountMinor: 250, outRequestNo: "OMREF0001" })).code).toBe("10000")
    // the refund happened on DAY too
    sim.trades.get("OMBILL0001").refunds.get("OMREF0001").gmt = `${DAY} 16:00:00`
    // a trade at Alipay the store never recorded
    sim.billExtras.push({ kind: "trade", out_trade_no: "OMBILLX001", amount: "5.00", finished_at: `${DAY} 12:00:00` })
  })
  afterAll(() => sim.close())
  afterEach(() => {
    clock = null
    sim.billNotReady.clear()
    sim.faults.length = 0
    sim.billUrlTtlMs = 30_000
  })

  it("downloads the day's ZIP: two GBK entries without the UTF-8 flag, comment lines, 25 columns, trailing tabs, refunds negative", async () => {
    const zip = await client.downloadTradeBill(DAY)
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
    const entries = await readZip(zip)
    const stem = `${SELLER}0156_${DAY.replace(/-/g, "")}`
    expect(entries.map((e) => iconv.decode(e.rawName, "gbk"))).toEqual([`${stem}_业务明细.csv`, `${stem}_业务明细(汇总).csv`])
    for (const e of entries) {
      // GBK bytes, not UTF-8: general purpose bit 11 clear, no Info-ZIP Unicode Path field to fall back on
      expect(e.flags & 0x800).toBe(0)
      expect(e.extraFields).toEqual([])
      expect(e.rawName.equals(iconv.encode(iconv.decode(e.rawName, "gbk"), "gbk"))).toBe(true)
      expect(e.rawName.toString("utf8")).not.toContain("业务明细")
    }
    const detail = iconv.decode(entries[0].data, "gbk")
    expect(entries[0].data.includes(Buffer.from("业务明细", "utf8"))).toBe(false) // the bytes are GBK
    const lines = detail.split("\n")
    expect(lines.slice(0, 4)).toEqual([
      "#支付宝业务明细查询",
      `#账号：[${SELLER}0156]`,
      `#起始日期：[${DAY.slice(0, 4)}年${DAY.slice(5, 7)}月${DAY.slice(8, 10)}日 00:00:00]   终止日期：[${beijingDay(-1).slice(0, 4)}年${beijingDay(-1).slice(5, 7)}月${beijingDay(-1).slice(8, 10)}日 00:00:00]`,
      "#-----------------------------------------业务明细列表----------------------------------------",
    ])
    expect(lines[4]).toBe("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注")
    const rows = lines.slice(5, lines.indexOf("#-----------------------------------------业务明细列表结束------------------------------------")).map((l) => l.split(","))
    expect(rows).toHaveLength(4)
    for (const r of rows) expect(r).toHaveLength(25)
    const [a, x, refund, b] = rows
    const tradeA = sim.trades.get("OMBILL0001")
    // ID cells end with a TAB; the subject's comma is gone so the row keeps 25 cells
    expect(a.slice(0, 6)).toEqual([`${tradeA.trade_no}\t`, "OMBILL0001\t", "交易\t", "茶壶  teapot", tradeA.gmt_create, `${DAY} 10:15:00`])
    expect([a[11], a[12], a[21], a[22]]).toEqual(["12.50", "12.50", "\t", "-0.08"]) // 0.6% of 12.50 = 0.075 → 0.08
    expect([x[1], x[2], x[11], x[22]]).toEqual(["OMBILLX001\t", "交易\t", "5.00", "-0.03"])
    expect([refund[0], refund[1], refund[2], refund[5], refund[11], refund[12], refund[21], refund[22]]).toEqual([`${tradeA.trade_no}\t`, "OMBILL0001\t", "退款\t", `${DAY} 16:00:00`, "-2.50", "-2.50", "OMREF0001\t", "0.02"])
    expect([b[1], b[5], b[11], b[22]]).toEqual(["OMBILL0002\t", `${DAY} 23:59:30`, "99.00", "-0.59"])
    expect(detail).not.toContain("OMBILL0003")
    expect(lines.slice(-5, -2)).toEqual([
      "#-----------------------------------------业务明细列表结束------------------------------------",
      "#交易合计：3笔，商家实收共116.50元，商家优惠共0.00元",
      "#退款合计：1笔，商家实收退款共-2.50元，商家优惠退款共0.00元",
    ])
    expect(lines.at(-2)).toMatch(/^#导出时间：\[\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}:\d{2}\]$/)
    const summary = iconv.decode(entries[1].data, "gbk").split("\n")
    expect(summary[0]).toBe("#支付宝业务汇总查询")
    expect(summary).toContain("门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）")
    expect(summary).toContain("合计,,3,1,114.00,114.00,0.00,0.00,0.00,-0.68,0.00,113.32")
  })

  it("billOverride and billExtras craft rows: amount differs, missing at the platform, refunded only at the platform", async () => {
    sim.billOverride(DAY, (rows: any[]) => {
      const b = rows.find((r) => r.out_trade_no === "OMBILL0002")
      b.amount_cents = b.received_cents = 9800
      b.cells = { 备注: "amount differs" }
      return rows.filter((r) => !(r.out_trade_no === "OMBILL0001" && r.kind === "trade"))
    })
    sim.billExtras.push({ kind: "refund", out_trade_no: "OMBILL0002", amount_cents: 1000, out_request_no: "CONSOLE1", finished_at: `${DAY} 20:00:00` })
    try {
      const detail = iconv.decode((await readZip(await client.downloadTradeBill(DAY)))[0].data, "gbk")
      const rows = detail.split("\n").filter((l) => /^\d{20,}\t,/.test(l)).map((l) => l.split(","))
      expect(rows.map((r) => [r[1], r[2], r[11]])).toEqual([
        ["OMBILLX001\t", "交易\t", "5.00"],
        ["OMBILL0001\t", "退款\t", "-2.50"],
        ["OMBILL0002\t", "退款\t", "-10.00"],
        ["OMBILL0002\t", "交易\t", "98.00"],
      ])
      // a refund row of a trade Alipay holds repeats its trade number
      expect(rows[2][0]).toBe(`${sim.trades.get("OMBILL0002").trade_no}\t`)
      expect(rows[3][24]).toBe("amount differs")
    } finally {
      sim.billOverride(DAY, null)
      sim.billExtras.pop()
    }
  })

  it("the URL serves once and dies after 30 s (billUrlTtlMs); the answer is verified and the GET is plain", async () => {
    const answer = await client.execute(ALIPAY_BILL_METHOD, { bill_type: "trade", bill_date: DAY })
    expect(answer).toMatchObject({ code: "10000", msg: "Success" })
    const url = new URL(answer.bill_download_url)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ bizType: "trade", userId: `${SELLER}0156`, fileType: "csv.zip", bizDates: DAY.replace(/-/g, "") })
    const first = await fetch(url)
    expect(first.status).toBe(200)
    expect(first.headers.get("content-type")).toBe("application/oct-stream")
    expect((await readZip(Buffer.from(await first.arrayBuffer()))).length).toBe(2)
    expect((await fetch(url)).status).toBe(403)
    sim.billUrlTtlMs = 20
    const late = await client.execute(ALIPAY_BILL_METHOD, { bill_type: "trade", bill_date: DAY })
    await new Promise((r) => setTimeout(r, 60))
    expect((await fetch(late.bill_download_url)).status).toBe(403)
  })

  it("no trades that day → NoBillError (isp.bill_not_exist)", async () => {
    const e = await rejection(client.downloadTradeBill(beijingDay(-5)))
    expect(e).toBeInstanceOf(NoBillError)
    expect(e.message).toContain("isp.bill_not_exist")
  })

  it("not generated yet → BillNotReadyError: isp.bill_not_exist before 10:00 the next day, and today's date (参数不合法)", async () => {
    sim.billNotReady.add(DAY)
    clock = at(beijingDay(-1), "08:30:00")
    expect(await rejection(client.downloadTradeBill(DAY))).toBeInstanceOf(BillNotReadyError)
    clock = null
    // later the same answer means there is no bill
    expect(await rejection(client.downloadTradeBill(DAY))).toBeInstanceOf(NoBillError)
    sim.billNotReady.clear()
    const today = await rejection(client.downloadTradeBill(beijingDay(0)))
    expect(today).toBeInstanceOf(BillNotReadyError)
    expect(today.message).toContain("isv.invalid-arguments")
    // a clock a day ahead of Alipay's asks for Alipay's today: still not ready, not an error
    clock = new Date(Date.now() + 86400_000)
    expect(await rejection(client.downloadTradeBill(beijingDay(0)))).toBeInstanceOf(BillNotReadyError)
  })

  it("other refusals are AlipayApiError; an unsigned error_response and a non-ZIP download are GatewayError", async () => {
    const bad = await rejection(client.downloadTradeBill("2015-12-31"))
    expect(bad).toBeInstanceOf(AlipayApiError)
    expect(bad).toMatchObject({ code: "40004", subCode: "isv.invalid-arguments" })
    sim.fault({ method: ALIPAY_BILL_METHOD, answer: sim.fail("40004", "Business Failed", "isv.no-permission", "权限不足") })
    expect(await rejection(client.downloadTradeBill(DAY))).toMatchObject({ name: "AlipayApiError", subCode: "isv.no-permission" })
    sim.fault({ method: ALIPAY_BILL_METHOD, errorResponse: { code: "40002", msg: "Invalid Arguments", sub_code: "isv.missing-signature" } })
    expect(await rejection(client.downloadTradeBill(DAY))).toMatchObject({ name: "GatewayError", kind: "protocol", code: "isv.missing-signature" })
    // a link that expired before the GET: Alipay's error page, not a ZIP
    sim.billUrlTtlMs = 0
    const expired = await rejection(client.downloadTradeBill(DAY))
    expect(expired).toBeInstanceOf(GatewayError)
    expect(expired).toMatchObject({ kind: "protocol", status: 403 })
    await expect(client.downloadTradeBill("2024-02-30")).rejects.toThrow(TypeError)
  })

  it("alipay-sdk's exec gets the same signed answer (the simulator verifies its request, it verifies the answer)", async () => {
    const sdk = new AlipaySdk({ appId: "2021000000000001", privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: sim.alipayPublicKeyPem, gateway: sim.gatewayUrl, keyType: "PKCS8" } as any)
    const res: any = await sdk.exec(ALIPAY_BILL_METHOD, { bizContent: { bill_type: "trade", bill_date: DAY } }, { validateSign: true })
    expect(res).toMatchObject({ code: "10000", msg: "Success" })
    const zip = Buffer.from(await (await fetch(res.billDownloadUrl)).arrayBuffer())
    expect((await readZip(zip)).map((e) => iconv.decode(e.rawName, "gbk"))).toEqual([`${SELLER}0156_${DAY.replace(/-/g, "")}_业务明细.csv`, `${SELLER}0156_${DAY.replace(/-/g, "")}_业务明细(汇总).csv`])
    const missing: any = await sdk.exec(ALIPAY_BILL_METHOD, { bizContent: { bill_type: "trade", bill_date: beijingDay(-5) } }, { validateSign: true })
    expect(missing).toMatchObject({ code: "40004", subCode: "isp.bill_not_exist" })
  })
})

describe("WeChat Pay trade bill (GET /v3/bill/tradebill → signed download, gzip, SHA1)", () => {
  const merchant = rsa()
  const MCHID = "1900000109"
  const APPID = "wxd678efh567hg6787"
  const SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
  const DAY = beijingDay(-2)
  let sim: any
  let client: WechatPayClient

  beforeAll(async () => {
    sim = await startWechatPaySimulator({ mchid: MCHID, appid: APPID, merchantSerialNo: SERIAL, merchantPublicKey: pem(merchant.publicKey, "spki"), apiV3Key: randomBytes(16).toString("hex") })
    client = new WechatPayClient({ mchid: MCHID, appid: APPID, merchantSerialNo: SERIAL, privateKey: pem(merchant.privateKey, "pkcs8"), platformKeys: { [sim.serial]: sim.platformKeyPem }, requestSerial: sim.serial, apiV3Key: "x".repeat(32), baseUrl: sim.baseUrl })
    for (const [no, fen, paid] of [["OMWXBILL01", 600, at(DAY, "09:00:00")], ["OMWXBILL02", 10000, at(DAY, "11:30:00")], ["OMWXBILL03", 800, at(beijingDay(-1), "00:00:01")]] as const) {
      await client.native({ outTradeNo: no, amountFen: fen, description: "茶壶", notifyUrl: "https://shop.example.com/hooks/wechatpay" })
      await sim.pay(no, { notify: false, at: paid })
    }
    await client.refund({ outTradeNo: "OMWXBILL02", outRefundNo: "OMWXREF01", refundFen: 4500, totalFen: 10000 })
    sim.refunds.get("OMWXREF01").create_time = `${DAY}T15:00:00+08:00`
  })
  afterAll(() => sim.close())
  afterEach(() => {
    sim.billTamper = null
    sim.billNotReady.clear()
    sim.billUrlTtlMs = 30_000
    sim.faults.length = 0
  })

  it("downloads the ALL bill: gzip on the wire, SHA1 of the uncompressed bytes verified, backticks, 27 columns, summary last", async () => {
    const fetchSpy = jest.spyOn(globalThis, "fetch")
    const csv = await client.downloadTradeBill(DAY)
    const [apply, download] = fetchSpy.mock.calls.map(([u, init]) => ({ url: new URL(String(u)), init: init as any }))
    fetchSpy.mockRestore()
    // the apply asks for the gzip ALL bill; the download uses download_url verbatim, signed for its path + query
    expect(apply.url.pathname).toBe("/v3/bill/tradebill")
    expect(Object.fromEntries(apply.url.searchParams)).toEqual({ bill_date: DAY, bill_type: "ALL", tar_type: "GZIP" })
    expect(download.url.pathname).toBe("/v3/billdownload/file")
    expect(download.url.searchParams.get("tartype")).toBe("gzip")
    expect(download.init.headers.authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="\w+",signature="[^"]+",timestamp="\d+",serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1"$/)
    const lines = csv.toString("utf8").split("\n")
    expect(lines.at(-1)).toBe("")
    expect(lines[0]).toBe("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注")
    const rows = lines.slice(1, -3).map((l) => l.split(","))
    expect(rows).toHaveLength(3)
    for (const r of rows) {
      expect(r).toHaveLength(27)
      for (const cell of r) expect(cell.startsWith("`")).toBe(true)
    }
    const v = (r: string[]) => r.map((c) => c.slice(1))
    const [p1, p2, refund] = rows.map(v)
    const t2 = sim.trades.get("OMWXBILL02")
    expect([p1[0], p1[1], p1[2], p1[6], p1[9], p1[11], p1[12], p1[22], p1[23], p1[24]]).toEqual([`${DAY} 09:00:00`, APPID, MCHID, "OMWXBILL01", "SUCCESS", "CNY", "6.00", "0.04000", "0.60%", "6.00"])
    expect([p2[5], p2[6], p2[12], p2[22]]).toEqual([t2.transaction_id, "OMWXBILL02", "100.00", "0.60000"])
    const r = sim.refunds.get("OMWXREF01")
    expect([refund[0], refund[5], refund[6], refund[9], refund[12], refund[14], refund[15], refund[16], refund[18], refund[19], refund[22], refund[24], refund[25]])
      .toEqual([`${DAY} 15:00:00`, t2.transaction_id, "OMWXBILL02", "REFUND", "0.00", r.refund_id, "OMWXREF01", "45.00", "ORIGINAL", "SUCCESS", "-0.27000", "0.00", "45.00"])
    expect(csv.toString("utf8")).not.toContain("OMWXBILL03")
    expect(lines.slice(-3, -1)).toEqual(["总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额", "`3,`106.00,`45.00,`0.00,`0.37000,`106.00,`45.00"])
    expect(createHash("sha1").update(csv).digest("hex")).toBe(sim.bill(DAY).sha1)
    // and without compression the bytes are the same
    expect((await client.downloadTradeBill(DAY, { gzip: false })).equals(csv)).toBe(true)
  })

  it("a body that does not hash to hash_value is refused (GatewayError signature / hash_mismatch)", async () => {
    sim.billTamper = (b: Buffer) => Buffer.from(b.toString("utf8").replace("`100.00", "`10.00"))
    const e = await rejection(client.downloadTradeBill(DAY))
    expect(e).toBeInstanceOf(GatewayError)
    expect(e).toMatchObject({ kind: "signature", reason: "hash_mismatch" })
  })

  it("billExtras / billOverride: a payment only at WeChat, a REVOKED row, a changed amount", async () => {
    sim.billExtras.push({ kind: "payment", out_trade_no: "OMWXONLY01", total_fen: 1234, time: `${DAY} 18:00:00` }, { kind: "revoked", out_trade_no: "OMWXREVK01", total_fen: 500, time: `${DAY} 19:00:00` })
    sim.billOverride(DAY, (rows: any[]) => {
      rows.find((x) => x.out_trade_no === "OMWXBILL01" && x.kind === "payment").total_fen = 700
    })
    try {
      const rows = (await client.downloadTradeBill(DAY)).toString("utf8").split("\n").slice(1, -3).map((l) => l.split(",").map((c) => c.slice(1)))
      expect(rows.map((x) => [x[6], x[9], x[24]])).toEqual([["OMWXBILL01", "SUCCESS", "7.00"], ["OMWXBILL02", "SUCCESS", "100.00"], ["OMWXBILL02", "REFUND", "0.00"], ["OMWXONLY01", "SUCCESS", "12.34"], ["OMWXREVK01", "REVOKED", "5.00"]])
    } finally {
      sim.billExtras.length = 0
      sim.billOverride(DAY, null)
    }
  })

  it("NO_STATEMENT_EXIST → NoBillError; STATEMENT_CREATING (not ready, or today) → BillNotReadyError", async () => {
    expect(await rejection(client.downloadTradeBill(beijingDay(-5)))).toBeInstanceOf(NoBillError)
    sim.billNotReady.add(DAY)
    expect(await rejection(client.downloadTradeBill(DAY))).toBeInstanceOf(BillNotReadyError)
    expect(await rejection(client.downloadTradeBill(beijingDay(0)))).toBeInstanceOf(BillNotReadyError)
  })

  it("other refusals: more than three months back, a future day, an expired link → WechatPayApiError INVALID_REQUEST", async () => {
    expect(await rejection(client.downloadTradeBill(beijingDay(-100)))).toMatchObject({ name: "WechatPayApiError", status: 400, code: "INVALID_REQUEST" })
    expect(await rejection(client.downloadTradeBill(beijingDay(2)))).toMatchObject({ name: "WechatPayApiError", code: "INVALID_REQUEST" })
    sim.billUrlTtlMs = 0
    const expired = await rejection(client.downloadTradeBill(DAY))
    expect(expired).toBeInstanceOf(WechatPayApiError)
    expect(expired.message).toContain("下载链接过期")
    sim.fault({ operation: "tradebill", status: 403, code: "NO_AUTH", message: "权限异常" })
    expect(await rejection(client.downloadTradeBill(DAY))).toMatchObject({ name: "WechatPayApiError", status: 403, code: "NO_AUTH" })
  })

  it("the download must be signed, and its answer carries no Wechatpay-* signature (cross-checked with wechatpay-axios-plugin)", async () => {
    const wxpay = new Wechatpay({ mchid: MCHID, serial: SERIAL, privateKey: pem(merchant.privateKey, "pkcs8"), certs: { [sim.serial]: sim.platformKeyPem }, baseURL: `${sim.baseUrl}/` } as any)
    // the SDK verifies the apply answer's signature itself
    const applied: any = (await (wxpay as any).v3.bill.tradebill.get({ params: { bill_date: DAY, bill_type: "ALL", tar_type: "GZIP" } })).data
    expect(applied).toMatchObject({ hash_type: "SHA1", hash_value: expect.stringMatching(/^[0-9a-f]{40}$/) })
    const url = new URL(applied.download_url)
    expect(url.searchParams.get("tartype")).toBe("gzip")
    // unsigned: refused
    const unsigned = await fetch(url)
    expect(unsigned.status).toBe(401)
    const res: any = await (wxpay as any).v3.billdownload.file.get({ params: Object.fromEntries(url.searchParams), responseType: "arraybuffer" })
    const body = Buffer.from(res.data)
    expect(body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
    expect(res.headers["content-type"]).toBe("application/x-gzip")
    expect(res.headers["wechatpay-signature"]).toBeUndefined()
    const csv = gunzipSync(body)
    expect(createHash("sha1").update(csv).digest("hex")).toBe(applied.hash_value)
    expect(csv.equals(await client.downloadTradeBill(DAY))).toBe(true)
  })
})

describe("NOWPayments payments for a period (GET /v1/payment/ with x-api-key + Bearer JWT)", () => {
  const apiKey = randomBytes(12).toString("hex")
  const account = { email: "merchant@example.com", password: randomBytes(9).toString("base64") }
  let sim: any
  const T0 = Date.parse("2024-03-01T00:00:00.000Z")

  beforeAll(async () => {
    sim = await startNowPaymentsSimulator({ apiKey, ipnSecret: "s", ...account })
    // 1,203 payments three minutes apart (60 hours), a few re-deposits among them
    for (let i = 0; i < 1203; i++) {
      sim.addPayment({ price_amount: 10 + (i % 7), order_id: `OM${String(i).padStart(5, "0")}` }, {
        created_at: new Date(T0 + i * 180_000).toISOString(), updated_at: new Date(T0 + i * 180_000 + 60_000).toISOString(),
        payment_status: i % 10 === 0 ? "partially_paid" : "finished", ...(i % 100 === 5 ? { parent_payment_id: 5000000001, order_id: null } : {}),
      })
    }
  })
  afterAll(() => sim.close())
  afterEach(() => jest.restoreAllMocks())

  it("pages through limit=500 until pagesCount, oldest first, each payment once, with the fields reconciliation needs", async () => {
    const client = new NowPaymentsClient({ apiKey, baseUrl: sim.apiBase, ...account })
    const fetchSpy = jest.spyOn(globalThis, "fetch")
    const from = new Date("2024-03-01T06:00:00.000Z"), to = new Date("2024-03-03T06:00:00.000Z")
    const got: NowPayment[] = []
    for await (const p of client.listPaymentsForPeriod({ dateFrom: from, dateTo: to })) got.push(p)
    const expected = [...sim.payments.values()].filter((p: any) => Date.parse(p.created_at) >= from.getTime() && Date.parse(p.created_at) <= to.getTime())
    expect(expected.length).toBeGreaterThan(500)
    expect(got.map((p) => p.payment_id)).toEqual(expected.map((p: any) => p.payment_id))
    expect(new Set(got.map((p) => p.payment_id)).size).toBe(got.length)
    const pages = fetchSpy.mock.calls.map(([u]) => String(u)).filter((u) => u.includes("/payment/?"))
    expect(pages).toHaveLength(Math.ceil(expected.length / 500))
    expect(pages.map((u) => Object.fromEntries(new URL(u).searchParams))).toEqual(pages.map((_, i) => ({ limit: "500", page: String(i), sortBy: "created_at", orderBy: "asc", dateFrom: from.toISOString(), dateTo: to.toISOString() })))
    for (const [, init] of fetchSpy.mock.calls.filter(([u]) => String(u).includes("/payment/?"))) {
      expect((init as any).headers).toMatchObject({ "x-api-key": apiKey, authorization: expect.stringMatching(/^Bearer .+/) })
    }
    expect(got[0]).toMatchObject({ created_at: expect.any(String), updated_at: expect.any(String), order_id: expect.any(String), price_amount: expect.any(Number), price_currency: "usd", pay_amount: expect.any(String), actually_paid: 0, pay_currency: "usdttrc20", payment_status: expect.any(String) })
    expect(got.some((p) => p.parent_payment_id && p.order_id === null)).toBe(true)
    // smaller pages give the same payments
    const small: NowPayment[] = []
    for await (const p of client.listPaymentsForPeriod({ dateFrom: "2024-03-01", dateTo: "2024-03-01" }, { limit: 100 })) small.push(p)
    expect(small).toHaveLength(480)
  })

  it("a JWT that expires between two pages is renewed once and the listing goes on", async () => {
    const client = new NowPaymentsClient({ apiKey, baseUrl: sim.apiBase, ...account })
    const fetchSpy = jest.spyOn(globalThis, "fetch")
    const ids: string[] = []
    for await (const p of client.listPaymentsForPeriod({ dateFrom: "2024-03-01", dateTo: "2024-03-03" }, { limit: 200 })) {
      ids.push(String(p.payment_id))
      if (ids.length === 200) sim.expireTokens()
    }
    expect(ids).toHaveLength(1203)
    expect(new Set(ids).size).toBe(1203)
    const paths = fetchSpy.mock.calls.map(([u]) => new URL(String(u)).pathname)
    expect(paths.filter((x) => x === "/v1/auth")).toHaveLength(2)
  })

  it("needs the account login; a wrong one is a 401 NowPaymentsApiError; the list refuses limit > 500", async () => {
    const noLogin = new NowPaymentsClient({ apiKey, baseUrl: sim.apiBase })
    await expect(noLogin.listPaymentsForPeriod({ dateFrom: "2024-03-01", dateTo: "2024-03-02" })[Symbol.asyncIterator]().next()).rejects.toThrow(/email and password/)
    const wrong = new NowPaymentsClient({ apiKey, baseUrl: sim.apiBase, email: account.email, password: "nope" })
    const e = await rejection(wrong.listPaymentsForPeriod({ dateFrom: "2024-03-01", dateTo: "2024-03-02" })[Symbol.asyncIterator]().next())
    expect(e).toBeInstanceOf(NowPaymentsApiError)
    expect(e.status).toBe(401)
    const { token } = await (await fetch(`${sim.apiBase}/auth`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(account) })).json()
    const res = await fetch(`${sim.apiBase}/payment/?limit=501&page=0`, { headers: { "x-api-key": apiKey, authorization: `Bearer ${token}` } })
    expect(res.status).toBe(400)
    const unauth = await fetch(`${sim.apiBase}/payment/?limit=10&page=0`, { headers: { "x-api-key": apiKey } })
    expect(unauth.status).toBe(401)
  })
})

describe("BTCPay invoices for a period (Greenfield GET /stores/{id}/invoices, skip/take)", () => {
  const keys = { apiKey: randomBytes(20).toString("hex"), storeId: "8mTr3Qa1vC5SgHnYx2LpEw7dKbF4UjZ6oNq9", webhookSecret: "w" }
  let sim: any
  const T0 = 1_709_251_200 // 2024-03-01T00:00:00Z

  beforeAll(async () => {
    sim = await startBtcpaySimulator({ ...keys, webhookUrl: "http://127.0.0.1:9/hooks" })
    for (let i = 0; i < 250; i++) sim.addInvoice({ amount: `${10 + (i % 5)}.00`, metadata: { orderId: `OM${i}` } }, { createdTime: T0 + i * 600, status: i % 3 ? "Settled" : "Expired" })
  })
  afterAll(() => sim.close())
  afterEach(() => jest.restoreAllMocks())

  it("pages with skip/take until a short page, newest first, each invoice once", async () => {
    const client = new BtcpayClient({ baseUrl: sim.baseUrl, apiKey: keys.apiKey, storeId: keys.storeId })
    const fetchSpy = jest.spyOn(globalThis, "fetch")
    const startDate = T0 + 10 * 600, endDate = T0 + 239 * 600
    const got: BtcpayInvoice[] = []
    for await (const inv of client.listInvoicesForPeriod({ startDate, endDate }, { pageSize: 100 })) got.push(inv)
    expect(got).toHaveLength(230)
    expect(got.map((i) => i.metadata?.orderId)).toEqual(Array.from({ length: 230 }, (_, k) => `OM${239 - k}`))
    expect(got[0]).toMatchObject({ storeId: keys.storeId, amount: expect.any(String), currency: "USD", status: expect.any(String), createdTime: endDate })
    const calls = fetchSpy.mock.calls.map(([u]) => new URL(String(u)))
    expect(calls.map((u) => u.pathname)).toEqual(Array(3).fill(`/api/v1/stores/${keys.storeId}/invoices`))
    expect(calls.map((u) => [u.searchParams.get("skip"), u.searchParams.get("take"), u.searchParams.get("startDate"), u.searchParams.get("endDate")])).toEqual([["0", "100", `${startDate}`, `${endDate}`], ["100", "100", `${startDate}`, `${endDate}`], ["200", "100", `${startDate}`, `${endDate}`]])
    // an exact multiple of the page size ends with one empty page
    const all: BtcpayInvoice[] = []
    for await (const inv of client.listInvoicesForPeriod({ startDate: T0, endDate: T0 + 199 * 600 }, { pageSize: 50 })) all.push(inv)
    expect(all).toHaveLength(200)
  })

  it("a wrong key is a 401 BtcpayApiError; bad periods are refused before any call", async () => {
    const client = new BtcpayClient({ baseUrl: sim.baseUrl, apiKey: "wrong", storeId: keys.storeId })
    const e = await rejection(client.listInvoicesForPeriod({ startDate: T0, endDate: T0 + 3600 })[Symbol.asyncIterator]().next())
    expect(e).toBeInstanceOf(BtcpayApiError)
    expect(e.status).toBe(401)
    await expect(client.listInvoicesForPeriod({ startDate: 1.5, endDate: T0 })[Symbol.asyncIterator]().next()).rejects.toThrow(TypeError)
  })
})
