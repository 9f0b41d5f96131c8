/**
 * Exact decimal <-> integer minor-unit conversion for the platforms' wire
 * formats (Alipay "12.50", WeChat integer fen). Pure string/integer work: no
 * floats, no Medusa imports.
 */

/** 1250 → "12.50" (2 decimals). Refuses non-integers and negatives. */
export function minorToDecimal(minor: number | bigint, digits = 2): string {
  const n = BigInt(minor)
  if (typeof minor === "number" && !Number.isSafeInteger(minor)) throw new RangeError(`amount ${minor} is not an integer number of minor units`)
  if (n < 0n) throw new RangeError("amount must not be negative")
  const s = n.toString().padStart(digits + 1, "0")
  return digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * "12.5" / "12.50" → 1250. Returns null for anything that is not a plain
 * non-negative decimal or has more decimals than the currency allows, so a
 * caller can treat it as a mismatch instead of rounding.
 */
export function decimalToMinor(value: unknown, digits = 2): number | null {
  if (typeof value !== "string" && typeof value !== "number") return null
  const text = String(value).trim()
  const m = DECIMAL.exec(text)
  if (!m) return null
  const frac = (m[2] ?? "").replace(/0+$/, "")
  if (frac.length > digits) return null
  const minor = BigInt(m[1] + frac.padEnd(digits, "0"))
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null
  return Number(minor)
}

/** A non-negative decimal (string or number as sent by JSON APIs) as an integer scaled by 10^scale; null if malformed. */
export function decimalToScaled(value: unknown, scale = 18): bigint | null {
  if (typeof value !== "string" && typeof value !== "number") return null
  let text = String(value).trim()
  if (/e/i.test(text)) {
    const n = Number(text)
    if (!Number.isFinite(n) || n < 0) return null
    text = n.toFixed(Math.min(scale, 20))
  }
  const m = DECIMAL.exec(text)
  if (!m) return null
  const frac = (m[2] ?? "").slice(0, scale).padEnd(scale, "0")
  return BigInt(m[1] + frac)
}

/**
 * THE rounding of this plugin: numerator / denominator to an integer, half away from zero (what finance and
 * BigNumber's ROUND_HALF_UP call "half-up": 0.5 → 1, −0.5 → −1). Every amount that has to become whole minor units
 * (a Medusa total with tax fractions, a percentage fee, a crypto shortfall) is rounded here and only here, once.
 * @throws RangeError when the denominator is zero
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero")
  if (denominator < 0n) return divideRounded(-numerator, -denominator)
  const q = numerator / denominator
  const r = numerator % denominator
  const twice = (r < 0n ? -r : r) * 2n
  return twice >= denominator ? q + (numerator < 0n ? -1n : 1n) : q
}

/**
 * A decimal string ("11.2887", "-0.5", "1e-7") as an exact fraction numerator / 10^scale.
 * @returns null when the text is not a finite decimal
 */
export function decimalFraction(text: string): { numerator: bigint; scale: number } | null {
  const m = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text.trim())
  if (!m) return null
  const frac = m[3] ?? ""
  let numerator = BigInt(m[2] + frac)
  let scale = frac.length - Number(m[4] ?? 0)
  if (scale < 0) {
    numerator *= 10n ** BigInt(-scale)
    scale = 0
  }
  return { numerator: m[1] ? -numerator : numerator, scale }
}

/**
 * What part of `priceMinor` is still unpaid when `paid` of `due` (same
 * crypto unit) arrived: priceMinor × (due − paid) / due, rounded half away from
 * zero, in minor units (negative = overpaid). Null if the inputs are unusable.
 */
export function shortfallMinor(priceMinor: number, due: unknown, paid: unknown): number | null {
  const d = decimalToScaled(due)
  const p = decimalToScaled(paid ?? 0)
  if (d === null || p === null || d === 0n) return null
  return Number(divideRounded(BigInt(priceMinor) * (d - p), d))
}
