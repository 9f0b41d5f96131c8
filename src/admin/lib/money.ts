const DIGITS: Record<string, number> = { jpy: 0, krw: 0, vnd: 0, clp: 0, isk: 0, kwd: 3, bhd: 3, jod: 3, omr: 3, tnd: 3 }

/** Minor units (integers from the API) → a localized currency string; no float arithmetic on the amount. */
export function formatMinor(minor: number, currency: string, locale: string): string {
  const digits = DIGITS[currency.toLowerCase()] ?? 2
  const negative = minor < 0
  const s = String(Math.abs(minor)).padStart(digits + 1, "0")
  const major = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: digits })
    .format(`${negative ? "-" : ""}${major}` as unknown as number)
}
