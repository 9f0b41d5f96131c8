import { createSign, generateKeyPairSync } from "node:crypto"
import * as iconv from "iconv-lite"
import { parseNotifyForm, verifyNotifyForm } from "../alipay/notify"

// Alipay signs a notify's sorted `k=v&…` content as bytes in the charset the notify declares (rsaCheckV1(params,
// publicKey, charset)); the form values are percent-encoded bytes of that charset.
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 })

function notify(fields: Record<string, string>, charset: string): Buffer {
  const all = { ...fields, charset }
  const content = Object.keys(all).filter((k) => k !== "sign" && k !== "sign_type").sort().map((k) => `${k}=${all[k as keyof typeof all]}`).join("&")
  const sign = createSign("RSA-SHA256").update(iconv.encode(content, charset)).sign(keys.privateKey, "base64")
  const enc = (v: string) => [...iconv.encode(v, charset)].map((b) => (b < 0x80 && /[A-Za-z0-9*\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : b === 0x20 ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("")
  return Buffer.from(Object.entries({ ...all, sign, sign_type: "RSA2" }).map(([k, v]) => `${k}=${enc(v)}`).join("&"), "latin1")
}

const fields = { app_id: "2021000000000001", out_trade_no: "OM01TEST", trade_status: "TRADE_SUCCESS", total_amount: "155.94", subject: "西湖龙井 250克 礼盒", passback_params: "a%20b+c" }

describe("Alipay notifies in their declared charset", () => {
  it.each(["GBK", "utf-8"])("%s: parsed into the right text and verified on the bytes received", (charset) => {
    const form = parseNotifyForm(notify(fields, charset))
    expect(form.charset).toBe(charset.toLowerCase())
    expect(form.fields).toMatchObject(fields)
    expect(verifyNotifyForm(form, keys.publicKey)).toBe(true)
  })

  it("a GBK notify read as UTF-8 (what URLSearchParams does) does not verify; read in its charset it does", () => {
    const raw = notify(fields, "GBK")
    const naive = Object.fromEntries(new URLSearchParams(raw.toString("utf8")))
    expect(naive.subject).not.toBe(fields.subject)
    expect(verifyNotifyForm(parseNotifyForm(raw), keys.publicKey)).toBe(true)
  })

  it("a tampered value or another key does not verify", () => {
    const raw = notify(fields, "GBK").toString("latin1").replace("total_amount=155.94", "total_amount=1.00")
    expect(verifyNotifyForm(parseNotifyForm(raw), keys.publicKey)).toBe(false)
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
    expect(verifyNotifyForm(parseNotifyForm(notify(fields, "GBK")), other.publicKey)).toBe(false)
  })

  it("an unknown charset is refused by name", () => {
    expect(() => parseNotifyForm(Buffer.from("charset=x-nonsense&sign=abc"))).toThrow(/encoding is not supported/)
  })
})
