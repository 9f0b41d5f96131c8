import { randomBytes } from "node:crypto"
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startNowPaymentsSimulator } = require("../../simulators/nowpayments")
import { freePort } from "./cn-gateways"

export type CryptoGateways = { nowpayments: any; port: number; close: () => Promise<void> }

/** Start the NOWPayments simulator with per-run secrets and put the provider's options in process.env (before medusa-config is read). */
export async function startCryptoGateways(opts: { underToleranceMinor?: number; overToleranceMinor?: number } = {}): Promise<CryptoGateways> {
  const apiKey = randomBytes(12).toString("hex")
  const ipnSecret = randomBytes(24).toString("base64")
  const port = await freePort()
  const nowpayments = await startNowPaymentsSimulator({ apiKey, ipnSecret })
  Object.assign(process.env, {
    PORT: String(port),
    OM_NOWPAYMENTS_API_KEY: apiKey,
    OM_NOWPAYMENTS_IPN_SECRET: ipnSecret,
    OM_NOWPAYMENTS_IPN_URL: `http://localhost:${port}/hooks/order-management/nowpayments`,
    OM_NOWPAYMENTS_BASE_URL: nowpayments.apiBase,
    OM_CRYPTO_UNDERPAID_TOLERANCE_MINOR: String(opts.underToleranceMinor ?? 0),
    OM_CRYPTO_OVERPAID_TOLERANCE_MINOR: String(opts.overToleranceMinor ?? 0),
  })
  return { nowpayments, port, close: () => nowpayments.close() }
}
