const DIGITS: Record<string, number> = { jpy: 0, krw: 0, vnd: 0, clp: 0, isk: 0, kwd: 3, bhd: 3, jod: 3, omr: 3, tnd: 3 }

export const currencyDigits = (currency: string) => DIGITS[currency.toLowerCase()] ?? 2

/** Minor units → a plain decimal string in the currency's precision (1250 cny → "12.50", -5 → "-0.05"), by string arithmetic. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  const s = String(Math.abs(minor)).padStart(digits + 1, "0")
  return `${minor < 0 ? "-" : ""}${digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s}`
}

/** Minor units (integers from the API) → a localized currency string; no float arithmetic on the amount. */
export function formatMinor(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: currencyDigits(currency) })
    .format(minorToDecimal(minor, currency) as unknown as number)
}

/** "12.50" → 1250 minor units by string arithmetic; null when it is not a plain positive amount in the currency's precision. */
export function parseMinor(text: string, currency = "cny"): number | null {
  const digits = currencyDigits(currency)
  const m = /^(\d{1,13})(?:[.,](\d+))?$/.exec(text.trim())
  if (!m || (m[2] ?? "").length > digits) return null
  const minor = Number(m[1]) * 10 ** digits + Number((m[2] ?? "").padEnd(digits, "0") || 0)
  return minor > 0 ? minor : null
}
