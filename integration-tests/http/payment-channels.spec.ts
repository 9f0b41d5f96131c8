import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { subscribersIdle } from "../../src/utils/in-flight"
import { seedStore } from "../helpers/seed-store"
import { createAdmin } from "../helpers/admin-auth"
import { CN_PROVIDERS, CnGateways, freePort, startCnGateways } from "../helpers/cn-gateways"
import { CryptoGateways, startCryptoGateways } from "../helpers/crypto-gateways"

jest.setTimeout(300 * 1000)

// The payment-channel settings route and "test connection", with every platform simulated on 127.0.0.1.
process.env.OM_RELEASE_UNPAID = "false"
process.env.OM_PAYMENT_CHANNELS = JSON.stringify({ alipay: { limits: { cny: { min: 100, max: 5000000 } }, fee: { rateBps: 60, bearer: "merchant" } } })
process.env.OM_PERMISSIONS = JSON.stringify({ test_payment_channel: ["boss@example.com"] })
let cn: CnGateways
let crypto: CryptoGateways
beforeAll(async () => {
  const port = await freePort()
  cn = await startCnGateways({ port })
  crypto = await startCryptoGateways({ port })
})
afterAll(async () => {
  await cn?.close()
  await crypto?.close()
})
afterEach(() => subscribersIdle())

/** Every secret the store was configured with; none may appear in any answer, not even a 8-character piece of one. */
function secrets(): string[] {
  const e = process.env
  const pemBody = (p?: string) => (p ?? "").replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "")
  return [e.OM_ALIPAY_PRIVATE_KEY && pemBody(e.OM_ALIPAY_PRIVATE_KEY), e.OM_WECHAT_PRIVATE_KEY && pemBody(e.OM_WECHAT_PRIVATE_KEY), e.OM_WECHAT_APIV3_KEY, e.OM_NOWPAYMENTS_API_KEY, e.OM_NOWPAYMENTS_IPN_SECRET, e.OM_NOWPAYMENTS_PASSWORD, e.OM_BTCPAY_API_KEY, e.OM_BTCPAY_WEBHOOK_SECRET].filter((x): x is string => !!x)
}
function leaks(text: string): string[] {
  const found: string[] = []
  for (const s of secrets()) for (let i = 0; i + 8 <= s.length; i++) if (text.includes(s.slice(i, i + 8))) found.push(s.slice(i, i + 8))
  return found
}

medusaIntegrationTestRunner({
  inApp: true,
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let boss: Record<string, string>
    let clerk: Record<string, string>

    // seeded once; the runner snapshots the database after this and restores it before each test
    beforeAll(async () => {
      container = getContainer()
      await seedStore(container, { cnyProviders: [...CN_PROVIDERS, "pp_nowpayments_nowpayments", "pp_bank-transfer_bank-transfer", "pp_balance_balance"] })
      boss = (await createAdmin(container, "boss@example.com")).headers
      clerk = (await createAdmin(container, "clerk@example.com")).headers
    })
    beforeEach(() => {
      container = getContainer()
    })

    const get = (headers: Record<string, string> = boss) => api.get("/admin/order-management/payment-channels", { headers }).catch((e: any) => e.response)
    const test = (id: string, headers: Record<string, string> = boss) => api.post(`/admin/order-management/payment-channels/${id}/check`, {}, { headers }).catch((e: any) => e.response)

    it("lists every channel: state, mode, masked credentials, the callback URL to register, regions, limits and fees; no secret in the answer", async () => {
      const r = await get()
      expect(r.status).toBe(200)
      const byId = Object.fromEntries(r.data.channels.map((c: any) => [c.provider_id ?? c.identifier, c]))
      const base = `http://localhost:${cn.port}`
      expect(byId.pp_alipay_alipay).toMatchObject({
        configured: true, enabled: true, mode: "custom", endpoint: cn.alipay.gatewayUrl,
        callback_url: `${base}/hooks/order-management/alipay`, configured_callback_url: `${base}/hooks/order-management/alipay`, callback_path_matches: true,
        regions: [expect.objectContaining({ name: "China", currency_code: "cny" })],
        limits: { cny: { min: 100, max: 5000000 } }, fee: { rateBps: 60, bearer: "merchant" }, manual_review: false,
      })
      expect(byId.pp_alipay_alipay.credentials).toEqual([
        { name: "appId", value: "2021********0001", kind: "id" },
        { name: "sellerId", value: "2088********0001", kind: "id" },
        { name: "privateKey", value: expect.stringMatching(/^RSA 2048-bit, public key SHA-256 /), kind: "key" },
        { name: "alipayPublicKey", value: expect.stringMatching(/^RSA 2048-bit, public key SHA-256 /), kind: "key" },
      ])
      expect(byId.pp_wechatpay_wechatpay.credentials.find((c: any) => c.name === "apiV3Key")).toEqual({ name: "apiV3Key", value: "set (32 characters)", kind: "secret" })
      expect(byId.pp_nowpayments_nowpayments).toMatchObject({ mode: "custom", callback_url: `${base}/hooks/order-management/nowpayments` })
      // BTCPay: the webhook is registered in BTCPay itself; the page shows the URL to use
      expect(byId.pp_btcpay_btcpay).toMatchObject({ mode: "self-hosted", callback_registered_at_platform: true, configured_callback_url: null, callback_url: `${base}/hooks/order-management/btcpay`, regions: [] })
      expect(byId["pp_bank-transfer_bank-transfer"]).toMatchObject({ mode: "offline", callback_url: null, manual_review: true })
      expect(byId.pp_balance_balance).toMatchObject({ mode: "internal", credentials: [] })
      expect(leaks(JSON.stringify(r.data))).toEqual([])
      expect((await get({})).status).toBe(401)
    })

    it("test connection: every configured channel answers, and a channel that is wrong at the platform says why", async () => {
      for (const id of ["pp_alipay_alipay", "pp_wechatpay_wechatpay", "pp_nowpayments_nowpayments", "pp_btcpay_btcpay", "pp_bank-transfer_bank-transfer", "pp_balance_balance"]) {
        const r = await test(id)
        expect([id, r.status, r.data.ok]).toEqual([id, 200, true])
        expect(r.data).toMatchObject({ provider_id: id, summary: expect.any(String), checked_at: expect.any(String), duration_ms: expect.any(Number) })
        expect(leaks(JSON.stringify(r.data))).toEqual([])
      }
      // BTCPay: the store's webhook was deleted at the platform
      const hooks = crypto.btcpay.webhooks
      crypto.btcpay.webhooks = []
      const broken = await test("pp_btcpay_btcpay")
      crypto.btcpay.webhooks = hooks
      expect(broken.data).toMatchObject({ ok: false, summary: expect.stringMatching(new RegExp(`no webhook of store .* posts to http://localhost:${cn.port}/hooks/order-management/btcpay`)) })
    })

    it("refuses unknown channels, other providers, visitors and admins without the permission", async () => {
      expect((await test("pp_nosuch_nosuch")).status).toBe(404)
      expect((await test("pp_system_default")).data.message).toMatch(/not a configured payment channel of this plugin/)
      expect((await test("pp_alipay_alipay", {})).status).toBe(401)
      const r = await test("pp_alipay_alipay", clerk)
      expect([r.status, r.data.message]).toEqual([403, "Cannot test a payment channel: not permitted for your admin account (insufficient permissions)"])
    })
  },
})
