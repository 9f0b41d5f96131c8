import { MathBN } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"

/** ISO 4217 currencies whose minor unit is not 2 digits. */
const DIGITS: Record<string, number> = {
  bif: 0, clp: 0, djf: 0, gnf: 0, isk: 0, jpy: 0, kmf: 0, krw: 0, pyg: 0, rwf: 0, ugx: 0, vnd: 0,
  vuv: 0, xaf: 0, xof: 0, xpf: 0, bhd: 3, iqd: 3, jod: 3, kwd: 3, lyd: 3, omr: 3, tnd: 3,
}

export function currencyDigits(currency: string): number {
  return DIGITS[currency.toLowerCase()] ?? 2
}

/**
 * Medusa amount (major units, BigNumber/string/number) → integer minor units,
 * with exact decimal arithmetic. Computed totals may carry tax fractions, so
 * by default the value is rounded half-up to the currency's precision; with
 * `exact` an amount finer than the currency allows throws instead (callbacks
 * compare money and must never round silently).
 */
export function toMinorUnits(amount: BigNumberInput, currency: string, opts: { exact?: boolean } = {}): number {
  const bn = MathBN.convert(amount)
  const scaled = bn.shiftedBy(currencyDigits(currency))
  const rounded = scaled.integerValue(4 /* ROUND_HALF_UP */)
  if (opts.exact && !rounded.eq(scaled)) {
    throw new Error(`amount ${bn.toString()} has more decimals than ${currency.toUpperCase()} allows`)
  }
  return rounded.toNumber()
}

/** Integer minor units → a decimal string in major units ("12.30"). */
export function fromMinorUnits(minor: number | string, currency: string): string {
  return MathBN.convert(minor).shiftedBy(-currencyDigits(currency)).toFixed(currencyDigits(currency))
}

/** "300.00 CNY" from 30000 minor units of cny (for messages people read). */
export function formatMinor(minor: number, currency: string): string {
  return `${fromMinorUnits(minor, currency)} ${currency.toUpperCase()}`
}
