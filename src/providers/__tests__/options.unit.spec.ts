import { generateKeyPairSync } from "node:crypto"
import AlipayProviderService from "../alipay/service"
import WechatPayProviderService from "../wechatpay/service"

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
const priv = privateKey.export({ type: "pkcs8", format: "pem" }) as string
const pub = publicKey.export({ type: "spki", format: "pem" }) as string

const alipay = { appId: "2021000000000001", privateKey: priv, alipayPublicKey: pub, sellerId: "2088000000000001", notifyUrl: "https://shop.test/hooks/order-management/alipay" }
const wechat = { mchid: "1900000109", appid: "wx0000000000demo01", merchantSerialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", privateKey: priv, platformKeys: { PUB_KEY_ID_0119000001092025: pub }, apiV3Key: "0123456789abcdef0123456789abcdef", notifyUrl: "https://shop.test/hooks/order-management/wechatpay" }

describe("provider options are checked at boot, naming the key at fault", () => {
  it("accepts complete options (bare base64 keys too)", () => {
    const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "")
    expect(() => AlipayProviderService.validateOptions(alipay)).not.toThrow()
    expect(() => AlipayProviderService.validateOptions({ ...alipay, privateKey: bare(priv), alipayPublicKey: bare(pub) })).not.toThrow()
    expect(() => WechatPayProviderService.validateOptions(wechat)).not.toThrow()
  })

  it.each([
    [{ appId: undefined }, /appId is required/],
    [{ appId: "123" }, /appId is malformed/],
    [{ privateKey: "not a key" }, /privateKey is required and must be an RSA private key/],
    [{ alipayPublicKey: undefined }, /alipayPublicKey is required/],
    [{ sellerId: "12345" }, /sellerId is malformed/],
    [{ notifyUrl: "/relative" }, /notifyUrl must be an absolute http\(s\) URL/],
    [{ expiresInMinutes: 0 }, /expiresInMinutes must be an integer/],
    [{ defaultMethod: "barcode" }, /defaultMethod must be one of qr, h5, page/],
    [{ appCert: "x" }, /alipayPublicCert is required in certificate mode/],
  ])("Alipay %j", (patch, message) => {
    expect(() => AlipayProviderService.validateOptions({ ...alipay, ...patch })).toThrow(message)
  })

  it.each([
    [{ mchid: "abc" }, /mchid is malformed/],
    [{ appid: "123" }, /appid is malformed/],
    [{ platformKeys: {} }, /platformKeys is required/],
    [{ platformKeys: { PUB_KEY_ID_1: "nope" } }, /platformKeys\["PUB_KEY_ID_1"\] is not a public key/],
    [{ apiV3Key: "short" }, /apiV3Key is required and must be 32 characters/],
    [{ notifyUrl: "https://shop.test/hook?x=1" }, /notifyUrl must not carry a query string/],
    [{ merchantSerialNo: undefined }, /merchantSerialNo is required/],
  ])("WeChat Pay %j", (patch, message) => {
    expect(() => WechatPayProviderService.validateOptions({ ...wechat, ...patch })).toThrow(message)
  })
})

describe("NOWPayments and balance options", () => {
  const { validateNowPaymentsOptions } = require("../nowpayments/options")
  const { validateBalanceOptions } = require("../balance/options")
  const np = { apiKey: "k", ipnSecret: "s", ipnCallbackUrl: "https://shop.test/hooks/order-management/nowpayments" }
  it("accepts payment and invoice mode with or without the account login", () => {
    expect(() => validateNowPaymentsOptions(np)).not.toThrow()
    expect(() => validateNowPaymentsOptions({ ...np, mode: "invoice", email: "m@shop.test", password: "p", successUrl: "https://shop.test/paid?s={session_id}" })).not.toThrow()
  })
  it.each([
    [{ mode: "hosted" }, /mode must be "payment" or "invoice"/],
    [{ email: "m@shop.test" }, /email and password go together/],
    [{ email: "not-an-email", password: "p" }, /email is malformed/],
    [{ successUrl: "/paid" }, /successUrl must be an absolute http\(s\) URL/],
  ])("NOWPayments %j", (patch, message) => {
    expect(() => validateNowPaymentsOptions({ ...np, ...patch })).toThrow(message)
  })
  it("balance: currencies are lower-case codes", () => {
    expect(() => validateBalanceOptions({ currencies: ["cny", "usd"] })).not.toThrow()
    expect(() => validateBalanceOptions({ currencies: ["CNY"] })).toThrow(/currencies must be a list of lower-case currency codes/)
  })
})
