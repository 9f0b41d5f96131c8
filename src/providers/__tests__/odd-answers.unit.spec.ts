import { generateKeyPairSync, randomBytes } from "node:crypto"
import { MedusaError, serializeError } from "@medusajs/framework/utils"
import WechatPayProviderService from "../wechatpay/service"
import AlipayProviderService from "../alipay/service"
import { ChannelError, channelErrorOf, parseChannelTag, stripChannelTag } from "../shared/channel-error"

// Every platform answer classified: a definite one gives a report (or a close), anything else a retryable
// ChannelError (UNEXPECTED_STATE) with the platform's code. The simulators are the platforms (real HTTP on
// 127.0.0.1, real signatures), each made to give one odd answer at a time.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startAlipaySimulator } = require("../../../simulators/alipay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startWechatPaySimulator } = require("../../../simulators/wechatpay")

jest.setTimeout(60_000)

const pem = (k: any, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }) as string
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 })
const SESSION = (n: number) => `payses_01JABCDEFGHJKMNPQRSTVWX${String(n).padStart(3, "0")}`
const silent = { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() }

async function rejection(p: Promise<unknown>) {
  try {
    await p
  } catch (e) {
    return e as any
  }
  throw new Error("expected a rejection")
}

describe("WeChat Pay answers", () => {
  const merchant = rsa()
  const apiV3Key = randomBytes(16).toString("hex")
  let sim: any
  let provider: any
  let n = 0
  beforeAll(async () => {
    sim = await startWechatPaySimulator({ mchid: "1900000109", appid: "wxd678efh567hg6787", merchantSerialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", merchantPublicKey: pem(merchant.publicKey, "spki"), apiV3Key })
    provider = new (WechatPayProviderService as any)({ logger: silent }, {
      mchid: "1900000109", appid: "wxd678efh567hg6787", merchantSerialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", privateKey: pem(merchant.privateKey, "pkcs8"),
      platformKeys: { [sim.serial]: sim.platformKeyPem }, requestSerial: sim.serial, apiV3Key, baseUrl: sim.baseUrl,
      notifyUrl: "https://shop.example.com/hooks/order-management/wechatpay", timeoutMs: 500,
    })
  })
  afterAll(() => sim.close())
  afterEach(() => {
    sim.faults.length = 0
    sim.replaceMerchantKey()
    sim.useKey(Object.keys(provider.config.platformKeys)[0])
  })

  /** A real trade at the simulator (native order), as the provider's session data. */
  async function trade() {
    const session_id = SESSION(++n)
    const r = await provider.initiatePayment({ amount: 4.09, currency_code: "cny", data: { session_id, method: "native" } })
    return r.data as Record<string, any>
  }

  it("definite answers: NOTPAY, SUCCESS, CLOSED, and ORDER_NOT_EXIST for a trade never seen", async () => {
    const t = await trade()
    expect(await provider.queryReport(t)).toMatchObject({ status: "unpaid" })
    expect(await provider.queryReport({ ...t, out_trade_no: "OM01JABCDEFGHJKMNPQRSTVZZZZ9" })).toMatchObject({ status: "unpaid", out_trade_no: "OM01JABCDEFGHJKMNPQRSTVZZZZ9" })
    sim.trades.get(t.out_trade_no).state = "CLOSED"
    expect(await provider.queryReport(t)).toMatchObject({ status: "closed" })
    const paid = await trade()
    await sim.pay(paid.out_trade_no, { notify: false })
    expect(await provider.queryReport(paid)).toMatchObject({ status: "paid", amount_minor: 409 })
  })

  it.each([
    ["429 FREQUENCY_LIMITED", { status: 429, code: "FREQUENCY_LIMITED" }, { platform_code: "FREQUENCY_LIMITED", http_status: 429, failure: "platform_error" }],
    ["403 NO_AUTH", { status: 403, code: "NO_AUTH" }, { platform_code: "NO_AUTH", http_status: 403, failure: "platform_error" }],
    ["400 PARAM_ERROR", { status: 400, code: "PARAM_ERROR" }, { platform_code: "PARAM_ERROR", http_status: 400, failure: "platform_error" }],
    ["500 SYSTEM_ERROR", { status: 500, code: "SYSTEM_ERROR" }, { platform_code: "SYSTEM_ERROR", http_status: 500, failure: "server_error" }],
    ["no answer (timeout)", { hang: true }, { platform_code: null, http_status: null, failure: "timeout" }],
    ["an unsigned 502 page", { unsigned: true, status: 502 }, { platform_code: null, http_status: 502, failure: "server_error" }],
    ["USERPAYING", { trade_state: "USERPAYING" }, { platform_code: "USERPAYING", http_status: 200, failure: "not_definite" }],
    ["PAYERROR", { trade_state: "PAYERROR" }, { platform_code: "PAYERROR", http_status: 200, failure: "not_definite" }],
  ])("query answered %s: not definite, a retryable ChannelError with the code", async (_name, fault, expected) => {
    const t = await trade()
    sim.fault({ operation: "query", ...fault })
    const e = await rejection(provider.queryReport(t))
    expect(e).toBeInstanceOf(ChannelError)
    expect(e).toMatchObject({ type: MedusaError.Types.UNEXPECTED_STATE, channel: "wechatpay", operation: "query", retryable: true, out_trade_no: t.out_trade_no, ...expected })
  })

  it("query answered 401 SIGN_ERROR after the merchant key changed at WeChat: not definite", async () => {
    const t = await trade()
    sim.replaceMerchantKey(pem(rsa().publicKey, "spki"))
    expect(await rejection(provider.queryReport(t))).toMatchObject({ type: "unexpected_state", platform_code: "SIGN_ERROR", http_status: 401, retryable: true })
  })

  it("ORDER_NOT_EXIST for a trade WeChat reported paid before: not definite", async () => {
    const t = await trade()
    sim.fault({ operation: "query", status: 404, code: "ORDER_NOT_EXIST", message: "订单不存在" })
    const seen = { ...t, platform: { status: "paid", transaction_id: "4200000000000000000000000001" } }
    expect(await rejection(provider.queryReport(seen))).toMatchObject({ failure: "not_definite", platform_code: "ORDER_NOT_EXIST", retryable: true })
  })

  it("an answer signed under a serial platformKeys does not hold is not definite, names the serial, and verifies once the key is added", async () => {
    const t = await trade()
    const rotated = sim.rotateKey({ kind: "certificate" })
    expect(await rejection(provider.queryReport(t))).toMatchObject({ failure: "unverified_answer", key_serial: rotated.serial, retryable: true })
    provider.config.platformKeys[rotated.serial] = rotated.pem
    expect(await provider.queryReport(t)).toMatchObject({ status: "unpaid" })
    delete provider.config.platformKeys[rotated.serial]
  })

  it("close: 204, ORDER_CLOSED and ORDER_NOT_EXIST close; ORDERPAID refuses (definite); 429 or a timeout are not definite", async () => {
    const t1 = await trade()
    expect((await provider.cancelPayment({ data: t1 })).data).toMatchObject({ closed_at: expect.any(String) })
    expect(sim.trades.get(t1.out_trade_no).state).toBe("CLOSED")
    for (const code of ["ORDER_CLOSED", "ORDER_NOT_EXIST"]) {
      const t = await trade()
      sim.fault({ operation: "close", status: code === "ORDER_CLOSED" ? 400 : 404, code })
      expect((await provider.cancelPayment({ data: t })).data).toMatchObject({ closed_at: expect.any(String) })
    }
    const t2 = await trade()
    sim.fault({ operation: "close", status: 400, code: "ORDERPAID", message: "订单已支付" })
    expect(await rejection(provider.cancelPayment({ data: t2 }))).toMatchObject({ type: "not_allowed", failure: "refused", retryable: false, platform_code: "ORDERPAID" })
    const t3 = await trade()
    sim.fault({ operation: "close", status: 429, code: "FREQUENCY_LIMITED" })
    expect(await rejection(provider.cancelPayment({ data: t3 }))).toMatchObject({ type: "unexpected_state", operation: "close", platform_code: "FREQUENCY_LIMITED", retryable: true })
    const t4 = await trade()
    sim.fault({ operation: "close", hang: true })
    expect(await rejection(provider.cancelPayment({ data: t4 }))).toMatchObject({ type: "unexpected_state", operation: "close", failure: "timeout", retryable: true })
    expect(sim.trades.get(t4.out_trade_no).state).toBe("NOTPAY")
  })

  it("create: a business refusal is NOT_ALLOWED (a 4xx to the storefront); a rate limit is retryable", async () => {
    sim.fault({ operation: "native", status: 400, code: "PARAM_ERROR", message: "参数错误" })
    expect(await rejection(trade())).toMatchObject({ type: "not_allowed", operation: "create", failure: "refused", platform_code: "PARAM_ERROR", retryable: false })
    sim.fault({ operation: "native", status: 429, code: "FREQUENCY_LIMITED", message: "频率超限" })
    expect(await rejection(trade())).toMatchObject({ type: "unexpected_state", operation: "create", platform_code: "FREQUENCY_LIMITED", retryable: true })
  })

  it("each failure is logged once with its code and tag, never a secret", async () => {
    silent.warn.mockClear()
    const t = await trade()
    sim.fault({ operation: "query", status: 429, code: "FREQUENCY_LIMITED" })
    await rejection(provider.queryReport(t))
    expect(silent.warn).toHaveBeenCalledTimes(1)
    const line = String(silent.warn.mock.calls[0][0])
    expect(line).toContain("FREQUENCY_LIMITED")
    expect(line).toContain(`trade=${t.out_trade_no}`)
    expect(line).not.toContain(apiV3Key)
    expect(line).not.toContain(pem(merchant.privateKey, "pkcs8").split("\n")[1].slice(0, 16))
  })
})

describe("Alipay answers", () => {
  const app = rsa()
  let sim: any
  let provider: any
  let n = 500
  beforeAll(async () => {
    sim = await startAlipaySimulator({ appId: "2021000000000001", sellerId: "2088000000000001", appPublicKey: pem(app.publicKey, "spki") })
    provider = new (AlipayProviderService as any)({ logger: silent }, {
      appId: "2021000000000001", sellerId: "2088000000000001", privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: sim.alipayPublicKeyPem,
      gatewayUrl: sim.gatewayUrl, notifyUrl: "https://shop.example.com/hooks/order-management/alipay", timeoutMs: 500,
    })
  })
  afterAll(() => sim.close())
  afterEach(() => {
    sim.faults.length = 0
  })

  async function trade(scan = true) {
    const session_id = SESSION(++n)
    const r = await provider.initiatePayment({ amount: 4.09, currency_code: "cny", data: { session_id, method: "qr" } })
    if (scan) sim.scan(r.data.out_trade_no)
    return r.data as Record<string, any>
  }

  it("definite answers: WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED, and ACQ.TRADE_NOT_EXIST before a scan", async () => {
    const unscanned = await trade(false)
    expect(await provider.queryReport(unscanned)).toMatchObject({ status: "unpaid" })
    const t = await trade()
    expect(await provider.queryReport(t)).toMatchObject({ status: "unpaid", transaction_id: expect.any(String) })
    await sim.pay(t.out_trade_no, { notify: false })
    expect(await provider.queryReport(t)).toMatchObject({ status: "paid", amount_minor: 409 })
    const c = await trade()
    sim.trades.get(c.out_trade_no).status = "TRADE_CLOSED"
    expect(await provider.queryReport(c)).toMatchObject({ status: "closed" })
  })

  it.each([
    ["40004 ACQ.SYSTEM_ERROR", { answer: { code: "40004", msg: "Business Failed", sub_code: "ACQ.SYSTEM_ERROR", sub_msg: "系统错误" } }, { platform_code: "ACQ.SYSTEM_ERROR", failure: "platform_error", http_status: 200 }],
    ["20000 isp.unknow-error", { answer: { code: "20000", msg: "Service Currently Unavailable", sub_code: "isp.unknow-error", sub_msg: "系统繁忙" } }, { platform_code: "isp.unknow-error", failure: "platform_error" }],
    ["40002 isv.invalid-signature", { answer: { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" } }, { platform_code: "isv.invalid-signature", failure: "platform_error" }],
    ["an unsigned error_response", { errorResponse: { code: "20000", msg: "Service Currently Unavailable", sub_code: "isp.unknow-error" } }, { platform_code: "isp.unknow-error", failure: "platform_error" }],
    ["HTTP 502", { http: 502 }, { platform_code: null, http_status: 502, failure: "server_error" }],
    ["no answer (timeout)", { hang: true }, { platform_code: null, failure: "timeout" }],
    ["an unknown trade_status", { answer: { code: "10000", msg: "Success", out_trade_no: "x", trade_status: "TRADE_PENDING" } }, { platform_code: "TRADE_PENDING", failure: "not_definite" }],
  ])("query answered %s: not definite, a retryable ChannelError with the code", async (_name, fault, expected) => {
    const t = await trade()
    sim.fault({ method: "alipay.trade.query", ...fault })
    const e = await rejection(provider.queryReport(t))
    expect(e).toBeInstanceOf(ChannelError)
    expect(e).toMatchObject({ type: "unexpected_state", channel: "alipay", operation: "query", retryable: true, out_trade_no: t.out_trade_no, ...expected })
  })

  it("ACQ.TRADE_NOT_EXIST for a trade Alipay showed before: not definite for the query, and the close does not count it as closed", async () => {
    const t = await trade()
    const seen = { ...t, platform: await provider.queryReport(t) }
    const notExist = { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在" }
    sim.fault({ method: "alipay.trade.query", answer: notExist })
    expect(await rejection(provider.queryReport(seen))).toMatchObject({ failure: "not_definite", platform_code: "ACQ.TRADE_NOT_EXIST" })
    sim.fault({ method: "alipay.trade.close", answer: notExist })
    sim.fault({ method: "alipay.trade.query", answer: notExist })
    expect(await rejection(provider.cancelPayment({ data: seen }))).toMatchObject({ retryable: true, platform_code: "ACQ.TRADE_NOT_EXIST" })
    expect(sim.trades.get(t.out_trade_no).status).toBe("WAIT_BUYER_PAY")
  })

  it("close: 10000 closes; ACQ.SYSTEM_ERROR or a timeout on an open trade are not definite; a paid trade refuses (definite)", async () => {
    const t = await trade()
    expect((await provider.cancelPayment({ data: t })).data).toMatchObject({ closed_at: expect.any(String) })
    const t2 = await trade()
    sim.fault({ method: "alipay.trade.close", answer: { code: "40004", msg: "Business Failed", sub_code: "ACQ.SYSTEM_ERROR", sub_msg: "系统错误" } })
    expect(await rejection(provider.cancelPayment({ data: t2 }))).toMatchObject({ type: "unexpected_state", operation: "close", platform_code: "ACQ.SYSTEM_ERROR", retryable: true })
    const t3 = await trade()
    sim.fault({ method: "alipay.trade.close", hang: true })
    expect(await rejection(provider.cancelPayment({ data: t3 }))).toMatchObject({ operation: "close", failure: "timeout", retryable: true })
    const t4 = await trade()
    await sim.pay(t4.out_trade_no, { notify: false })
    expect(await rejection(provider.cancelPayment({ data: t4 }))).toMatchObject({ type: "not_allowed", failure: "refused", retryable: false })
  })
})

describe("channelErrorOf", () => {
  const make = () => new ChannelError("WeChat Pay query of OM1: answered HTTP 429 FREQUENCY_LIMITED", {
    channel: "wechatpay", operation: "query", failure: "platform_error", platform_code: "FREQUENCY_LIMITED", http_status: 429, retryable: true, out_trade_no: "OM01JABCDEFGHJKMNPQRSTVWX001",
  })
  const expected = { channel: "wechatpay", operation: "query", failure: "platform_error", platform_code: "FREQUENCY_LIMITED", http_status: 429, retryable: true, key_serial: null, out_trade_no: "OM01JABCDEFGHJKMNPQRSTVWX001" }

  it("reads the error, its serialized form, a wrapper holding it as cause, and a bare message", () => {
    const e = make()
    expect(e.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(channelErrorOf(e)).toMatchObject(expected)
    expect(channelErrorOf(serializeError(e))).toMatchObject(expected)
    expect(channelErrorOf(JSON.parse(JSON.stringify(serializeError(e))))).toMatchObject(expected)
    const wrapped = Object.assign(new MedusaError(MedusaError.Types.CONFLICT, "Cannot cancel this order"), { cause: e })
    expect(channelErrorOf(wrapped)).toMatchObject(expected)
    expect(channelErrorOf(new Error(`Cannot cancel this order: the payment platform refused to close its trade (${e.message}); the payment may have arrived`))).toMatchObject(expected)
    expect(channelErrorOf(e.message)).toMatchObject(expected)
    expect(channelErrorOf({ errors: [{ error: serializeError(e) }] })).toMatchObject(expected)
  })

  it("finds nothing in other errors", () => {
    expect(channelErrorOf(new Error("boom"))).toBeNull()
    expect(channelErrorOf(null)).toBeNull()
    expect(channelErrorOf("Session was not authorized")).toBeNull()
    expect(parseChannelTag("[channel x query]")).toBeNull()
  })

  it("a refusal is NOT_ALLOWED and not retryable; the tag carries the serial", () => {
    const e = new ChannelError("x", { channel: "wechatpay", operation: "query", failure: "unverified_answer", platform_code: null, http_status: 200, retryable: true, key_serial: "PUB_KEY_ID_0112345678901234567890123456789012" })
    expect(channelErrorOf(e.message)).toMatchObject({ key_serial: "PUB_KEY_ID_0112345678901234567890123456789012", platform_code: null, http_status: 200 })
    const r = new ChannelError("paid", { channel: "alipay", operation: "close", failure: "refused", platform_code: "ACQ.TRADE_STATUS_ERROR", http_status: 200, retryable: false })
    expect(r.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(channelErrorOf(r.message)).toMatchObject({ retryable: false, platform_code: "ACQ.TRADE_STATUS_ERROR" })
  })
})

describe("stripChannelTag", () => {
  it("leaves the words, drops the tag", () => {
    const e = new ChannelError("Alipay query of OM1 answered 20000 isp.unknow-error: 系统繁忙", { channel: "alipay", operation: "query", failure: "platform_error", platform_code: "isp.unknow-error", http_status: 200, retryable: true })
    expect(stripChannelTag(`Cannot cancel this order (${e.message}); the payment may have arrived`)).toBe("Cannot cancel this order (Alipay query of OM1 answered 20000 isp.unknow-error: 系统繁忙); the payment may have arrived")
  })
})
