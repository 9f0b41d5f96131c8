/**
 * Bank-transfer references a buyer types into the transfer's remark (附言):
 * "BT-7K4Q-9X2D-63" — 8 Crockford base32 symbols (no I, L, O, U) and two ISO
 * 7064 MOD 97-10 check digits (as IBAN), so any single mistyped symbol and
 * nearly every swap is caught.
 */
import { randomBytes } from "node:crypto"

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

function checkDigits(symbols: string): string {
  // each symbol as its value 0-31 written in two decimal digits, then MOD 97-10
  const digits = [...symbols].map((c) => String(ALPHABET.indexOf(c)).padStart(2, "0")).join("") + "00"
  const mod = Number(BigInt(digits) % 97n)
  return String(98 - mod).padStart(2, "0")
}

export function newReference(): string {
  const bytes = randomBytes(8)
  const symbols = [...bytes].map((b) => ALPHABET[b % 32]).join("")
  return `BT-${symbols.slice(0, 4)}-${symbols.slice(4)}-${checkDigits(symbols)}`
}

/** Normalise what a person typed (case, spaces, dashes, O→0, I/L→1) and check it; null when invalid. */
export function parseReference(input: unknown): string | null {
  if (typeof input !== "string") return null
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1")
  const m = /^BT([0-9A-HJKMNP-TV-Z]{8})(\d{2})$/.exec(s)
  if (!m || checkDigits(m[1]) !== m[2]) return null
  return `BT-${m[1].slice(0, 4)}-${m[1].slice(4)}-${m[2]}`
}
