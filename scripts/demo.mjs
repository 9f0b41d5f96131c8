// npm run demo: this plugin running in a real Medusa store with demo data.
// Uses $DATABASE_URL when set; otherwise an embedded PostgreSQL under
// .medusa/demo-pg (port $DEMO_PG_PORT, default 54329), kept between runs.
// Ctrl-C stops the server and the embedded database.
import { spawn } from "node:child_process"
import { readFileSync, existsSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { createRequire } from "node:module"
import { generateKeyPairSync, randomBytes } from "node:crypto"
import { ensurePostgres } from "./lib/postgres.mjs"
import { run } from "./lib/run.mjs"
import { runDemoScenarios } from "./lib/demo-scenarios.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const medusa = path.join(root, "node_modules", ".bin", "medusa")
const port = Number(process.env.PORT || 9000)
const t0 = Date.now()
const log = (m) => console.log(`[demo +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`)
const ADMIN = { email: process.env.DEMO_ADMIN_EMAIL || "admin@medusa-demo.test", password: process.env.DEMO_ADMIN_PASSWORD || "demo-password" }

let pg = null
let databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  // the demo owns its database: never borrow a server that happens to run on 5432
  pg = await ensurePostgres(root, { dir: "demo-pg", persistent: true, embedded: true, port: Number(process.env.DEMO_PG_PORT || 54329) })
  await pg.pg.createDatabase("medusa_demo").catch(() => {})
  databaseUrl = `postgres://postgres:postgres@localhost:${pg.port}/medusa_demo`
  log(`embedded PostgreSQL on port ${pg.port} (data in .medusa/demo-pg)`)
}

