import ipaddr from "ipaddr.js"
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js"

/** The country a phone number without a country code is read in (blacklist entries; checkouts use the address's). */
export const DEFAULT_PHONE_COUNTRY = "CN"
import type { BLACKLIST_TYPES } from "./models/blacklist-entry"

export type BlacklistType = (typeof BLACKLIST_TYPES)[number]

/** A shipping address as a checkout carries it (Medusa's address fields). */
export type AddressInput = { address_1?: string | null; address_2?: string | null; city?: string | null; province?: string | null; postal_code?: string | null; country_code?: string | null }

/** Letters and digits only, lower case (NFKC): "No. 5, Zhongshan Rd." and "no5 zhongshanrd" are both "no5zhongshanrd". */
const compact = (v: string | null | undefined) => String(v ?? "").normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "")

/**
 * An address entry's key: the street line and the city, letters and digits only ("street|city"). Only these two are
 * compared, so an apartment added as address_2, a province, a postal code or a country does not escape an entry, and
 * the same address typed with other spaces or punctuation is the same entry. A typed entry reads
 * "street, city[, anything else]" (comma, "，", "|", ";" or a line break between parts); without a city it matches the
 * street in any city. A checkout's address: see `addressKeys`.
 */
export function normalizeAddress(a: AddressInput | string): string {
  if (typeof a !== "string") return `${compact(a.address_1)}|${compact(a.city)}`
  const [street, city] = a.split(/[|,，;；\n]/)
  return `${compact(street)}|${compact(city)}`
}

/**
 * The keys a checkout's shipping address matches entries under: its street line (address_1, and address_1 followed by
 * address_2, for addresses that split the building off) in its city, and the same without the city (entries typed
 * without one).
 */
export function addressKeys(a: AddressInput): string[] {
  const streets = [compact(a.address_1), compact(`${a.address_1 ?? ""}${a.address_2 ?? ""}`)].filter(Boolean)
  const city = compact(a.city)
  return [...new Set(streets.flatMap((s) => [`${s}|${city}`, `${s}|`]))]
}

/**
 * A phone number in E.164 (libphonenumber-js), read as a number of `defaultCountry` (ISO 3166 alpha-2) when it has
 * no country code: "137 0000 2222", "008613700002222" and "+86-137-0000-2222" are all "+8613700002222" for CN. A
 * number the library cannot read keeps its digits (and a leading +).
 */
export const normalizePhone = (v: string, defaultCountry: string = DEFAULT_PHONE_COUNTRY) => {
  const t = v.normalize("NFKC").trim()
  const parsed = parsePhoneNumberFromString(t, (defaultCountry || DEFAULT_PHONE_COUNTRY).toUpperCase() as CountryCode)
  if (parsed?.isPossible()) return parsed.number as string
  return (t.startsWith("+") ? "+" : "") + t.replace(/\D+/g, "")
}

/**
 * The form an entry's value is stored and compared in, or a message saying why the value is not one of its type.
 * ip: an IPv4 or IPv6 address or a CIDR range (stored as the range's network address and prefix, "10.0.0.0/8");
 * an IPv4-mapped IPv6 address is taken as its IPv4 address.
 */
export function normalizeBlacklistValue(type: BlacklistType, raw: string): { value: string } | { error: string } {
  const v = String(raw ?? "").normalize("NFKC").trim()
  if (!v) return { error: "value is required" }
  if (v.length > 500) return { error: "value is longer than 500 characters" }
  switch (type) {
    case "email":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? { value: v.toLowerCase() } : { error: `${v} is not an email address` }
    case "email_domain": {
      const d = v.replace(/^@/, "").toLowerCase()
      return /^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z0-9-]{2,}$/.test(d) ? { value: d } : { error: `${v} is not an email domain (like example.com)` }
    }
    case "phone": {
      const p = normalizePhone(v)
      return p.replace("+", "").length >= 5 ? { value: p } : { error: `${v} is not a phone number` }
    }
    case "ip": {
      try {
        if (v.includes("/")) {
          const [addr, bits] = ipaddr.parseCIDR(v)
          const a = addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr
          const prefix = a === addr ? bits : bits - 96
          const network = ipaddr.fromByteArray(a.toByteArray().map((b, i) => {
            const keep = Math.max(0, Math.min(8, prefix - i * 8))
            return b & (0xff << (8 - keep)) & 0xff
          }))
          return { value: `${network.toString()}/${prefix}` }
        }
        return { value: normalizeIp(v) }
      } catch {
        return { error: `${v} is not an IP address or CIDR range` }
      }
    }
    case "device":
      return /^[\w.:-]{4,200}$/.test(v) ? { value: v } : { error: `${v} is not a device id (4 to 200 letters, digits, . _ : -)` }
    case "customer":
      return /^cus_[0-9A-Z]{10,}$/i.test(v) ? { value: v } : { error: `${v} is not a customer id (cus_…)` }
    case "address": {
      const a = normalizeAddress(v)
      return a.split("|")[0].length >= 4 ? { value: a } : { error: "address is too short to match safely (street, city)" }
    }
  }
}

/** An IP address in canonical form (IPv4-mapped IPv6 as IPv4); throws on anything else. */
export function normalizeIp(v: string): string {
  const a = ipaddr.parse(v.trim())
  if (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress()) return (a as ipaddr.IPv6).toIPv4Address().toString()
  return a.toString()
}
