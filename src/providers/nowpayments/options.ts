import { OptionErrors } from "../shared/options"

export type NowPaymentsProviderOptions = {
  apiKey: string
  /** the IPN secret from the dashboard (Payment settings); without it NOWPayments sends no IPNs */
  ipnSecret: string
  /** https://<store>/hooks/order-management/nowpayments */
  ipnCallbackUrl: string
  /** production (default), sandbox, or a simulator */
  baseUrl?: string
  /**
   * payment (default): a white-label payment, the storefront shows address and QR; invoice: NOWPayments' hosted
   * invoice page, where the buyer picks the coin. A storefront may choose per session with data.mode.
   */
  mode?: "payment" | "invoice"
  /** invoice mode: where NOWPayments sends the buyer after paying / cancelling ({session_id} is replaced) */
  successUrl?: string
  cancelUrl?: string
  /**
   * invoice mode: the NOWPayments account login, for the list API (an invoice's payments are only known from
   * IPNs otherwise, so a lost IPN could not be found by a status query)
   */
  email?: string
  password?: string
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
  e.check(o.mode === undefined || o.mode === "payment" || o.mode === "invoice", 'mode must be "payment" or "invoice"')
  e.url("successUrl", { optional: true })
  e.url("cancelUrl", { optional: true })
  const given = (v: unknown) => v !== undefined && v !== null && v !== ""
  e.check(given(o.email) === given(o.password), "email and password go together (the account login for the list API)")
  e.string("email", { optional: true, pattern: /^[^@\s]+@[^@\s]+$/, hint: "the NOWPayments account e-mail" })
  e.string("password", { optional: true })
  e.string("payCurrency", { optional: true, pattern: /^[a-z0-9]{2,20}$/, hint: "a NOWPayments currency code such as usdttrc20 or btc" })
  e.check(o.allowedPayCurrencies === undefined || (Array.isArray(o.allowedPayCurrencies) && o.allowedPayCurrencies.every((c) => typeof c === "string" && /^[a-z0-9]{2,20}$/.test(c))), "allowedPayCurrencies must be a list of currency codes")
  for (const k of ["underpaidToleranceMinor", "overpaidToleranceMinor"]) {
    e.check(o[k] === undefined || (Number.isInteger(o[k]) && (o[k] as number) >= 0), `${k} must be a whole number of minor units >= 0`)
  }
  e.throwIfAny()
}
