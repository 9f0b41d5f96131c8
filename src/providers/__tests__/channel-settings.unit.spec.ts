import { generateKeyPairSync, randomBytes } from "node:crypto"
import net from "node:net"
import { describeKey, maskId, maskSecret } from "../settings/mask"
import { channelSpec } from "../settings"

// The simulators are the platforms here (real HTTP on 127.0.0.1, real signatures); each diagnosis is run
// against a platform set up to refuse in one specific way, and must say which.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startAlipaySimulator } = require("../../../simulators/alipay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startWechatPaySimulator } = require("../../../simulators/wechatpay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startNowPaymentsSimulator } = require("../../../simulators/nowpayments")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startBtcpaySimulator } = require("../../../simulators/btcpay")

jest.setTimeout(30_000)

const pem = (k: any, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }) as string
const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 })
const ctx = { callbackUrl: "https://shop.example.com/hooks/order-management/btcpay", container: {} as any }

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

describe("masking", () => {
  it("shows identifiers in part, secrets not at all, keys by their public fingerprint", () => {
    expect(maskId("2021000000000001")).toBe("2021********0001")
    expect(maskId("1900000109")).toBe("19***09")
    expect(maskId("abc")).toBe("****")
    expect(maskSecret("0123456789abcdef0123456789abcdef")).toBe("set (32 characters)")
    expect(maskSecret("")).toBeNull()
    const k = rsa()
    const priv = describeKey(pem(k.privateKey, "pkcs8"), "private")!
    // the private key and its public half describe the same: only public facts are shown
    expect(priv).toMatch(/^RSA 2048-bit, public key SHA-256 ([0-9a-f]{2}:){7}[0-9a-f]{2}$/)
    expect(describeKey(pem(k.publicKey, "spki"), "public")).toBe(priv)
    expect(describeKey("not a key", "private")).toBe("unreadable key")
  })
})

