import ipaddr from "ipaddr.js"

type GeoipCountry = { lookup(ip: string): { country?: string } | null }
let db: GeoipCountry | null = null

/**
 * The country of an IP address (ISO 3166-1 alpha-2, upper case) from the GeoLite2 country data shipped in the npm
 * package `geoip-country` (loaded into memory once, on the first lookup: about 7 MB, some 50 ms). Null for a
 * loopback, private, link-local or other non-public address, an address the data does not place, or text that is not
 * an IP. IPv4-mapped IPv6 is read as IPv4.
 */
export function countryOfIp(ip: string | null | undefined): string | null {
  if (!ip) return null
  let a: ipaddr.IPv4 | ipaddr.IPv6
  try {
    a = ipaddr.parse(ip.trim())
  } catch {
    return null
  }
  if (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address()
  if (a.range() !== "unicast") return null
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  db ??= require("geoip-country") as GeoipCountry
  const c = db.lookup(a.toString())?.country
  return typeof c === "string" && /^[A-Z]{2}$/.test(c) ? c : null
}
