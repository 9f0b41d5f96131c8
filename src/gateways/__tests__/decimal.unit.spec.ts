import { decimalToMinor, minorToDecimal } from "../decimal"
import { sessionIdForTradeNumber, tradeNumberForSession } from "../../providers/shared/trade-number"
import { beijingTimestamp, parseBeijingTimestamp } from "../alipay"
import { rfc3339Beijing } from "../wechatpay"

describe("wire amounts and numbers", () => {
  it("minor units ↔ 2-decimal strings exactly", () => {
    expect([minorToDecimal(1), minorToDecimal(1250), minorToDecimal(40900), minorToDecimal(0)]).toEqual(["0.01", "12.50", "409.00", "0.00"])
    expect([decimalToMinor("12.5"), decimalToMinor("12.50"), decimalToMinor("0.01"), decimalToMinor("409")]).toEqual([1250, 1250, 1, 40900])
    expect([decimalToMinor("12.505"), decimalToMinor("-1"), decimalToMinor("1e3"), decimalToMinor(""), decimalToMinor(null)]).toEqual([null, null, null, null, null])
    expect(() => minorToDecimal(1.5)).toThrow()
  })

  it("the gateway order number fits WeChat (6-32) and maps back to the session", () => {
    const id = "payses_01JDZ7W4S3N2QK8V5XH6G9BRTE"
    const no = tradeNumberForSession(id)
    expect(no).toMatch(/^[0-9A-Za-z_\-|*]{6,32}$/)
    expect(sessionIdForTradeNumber(no)).toBe(id)
    expect(sessionIdForTradeNumber(tradeNumberForSession(id, 3))).toBe(id)
    expect(tradeNumberForSession(id, 3).length).toBeLessThanOrEqual(32)
    expect(sessionIdForTradeNumber("ORDER123")).toBeNull()
    expect(() => tradeNumberForSession("cart_123")).toThrow()
  })

  it("Beijing timestamps", () => {
    const d = new Date("2026-11-22T16:30:05Z")
    expect(beijingTimestamp(d)).toBe("2026-11-23 00:30:05")
    expect(parseBeijingTimestamp("2026-11-23 00:30:05")!.toISOString()).toBe("2026-11-22T16:30:05.000Z")
    expect(rfc3339Beijing(d)).toBe("2026-11-23T00:30:05+08:00")
  })
})

describe("Alipay certificate mode and page pay", () => {
  const { execFileSync } = require("node:child_process")
  const { mkdtempSync, readFileSync } = require("node:fs")
  const { tmpdir } = require("node:os")
  const path = require("node:path")
  const { generateKeyPairSync, createPublicKey } = require("node:crypto")
  const { AlipayClient, certSn, rsa2Sign, requestSignContent, rsa2Verify } = require("../alipay")
  const dir = mkdtempSync(path.join(tmpdir(), "alipay-mode-"))
  const cert = (name: string) => {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, `${name}.key`), "-out", path.join(dir, `${name}.crt`), "-days", "2", "-subj", `/C=CN/O=Test/CN=${name}`], { stdio: "ignore" })
    return { crt: readFileSync(path.join(dir, `${name}.crt`), "utf8"), key: readFileSync(path.join(dir, `${name}.key`), "utf8") }
  }
  const app = cert("app")
  const alipayCert = cert("alipay")
  const root = cert("root")

  it("requests carry app_cert_sn and alipay_root_cert_sn; answers are verified with the key in Alipay's certificate and its SN", () => {
    const client = new AlipayClient({ appId: "2021000000000001", privateKey: app.key, appCert: app.crt, alipayPublicCert: alipayCert.crt, alipayRootCert: root.crt })
    const p = client.signedParams("alipay.trade.query", { out_trade_no: "OM1" })
    expect(p.app_cert_sn).toBe(certSn(app.crt))
    expect(p.alipay_root_cert_sn).toBe(certSn(root.crt))
    expect(rsa2Verify(requestSignContent(p), p.sign, createPublicKey(app.crt))).toBe(true)
    const inner = '{"code":"10000","msg":"Success","trade_status":"WAIT_BUYER_PAY"}'
    const raw = (sn: string) => `{"alipay_trade_query_response":${inner},"alipay_cert_sn":"${sn}","sign":"${rsa2Sign(inner, alipayCert.key)}"}`
    expect(client.verifyResponse("alipay.trade.query", raw(certSn(alipayCert.crt))).trade_status).toBe("WAIT_BUYER_PAY")
    expect(() => client.verifyResponse("alipay.trade.query", raw("0000"))).toThrow(/unknown certificate/)
  })

  it("page pay: a signed GET URL and an auto-submitting form with the same signed fields", () => {
    const k = generateKeyPairSync("rsa", { modulusLength: 2048 })
    const client = new AlipayClient({ appId: "2021000000000001", privateKey: k.privateKey, alipayPublicKey: k.publicKey, gatewayUrl: "https://gw.test/gateway.do" })
    const input = { outTradeNo: "OM2", amountMinor: 40900, subject: "茶壶 <teapot> & \"cup\"", returnUrl: "https://shop.test/r?a=1&b=2" }
    const url = new URL(client.pagePayUrl("page", input))
    const params = Object.fromEntries(url.searchParams) as Record<string, string>
    expect(params.method).toBe("alipay.trade.page.pay")
    expect(JSON.parse(params.biz_content)).toMatchObject({ total_amount: "409.00", product_code: "FAST_INSTANT_TRADE_PAY" })
    expect(rsa2Verify(requestSignContent(params), params.sign, k.publicKey)).toBe(true)
    const form = client.pagePayForm("wap", input)
    expect(form).toContain('action="https://gw.test/gateway.do?charset=utf-8"')
    expect(form).toContain("document.forms['alipaysubmit'].submit()")
    expect(form).not.toContain("<teapot>")
    const fields = Object.fromEntries([...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m: any) => [m[1], m[2].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")]))
    expect(fields.method).toBe("alipay.trade.wap.pay")
    expect(rsa2Verify(requestSignContent(fields), fields.sign, k.publicKey)).toBe(true)
  })

  it("WeChat platform certificates work in the serial-to-key map next to PUB_KEY_ID keys", () => {
    const { verifySigned } = require("../wechatpay")
    const ts = String(Math.floor(Date.now() / 1000))
    const signature = rsa2Sign(`${ts}\nN\n{}\n`, alipayCert.key)
    const keys = new Map([["5157F09EFDC096DE15EBE81A47057A7232F1B8E1", createPublicKey(alipayCert.crt)]])
    expect(verifySigned({ timestamp: ts, nonce: "N", signature, serial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1" }, "{}", keys)).toEqual({ ok: true })
  })
})

describe("crypto shortfall in order-currency minor units", () => {
  const { shortfallMinor, decimalToScaled } = require("../decimal")
  it("exact payment, partial, overpayment, rounding, junk", () => {
    expect(shortfallMinor(40900, "56.123456", "56.123456")).toBe(0)
    expect(shortfallMinor(40900, "56.123456", "28.061728")).toBe(20450)
    expect(shortfallMinor(40900, "56.123456", "58.929629")).toBe(-2045)
    expect(shortfallMinor(100, "3", "2")).toBe(33)
    expect(shortfallMinor(100, "0.00001", 1e-5)).toBe(0)
    expect(shortfallMinor(100, "0", "1")).toBeNull()
    expect(shortfallMinor(100, "abc", "1")).toBeNull()
    expect(decimalToScaled("1.5", 2)).toBe(150n)
  })
})