describe("Alipay test connection", () => {
  const app = rsa()
  let sim: any
  beforeAll(async () => {
    sim = await startAlipaySimulator({ appId: "2021000000000001", sellerId: "2088000000000001", appPublicKey: pem(app.publicKey, "spki") })
  })
  afterAll(() => sim.close())
  const opts = (o: Record<string, unknown> = {}) => ({ appId: "2021000000000001", sellerId: "2088000000000001", privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: sim.alipayPublicKeyPem, gatewayUrl: sim.gatewayUrl, notifyUrl: "https://shop.example.com/hooks/order-management/alipay", ...o })
  const diagnose = (o: Record<string, unknown>) => channelSpec("alipay")!.diagnose(o, ctx)

  it("accepts the right keys, and names each wrong one", async () => {
    expect(await diagnose(opts())).toMatchObject({ ok: true, summary: expect.stringMatching(/accepted the app's signature/), details: [expect.stringMatching(/ACQ.TRADE_NOT_EXIST/), expect.any(String)] })
    expect(await diagnose(opts({ privateKey: pem(rsa().privateKey, "pkcs8") }))).toMatchObject({ ok: false, summary: expect.stringMatching(/could not verify our request signature/) })
    expect(await diagnose(opts({ appId: "2021000000000009" }))).toMatchObject({ ok: false, summary: expect.stringMatching(/does not know this appId/) })
    expect(await diagnose(opts({ alipayPublicKey: pem(rsa().publicKey, "spki") }))).toMatchObject({ ok: false, summary: expect.stringMatching(/signature did not verify with the configured alipayPublicKey/) })
    expect(await diagnose(opts({ gatewayUrl: `http://127.0.0.1:${await closedPort()}/gateway.do` }))).toMatchObject({ ok: false, summary: expect.stringMatching(/^Could not reach http:\/\/127.0.0.1/) })
  })

  it("describes the channel without its secrets", () => {
    const d = channelSpec("alipay")!.describe(opts())
    expect(d.mode).toBe("custom")
    expect(channelSpec("alipay")!.describe(opts({ gatewayUrl: undefined })).mode).toBe("production")
    expect(channelSpec("alipay")!.describe(opts({ gatewayUrl: "https://openapi-sandbox.dl.alipaydev.com/gateway.do" })).mode).toBe("sandbox")
    const text = JSON.stringify(d)
    expect(text).not.toContain("2021000000000001")
    expect(text).not.toContain(pem(app.privateKey, "pkcs8").split("\n")[1])
    expect(d.credentials.map((c) => c.name)).toEqual(["appId", "sellerId", "privateKey", "alipayPublicKey"])
  })
})

describe("WeChat Pay test connection", () => {
  const merchant = rsa()
  const apiV3Key = randomBytes(16).toString("hex")
  let sim: any
  beforeAll(async () => {
    sim = await startWechatPaySimulator({ mchid: "1900000109", appid: "wxd678efh567hg6787", merchantSerialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", merchantPublicKey: pem(merchant.publicKey, "spki"), apiV3Key })
  })
  afterAll(() => sim.close())
  const opts = (o: Record<string, unknown> = {}) => ({
    mchid: "1900000109", appid: "wxd678efh567hg6787", merchantSerialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", privateKey: pem(merchant.privateKey, "pkcs8"),
    platformKeys: { [sim.serial]: sim.platformPublicKeyPem }, requestSerial: sim.serial, apiV3Key, baseUrl: sim.baseUrl, notifyUrl: "https://shop.example.com/hooks/order-management/wechatpay", ...o,
  })
  const diagnose = (o: Record<string, unknown>) => channelSpec("wechatpay")!.diagnose(o, ctx)

  it("accepts the right keys, and names each wrong one", async () => {
    expect(await diagnose(opts())).toMatchObject({ ok: true, details: [expect.stringMatching(/ORDER_NOT_EXIST/), expect.any(String)] })
    expect(await diagnose(opts({ privateKey: pem(rsa().privateKey, "pkcs8") }))).toMatchObject({ ok: false, summary: expect.stringMatching(/could not verify our request signature|refused our request signature/) })
    expect(await diagnose(opts({ platformKeys: { PUB_KEY_ID_0000000000000000000000000000000001: pem(rsa().publicKey, "spki") } }))).toMatchObject({ ok: false, summary: expect.stringMatching(/did not verify with platformKeys/), details: [expect.stringMatching(/unknown Wechatpay-Serial/)] })
  })

  it("never shows the APIv3 key", () => {
    const d = channelSpec("wechatpay")!.describe(opts())
    expect(JSON.stringify(d)).not.toContain(apiV3Key)
    expect(d.credentials.find((c) => c.name === "apiV3Key")!.value).toBe("set (32 characters)")
  })
})

describe("NOWPayments and BTCPay test connection", () => {
  const apiKey = randomBytes(12).toString("hex")
  const btcpayKey = randomBytes(20).toString("hex")
  let now: any
  let btc: any
  beforeAll(async () => {
    now = await startNowPaymentsSimulator({ apiKey, ipnSecret: "s3cret-ipn-key-for-tests", email: "m@example.com", password: "account-password" })
    btc = await startBtcpaySimulator({ apiKey: btcpayKey, storeId: "store1", storeName: "Tea shop", webhookSecret: "wh-secret", webhookUrl: "https://shop.example.com/hooks/order-management/btcpay" })
  })
  afterAll(async () => {
    await now.close()
    await btc.close()
  })
  const np = (o: Record<string, unknown> = {}) => channelSpec("nowpayments")!.diagnose({ apiKey, ipnSecret: "x", ipnCallbackUrl: "https://shop.example.com/hooks/order-management/nowpayments", baseUrl: now.apiBase, payCurrency: "usdttrc20", allowedPayCurrencies: ["usdttrc20", "btc"], ...o }, ctx)
  const bp = (o: Record<string, unknown> = {}) => channelSpec("btcpay")!.diagnose({ baseUrl: btc.baseUrl, apiKey: btcpayKey, storeId: "store1", webhookSecret: "wh-secret", ...o }, ctx)

  it("NOWPayments: the key, the enabled coins, an outage", async () => {
    expect(await np()).toMatchObject({ ok: true, details: expect.arrayContaining(["API status: OK", "Coins enabled in the account: usdttrc20, btc"]) })
    expect(await np({ apiKey: "wrong" })).toMatchObject({ ok: false, summary: expect.stringMatching(/refused the API key/) })
    now.coins = ["btc"]
    expect(await np()).toMatchObject({ ok: false, summary: "The API key works, but usdttrc20 is not enabled in the NOWPayments account (Store settings → coins)." })
    now.coins = ["usdttrc20", "btc"]
    expect(await np({ email: "m@example.com", password: "account-password" })).toMatchObject({ ok: true, details: expect.arrayContaining([expect.stringMatching(/account login works/)]) })
    expect(await np({ email: "m@example.com", password: "wrong" })).toMatchObject({ ok: false, summary: expect.stringMatching(/refused the account email and password/) })
    now.failNext = true
    expect(await np()).toMatchObject({ ok: false, summary: expect.stringMatching(/answered HTTP 500: the platform has a problem/) })
  })

  it("BTCPay: the key, the store, the webhook to this store", async () => {
    expect(await bp()).toMatchObject({ ok: true, summary: 'BTCPay accepted the API key for store "Tea shop" and a webhook posts to this store.' })
    expect(await bp({ apiKey: "wrong" })).toMatchObject({ ok: false, summary: "BTCPay refused the API key." })
    expect(await bp({ storeId: "other" })).toMatchObject({ ok: false, summary: expect.stringMatching(/no access to this store/) })
    btc.webhooks = [{ id: "wh9", url: "https://old-shop.example.com/btcpay-webhook", enabled: true }]
    expect(await bp()).toMatchObject({ ok: false, summary: expect.stringMatching(/no webhook of store "Tea shop" posts to https:\/\/shop.example.com\/hooks\/order-management\/btcpay/), details: expect.arrayContaining(["webhook wh9: https://old-shop.example.com/btcpay-webhook"]) })
    btc.webhooks = [{ id: "wh1", url: "https://shop.example.com/hooks/order-management/btcpay", enabled: false }]
    expect(await bp()).toMatchObject({ ok: false, summary: expect.stringMatching(/is disabled/) })
    expect(await bp({ baseUrl: `http://127.0.0.1:${await closedPort()}` })).toMatchObject({ ok: false, summary: expect.stringMatching(/^Could not reach/) })
  })

  it("describe: API keys show their last characters only, secrets never", () => {
    const d = channelSpec("nowpayments")!.describe({ apiKey, ipnSecret: "s3cret-ipn-key-for-tests", ipnCallbackUrl: "https://x/y" })
    expect(d.credentials).toEqual([{ name: "apiKey", value: `****${apiKey.slice(-4)}`, kind: "secret" }, { name: "ipnSecret", value: "set (24 characters)", kind: "secret" }])
    expect(channelSpec("nowpayments")!.describe({ apiKey, baseUrl: "https://api-sandbox.nowpayments.io/v1" }).mode).toBe("sandbox")
    const b = channelSpec("btcpay")!.describe({ baseUrl: btc.baseUrl, apiKey: btcpayKey, storeId: "store1", webhookSecret: "wh-secret" })
    expect(JSON.stringify(b)).not.toContain(btcpayKey.slice(0, 8))
    expect(b).toMatchObject({ mode: "self-hosted", callback_registered_at_platform: true })
  })
})