// Local Alipay and WeChat Pay simulators (real wire formats and cryptography, per-run keys); the providers are
// configured against them, so a full Alipay / WeChat checkout runs with no credentials.
const require = createRequire(import.meta.url)
const { startAlipaySimulator } = require("../simulators/alipay")
const { startWechatPaySimulator } = require("../simulators/wechatpay")
const { startNowPaymentsSimulator } = require("../simulators/nowpayments")
const { startBtcpaySimulator } = require("../simulators/btcpay")
const pem = (k, type) => k.export({ type, format: "pem" })
const alipayApp = generateKeyPairSync("rsa", { modulusLength: 2048 })
const wechatMerchant = generateKeyPairSync("rsa", { modulusLength: 2048 })
const apiV3Key = randomBytes(16).toString("hex")
const ALIPAY = { appId: "2021000000000001", sellerId: "2088000000000001" }
const WECHAT = { mchid: "1900000109", appid: "wx0000000000demo01", serial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1" }
const alipaySim = await startAlipaySimulator({ ...ALIPAY, appPublicKey: pem(alipayApp.publicKey, "spki"), port: process.env.DEMO_ALIPAY_PORT ? Number(process.env.DEMO_ALIPAY_PORT) : 9201, retryDelaysMs: [2000, 10000, 60000] })
const wechatSim = await startWechatPaySimulator({ mchid: WECHAT.mchid, appid: WECHAT.appid, merchantSerialNo: WECHAT.serial, merchantPublicKey: pem(wechatMerchant.publicKey, "spki"), apiV3Key, port: process.env.DEMO_WECHAT_PORT ? Number(process.env.DEMO_WECHAT_PORT) : 9202, retryDelaysMs: [2000, 10000, 60000] })
const nowKeys = { apiKey: randomBytes(12).toString("hex"), ipnSecret: randomBytes(24).toString("base64"), email: "merchant@medusa-demo.test", password: randomBytes(9).toString("base64") }
const nowSim = await startNowPaymentsSimulator({ ...nowKeys, port: process.env.DEMO_NOWPAYMENTS_PORT ? Number(process.env.DEMO_NOWPAYMENTS_PORT) : 9203, retryDelaysMs: [2000, 10000, 60000] })
const hooks = `http://localhost:${port}/hooks/order-management`
const btcKeys = { apiKey: randomBytes(20).toString("hex"), storeId: "DemoStore1", webhookSecret: randomBytes(16).toString("base64") }
const btcSim = await startBtcpaySimulator({ ...btcKeys, webhookUrl: `${hooks}/btcpay`, port: process.env.DEMO_BTCPAY_PORT ? Number(process.env.DEMO_BTCPAY_PORT) : 9204, retryDelaysMs: [2000, 10000, 60000] })
const payEnv = {
  OM_ALIPAY_APP_ID: ALIPAY.appId,
  OM_ALIPAY_PRIVATE_KEY: pem(alipayApp.privateKey, "pkcs8"),
  OM_ALIPAY_PUBLIC_KEY: alipaySim.alipayPublicKeyPem,
  OM_ALIPAY_SELLER_ID: ALIPAY.sellerId,
  OM_ALIPAY_GATEWAY_URL: alipaySim.gatewayUrl,
  OM_ALIPAY_NOTIFY_URL: `${hooks}/alipay`,
  OM_ALIPAY_RETURN_URL: `http://localhost:${port}/app/orders`,
  OM_WECHAT_MCHID: WECHAT.mchid,
  OM_WECHAT_APPID: WECHAT.appid,
  OM_WECHAT_SERIAL: WECHAT.serial,
  OM_WECHAT_PRIVATE_KEY: pem(wechatMerchant.privateKey, "pkcs8"),
  OM_WECHAT_PLATFORM_KEYS: JSON.stringify({ [wechatSim.serial]: wechatSim.platformPublicKeyPem }),
  OM_WECHAT_REQUEST_SERIAL: wechatSim.serial,
  OM_WECHAT_APIV3_KEY: apiV3Key,
  OM_WECHAT_BASE_URL: wechatSim.baseUrl,
  OM_WECHAT_NOTIFY_URL: `${hooks}/wechatpay`,
  OM_NOWPAYMENTS_API_KEY: nowKeys.apiKey,
  OM_NOWPAYMENTS_IPN_SECRET: nowKeys.ipnSecret,
  OM_NOWPAYMENTS_IPN_URL: `${hooks}/nowpayments`,
  OM_NOWPAYMENTS_BASE_URL: nowSim.apiBase,
  OM_NOWPAYMENTS_EMAIL: nowKeys.email,
  OM_NOWPAYMENTS_PASSWORD: nowKeys.password,
  OM_BTCPAY_URL: btcSim.baseUrl,
  OM_BTCPAY_API_KEY: btcKeys.apiKey,
  OM_BTCPAY_STORE_ID: btcKeys.storeId,
  OM_BTCPAY_WEBHOOK_SECRET: btcKeys.webhookSecret,
}
log(`Alipay simulator on ${alipaySim.baseUrl}, WeChat Pay simulator on ${wechatSim.baseUrl}, NOWPayments simulator on ${nowSim.baseUrl}, BTCPay simulator on ${btcSim.baseUrl}`)

const env = { ...process.env, ...payEnv, DATABASE_URL: databaseUrl, PORT: String(port), DB_USERNAME: process.env.DB_USERNAME || "postgres" }
let server = null
let stopping = false
async function stop(code = 0) {
  if (stopping) return
  stopping = true
  if (server) {
    try { process.kill(-server.pid, "SIGTERM") } catch {}
  }
  if (pg) await pg.stop().catch(() => {})
  process.exit(code)
}
process.on("SIGINT", () => stop(0))
process.on("SIGTERM", () => stop(0))

// awaited, never spawnSync: the simulators run in this process and must keep answering meanwhile
async function medusaCli(args, opts = {}) {
  try {
    await run(medusa, args, { cwd: root, env, inherit: !opts.quiet })
  } catch (e) {
    if (!opts.allowFail) throw e
  }
}

try {
  log("migrating")
  await medusaCli(["db:migrate"], { quiet: true })
  log("creating the admin user (kept if it exists)")
  await medusaCli(["user", "-e", ADMIN.email, "-p", ADMIN.password], { quiet: true, allowFail: true })
  log("seeding demo data")
  await medusaCli(["exec", "./scripts/seed-demo.ts"])
} catch (e) {
  console.error(`[demo] ${e.message}`)
  await stop(1)
}

const info = existsSync(path.join(root, ".medusa", "demo-info.json"))
  ? JSON.parse(readFileSync(path.join(root, ".medusa", "demo-info.json"), "utf8"))
  : {}

// own process group: `medusa develop` forks a server that outlives a SIGTERM to the parent alone
server = spawn(medusa, ["develop"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"], detached: true })
server.on("exit", (code) => { if (!stopping) stop(code ?? 1) })

const url = `http://localhost:${port}`
for (let i = 0; i < 240 && !stopping; i++) {
  const ok = await fetch(`${url}/health`).then((r) => r.ok).catch(() => false)
  if (ok) break
  await new Promise((r) => setTimeout(r, 500))
}
// the odd cases of money, played once through the store API and the simulators (docs/payments-odd-cases.md)
try {
  const login = await fetch(`${url}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) })
  const { token } = await login.json()
  if (token && info.publishableKey) await runDemoScenarios({ url, info, admin: token, sims: { alipay: alipaySim, nowpayments: nowSim }, log })
} catch (e) {
  log(`odd cases not played: ${e.message}`)
}
console.log(`
  Medusa with medusa-order-management is running.
  Admin:      ${url}/app   (login ${ADMIN.email} / ${ADMIN.password})
  Store API:  ${url}/store  (header x-publishable-api-key: ${info.publishableKey ?? "see .medusa/demo-info.json"})
  Orders:     ${url}/app/orders — open one to see the lifecycle card
  Refunds:    ${url}/app/order-management?view=refunds — the refund queue (After-sales card on each order)
  Shopper:    wallet@medusa-demo.test / demo-password (store login, ¥1,000.00 on the balance)
  Pay:        npm run demo:checkout -- alipay-qr | alipay-h5 | alipay-page | wechat-native | wechat-h5 | usdt | btc | usdt-invoice | btcpay | bank | balance
              (a store-API checkout; then pay it at the simulator's cashier:)
  Cashiers:   ${alipaySim.baseUrl}/cashier   ${wechatSim.baseUrl}/cashier   ${nowSim.baseUrl}/wallet
  Ctrl-C stops the server${pg ? " and the embedded PostgreSQL" : ""}.
`)
