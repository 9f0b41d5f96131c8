import { OptionErrors } from "../shared/options"

export type BtcpayProviderOptions = {
  /** your BTCPay Server, e.g. https://btcpay.example.com */
  baseUrl: string
  apiKey: string
  storeId: string
  /** the webhook's secret (BTCPay shows it once when the webhook is created) */
  webhookSecret: string
  /** minutes an invoice can be paid (default 30; keep it at or under the unpaid-order timeout) */
  expirationMinutes?: number
  speedPolicy?: "HighSpeed" | "MediumSpeed" | "LowMediumSpeed" | "LowSpeed"
  /** e.g. ["BTC-CHAIN", "BTC-LN"] (v2) or ["BTC", "BTC-LightningNetwork"] (v1) */
  paymentMethods?: string[]
  redirectUrl?: string
  underpaidToleranceMinor?: number
  overpaidToleranceMinor?: number
  timeoutMs?: number
}

export function validateBtcpayOptions(o: Record<string, unknown>): void {
  const e = new OptionErrors("btcpay", o)
  e.url("baseUrl")
  e.string("apiKey")
  e.string("storeId")
  e.string("webhookSecret", { hint: "the secret of the webhook pointing at /hooks/order-management/btcpay" })
  e.url("redirectUrl", { optional: true })
  const exp = o.expirationMinutes
  e.check(exp === undefined || (Number.isInteger(exp) && (exp as number) >= 1), "expirationMinutes must be a whole number of minutes >= 1")
  e.check(o.speedPolicy === undefined || ["HighSpeed", "MediumSpeed", "LowMediumSpeed", "LowSpeed"].includes(o.speedPolicy as string), "speedPolicy must be HighSpeed, MediumSpeed, LowMediumSpeed or LowSpeed")
  for (const k of ["underpaidToleranceMinor", "overpaidToleranceMinor"]) {
    e.check(o[k] === undefined || (Number.isInteger(o[k]) && (o[k] as number) >= 0), `${k} must be a whole number of minor units >= 0`)
  }
  e.throwIfAny()
}
