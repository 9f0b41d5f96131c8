import { randomBytes } from "node:crypto"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startNowPaymentsSimulator } = require("../../simulators/nowpayments")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startBtcpaySimulator } = require("../../simulators/btcpay")
import { freePort } from "./cn-gateways"

export type CryptoGateways = { nowpayments: any; btcpay: any; port: number; close: () => Promise<void> }

/** Start the NOWPayments simulator with per-run secrets and put the provider's options in process.env (before medusa-config is read). */
export async function startCryptoGateways(opts: { underToleranceMinor?: number; overToleranceMinor?: number; port?: number } = {}): Promise<CryptoGateways> {
  const apiKey = randomBytes(12).toString("hex")
  const ipnSecret = randomBytes(24).toString("base64")
  const port = opts.port ?? (await freePort())
  const account = { email: "merchant@example.com", password: randomBytes(9).toString("base64") }
  const nowpayments = await startNowPaymentsSimulator({ apiKey, ipnSecret, ...account })
  const btcpayKeys = { apiKey: randomBytes(20).toString("hex"), storeId: "8mTr3Qa1vC5SgHnYx2LpEw7dKbF4UjZ6oNq9", webhookSecret: randomBytes(16).toString("base64") }
  const btcpay = await startBtcpaySimulator({ ...btcpayKeys, webhookUrl: `http://localhost:${port}/hooks/order-management/btcpay` })
  Object.assign(process.env, {
    PORT: String(port),
    OM_NOWPAYMENTS_API_KEY: apiKey,
    OM_NOWPAYMENTS_IPN_SECRET: ipnSecret,
    OM_NOWPAYMENTS_IPN_URL: `http://localhost:${port}/hooks/order-management/nowpayments`,
    OM_NOWPAYMENTS_BASE_URL: nowpayments.apiBase,
    // the account login for the list API (hosted invoices' payments); tests that need it absent clear it
    OM_NOWPAYMENTS_EMAIL: account.email,
    OM_NOWPAYMENTS_PASSWORD: account.password,
    OM_BTCPAY_URL: btcpay.baseUrl,
    OM_BTCPAY_API_KEY: btcpayKeys.apiKey,
    OM_BTCPAY_STORE_ID: btcpayKeys.storeId,
    OM_BTCPAY_WEBHOOK_SECRET: btcpayKeys.webhookSecret,
    OM_CRYPTO_UNDERPAID_TOLERANCE_MINOR: String(opts.underToleranceMinor ?? 0),
    OM_CRYPTO_OVERPAID_TOLERANCE_MINOR: String(opts.overToleranceMinor ?? 0),
  })
  return { nowpayments, btcpay, port, close: async () => { await nowpayments.close(); await btcpay.close() } }
}
