import { defaultCurrencies, MathBN } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"
import { decimalFraction, divideRounded } from "../gateways/decimal"

/**
 * Digits of a currency's minor unit (CNY 2, JPY 0, KWD 3), from Medusa's own currency table, so the plugin
 * rounds to the same precision Medusa's refund and payment checks allow for. Unknown codes: 2.
 */
export function currencyDigits(currency: string): number {
  return defaultCurrencies[String(currency).toUpperCase()]?.decimal_digits ?? 2
}

/**
 * Medusa amount (major units: BigNumber, string or number) → integer minor units, rounded once, half-up (half away
 * from zero) to the currency's precision. Medusa keeps totals at full precision (a ¥9.99 item with 13 % tax
 * exclusive is a cart of 11.2887); every provider, limit, fee line, trade amount, callback comparison, capture and
 * refund of this plugin converts through here, so all of them agree on 1129 fen.
 * @throws Error when the amount is not a finite number
 */
export function toMinorUnits(amount: BigNumberInput, currency: string): number {
  const text = MathBN.convert(amount).toFixed()
  const f = decimalFraction(text)
  if (!f) throw new Error(`amount ${text} is not a number`)
  const minor = divideRounded(f.numerator * 10n ** BigInt(currencyDigits(currency)), 10n ** BigInt(f.scale))
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`amount ${text} is too large`)
  return Number(minor)
}

/**
 * The exact sum of decimal amounts (major units, as PostgreSQL's numeric sums print them: "1234.5600", "-5.005") in
 * integer minor units, rounded once at the end by the same half-up rule as `toMinorUnits` (statistics add many days'
 * exact sums and round the period's total, not each day). Integer arithmetic only: no float, no BigNumber per value.
 * @throws Error when a value is not a decimal number or the total is too large
 */
export function sumToMinorUnits(amounts: Iterable<string>, currency: string): number {
  let numerator = 0n
  let scale = 0
  for (const text of amounts) {
    const f = decimalFraction(text)
    if (!f) throw new Error(`amount ${text} is not a number`)
    if (f.scale > scale) {
      numerator *= 10n ** BigInt(f.scale - scale)
      scale = f.scale
    }
    numerator += f.numerator * 10n ** BigInt(scale - f.scale)
  }
  const minor = divideRounded(numerator * 10n ** BigInt(currencyDigits(currency)), 10n ** BigInt(scale))
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`sum ${minor} is too large`)
  return Number(minor)
}

/**
 * A rate in basis points of an amount in minor units, rounded by the same rule (fees: 0.6 % of 1129 fen = 7 fen).
 * @param amountMinor integer minor units
 * @param rateBps basis points (60 = 0.6 %)
 */
export function rateOfMinor(amountMinor: number, rateBps: number): number {
  return Number(divideRounded(BigInt(amountMinor) * BigInt(rateBps), 10_000n))
}

/** Integer minor units → a decimal string in major units ("12.30"). */
export function fromMinorUnits(minor: number | string, currency: string): string {
  return MathBN.convert(minor).shiftedBy(-currencyDigits(currency)).toFixed(currencyDigits(currency))
}

/** "300.00 CNY" from 30000 minor units of cny (for messages people read). */
export function formatMinor(minor: number, currency: string): string {
  return `${fromMinorUnits(minor, currency)} ${currency.toUpperCase()}`
}
