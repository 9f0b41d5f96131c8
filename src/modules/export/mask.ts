/**
 * Masking of personal data in exports (masked is the default; see docs/export.md). The formats follow common Chinese
 * practice (Hutool's DesensitizedUtil, the platforms' own bills) and PIPL / GB/T 35273's de-identification for data
 * shown on screens and paper: a person stays recognisable to whoever already knows them, not identifiable to anyone
 * else. Every function returns "" for an empty value and never throws.
 */

/** A name: its first character, then one `*` per further character ("张三丰" → "张**", "Alice Li" → "A**** **"). */
export function maskName(value: string | null | undefined): string {
  const chars = [...String(value ?? "").trim()]
  if (!chars.length) return ""
  return chars.map((c, i) => (i === 0 || /\s/.test(c) ? c : "*")).join("")
}

/**
 * A phone number: the first three and last four digits of the national number kept ("13812341234" → "138****1234",
 * "+86 138-1234-1234" → "+86 138****1234"); an international prefix (+CC, or 86 before an 11-digit mobile) stays.
 * Fewer than eight digits: all but the last two masked.
 */
export function maskPhone(value: string | null | undefined): string {
  const text = String(value ?? "").trim()
  if (!text) return ""
  let digits = text.replace(/\D/g, "")
  let prefix = ""
  const cc = /^\+(\d{1,3})[\s-]/.exec(text)
  if (cc) {
    prefix = `+${cc[1]} `
    digits = digits.slice(cc[1].length)
  } else if (/^(\+?86)1\d{10}$/.test(text.replace(/[\s-]/g, ""))) {
    prefix = "+86 "
    digits = digits.slice(2)
  } else if (text.startsWith("+")) {
    prefix = "+"
  }
  if (digits.length < 8) return prefix + "*".repeat(Math.max(0, digits.length - 2)) + digits.slice(-2)
  return prefix + digits.slice(0, 3) + "*".repeat(digits.length - 7) + digits.slice(-4)
}

/** An email: the local part's first character and `***`, the domain kept ("dora@example.com" → "d***@example.com"). */
export function maskEmail(value: string | null | undefined): string {
  const text = String(value ?? "").trim()
  if (!text) return ""
  const at = text.lastIndexOf("@")
  if (at <= 0) return maskName(text)
  return `${[...text.slice(0, at)][0]}***${text.slice(at)}`
}

/** The street part of an address (address lines, postal code, company): replaced whole ("***"); province and city stay in their own fields. */
export function maskStreet(value: string | null | undefined): string {
  return String(value ?? "").trim() ? "***" : ""
}

/** An IP address truncated: IPv4 keeps two octets ("203.0.113.7" → "203.0.*.*"), IPv6 its first three groups ("2001:db8:85a3:…" → "2001:db8:85a3::*"). */
export function maskIp(value: string | null | undefined): string {
  const text = String(value ?? "").trim()
  if (!text) return ""
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(text)
  if (v4) return `${v4[1]}.${v4[2]}.*.*`
  if (text.includes(":")) return `${text.split(":").slice(0, 3).join(":")}::*`
  return "***"
}

export type MaskKind = "name" | "phone" | "email" | "street" | "ip"

export const MASKS: Record<MaskKind, (value: string | null | undefined) => string> = {
  name: maskName,
  phone: maskPhone,
  email: maskEmail,
  street: maskStreet,
  ip: maskIp,
}
