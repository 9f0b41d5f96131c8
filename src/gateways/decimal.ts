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
