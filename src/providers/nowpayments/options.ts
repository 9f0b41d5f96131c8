import { OptionErrors } from "../shared/options"

export type NowPaymentsProviderOptions = {
  apiKey: string
  /** the IPN secret from the dashboard (Payment settings); without it NOWPayments sends no IPNs */
  ipnSecret: string
  /** https://<store>/hooks/order-management/nowpayments */
  ipnCallbackUrl: string
  /** production (default), sandbox, or a simulator */
  baseUrl?: string
  /** coin the buyer pays in when the storefront does not choose (default usdttrc20) */
  payCurrency?: string
  /** coins a storefront may choose in data.pay_currency (default: payCurrency only) */
  allowedPayCurrencies?: string[]
  /** how much less than the price (order currency, minor units) still counts as paid (default 0) */
  underpaidToleranceMinor?: number
  /** how much more than the price is accepted without an anomaly (default 0) */
  overpaidToleranceMinor?: number
  timeoutMs?: number
}

export function validateNowPaymentsOptions(o: Record<string, unknown>): void {
  const e = new OptionErrors("nowpayments", o)
  e.string("apiKey")
  e.string("ipnSecret", { hint: "without it NOWPayments sends no IPNs and none could be verified" })
  e.url("ipnCallbackUrl")
  e.url("baseUrl", { optional: true })
  e.string("payCurrency", { optional: true, pattern: /^[a-z0-9]{2,20}$/, hint: "a NOWPayments currency code such as usdttrc20 or btc" })
  e.check(o.allowedPayCurrencies === undefined || (Array.isArray(o.allowedPayCurrencies) && o.allowedPayCurrencies.every((c) => typeof c === "string" && /^[a-z0-9]{2,20}$/.test(c))), "allowedPayCurrencies must be a list of currency codes")
  for (const k of ["underpaidToleranceMinor", "overpaidToleranceMinor"]) {
    e.check(o[k] === undefined || (Number.isInteger(o[k]) && (o[k] as number) >= 0), `${k} must be a whole number of minor units >= 0`)
  }
  e.throwIfAny()
}
