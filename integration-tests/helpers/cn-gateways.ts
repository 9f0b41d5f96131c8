import net from "node:net"
import { generateKeyPairSync, randomBytes } from "node:crypto"
// the simulators are plain CommonJS so the demo script can load them too
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startAlipaySimulator } = require("../../simulators/alipay")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startWechatPaySimulator } = require("../../simulators/wechatpay")

export type CnGateways = { alipay: any; wechat: any; port: number; close: () => Promise<void> }

export const ALIPAY_APP_ID = "2021000000000001"
export const ALIPAY_SELLER_ID = "2088000000000001"
export const WECHAT_MCHID = "1900000109"
export const WECHAT_APPID = "wxd678efh567hg6787"
export const WECHAT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on("error", reject)
  })
}

/**
 * Start both simulators with per-run keys, fix the port Medusa will listen on,
 * and put the providers' options in process.env before medusa-config is read
 * (call from a beforeAll declared before medusaIntegrationTestRunner).
 * `wechatKeyMode`: how WeChat signs at start: its public key (PUB_KEY_ID_…,
 * sent back as requestSerial; default) or a platform certificate (the store
 * configures the certificate under its serial and sends no Wechatpay-Serial).
 */
export async function startCnGateways(opts: { port?: number; wechatKeyMode?: "public_key" | "certificate" } = {}): Promise<CnGateways> {
  const pem = (k: any, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }) as string
  const alipayApp = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const wechatMerchant = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const apiV3Key = randomBytes(16).toString("hex")
  const port = opts.port ?? (await freePort())
  const hooks = `http://localhost:${port}/hooks/order-management`
  const alipay = await startAlipaySimulator({ appId: ALIPAY_APP_ID, sellerId: ALIPAY_SELLER_ID, appPublicKey: pem(alipayApp.publicKey, "spki") })
  const wechat = await startWechatPaySimulator({
    mchid: WECHAT_MCHID, appid: WECHAT_APPID, merchantSerialNo: WECHAT_SERIAL, merchantPublicKey: pem(wechatMerchant.publicKey, "spki"), apiV3Key,
    keyKind: opts.wechatKeyMode ?? "public_key",
  })
  const certificateMode = wechat.keyKind === "certificate"
  Object.assign(process.env, {
    PORT: String(port),
    OM_ALIPAY_APP_ID: ALIPAY_APP_ID,
    OM_ALIPAY_PRIVATE_KEY: pem(alipayApp.privateKey, "pkcs8"),
    OM_ALIPAY_PUBLIC_KEY: alipay.alipayPublicKeyPem,
    OM_ALIPAY_SELLER_ID: ALIPAY_SELLER_ID,
    OM_ALIPAY_GATEWAY_URL: alipay.gatewayUrl,
    OM_ALIPAY_NOTIFY_URL: `${hooks}/alipay`,
    OM_ALIPAY_RETURN_URL: "http://localhost:8000/checkout/return?session={session_id}",
    OM_WECHAT_MCHID: WECHAT_MCHID,
    OM_WECHAT_APPID: WECHAT_APPID,
    OM_WECHAT_SERIAL: WECHAT_SERIAL,
    OM_WECHAT_PRIVATE_KEY: pem(wechatMerchant.privateKey, "pkcs8"),
    OM_WECHAT_PLATFORM_KEYS: JSON.stringify({ [wechat.serial]: wechat.platformKeyPem }),
    OM_WECHAT_REQUEST_SERIAL: certificateMode ? "" : wechat.serial,
    OM_WECHAT_APIV3_KEY: apiV3Key,
    OM_WECHAT_BASE_URL: wechat.baseUrl,
    OM_WECHAT_NOTIFY_URL: `${hooks}/wechatpay`,
  })
  return { alipay, wechat, port, close: async () => { await alipay.close(); await wechat.close() } }
}

export const CN_PROVIDERS = ["pp_alipay_alipay", "pp_wechatpay_wechatpay"]
