import ipaddr from "ipaddr.js"
import { type RateLimitOptions, resolveRateLimits } from "./rate-limit"

/**
 * The risk options (plugin option `risk`):
 * - `trustedProxies`: the proxies in front of the store (addresses or CIDR ranges, e.g. the load balancer's
 *   `10.0.0.0/8`). The client IP is the connection's address, or — only when that is one of these — the last address
 *   in `X-Forwarded-For` that is not one of them. Never read from a header otherwise. Default: none (loopback only:
 *   `127.0.0.1`, `::1`, for a proxy on the same machine).
 * - `blacklist`: check checkouts against the blacklist (default true).
 * - `deviceHeader`: the header the storefront sends its device id in (default `x-device-id`).
 * - `rateLimits`: payment-session creation and cart completion per cart and per client IP (see rate-limit.ts).
 * - `verification`: the one-time codes of the "verify" action: `codeTtlMinutes` (default 10), `maxAttempts` wrong
 *   codes before the challenge locks (5), `resendIntervalSeconds` between two codes (60), `maxSends` codes per order (5).
 */
export type RiskOptions = { trustedProxies?: string[]; blacklist?: boolean; deviceHeader?: string; rateLimits?: RateLimitOptions; verification?: VerificationOptions }
export type VerificationOptions = { codeTtlMinutes?: number; maxAttempts?: number; resendIntervalSeconds?: number; maxSends?: number }
export type ResolvedVerificationOptions = { codeTtlMinutes: number; maxAttempts: number; resendIntervalSeconds: number; maxSends: number }

const VERIFICATION_LIMITS: Record<keyof ResolvedVerificationOptions, [number, number, number]> = {
  // default, min, max
  codeTtlMinutes: [10, 1, 1440],
  maxAttempts: [5, 1, 20],
  resendIntervalSeconds: [60, 0, 3600],
  maxSends: [5, 1, 50],
}

/** Check and fill `risk.verification`; throws naming the bad key. */
export function resolveVerificationOptions(v: VerificationOptions = {}): ResolvedVerificationOptions {
  const unknown = Object.keys(v).filter((k) => !(k in VERIFICATION_LIMITS))
  if (unknown.length) throw new Error(`medusa-order-management: risk.verification: unknown option(s) ${unknown.join(", ")} (allowed: ${Object.keys(VERIFICATION_LIMITS).join(", ")})`)
  const out = {} as ResolvedVerificationOptions
  for (const [k, [def, min, max]] of Object.entries(VERIFICATION_LIMITS) as Array<[keyof ResolvedVerificationOptions, [number, number, number]]>) {
    const x = v[k] ?? def
    if (!Number.isInteger(x) || x < min || x > max) throw new Error(`medusa-order-management: risk.verification.${k} must be a whole number from ${min} to ${max}`)
    out[k] = x
  }
  return out
}
/** Medusa's address fields a store may require on the shipping address (FecShop's requiredAddressAttr). */
export const ADDRESS_FIELDS = ["first_name", "last_name", "phone", "company", "address_1", "address_2", "city", "province", "postal_code", "country_code"] as const
export type AddressField = (typeof ADDRESS_FIELDS)[number]

export type ResolvedRiskOptions = {
  /** shipping-address fields a checkout must carry (plugin option `requiredAddressFields`) */
  requiredAddressFields: AddressField[]
  trustedProxies: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>
  blacklist: boolean
  deviceHeader: string
  rateLimits: ReturnType<typeof resolveRateLimits>
  verification: ResolvedVerificationOptions
}

/** Check and fill the options; throws an Error naming the bad entry (the store does not start with it). */
export function resolveRiskOptions(o: RiskOptions = {}, requiredAddressFields: string[] = []): ResolvedRiskOptions {
  const unknown = requiredAddressFields.filter((f) => !(ADDRESS_FIELDS as readonly string[]).includes(f))
  if (unknown.length) throw new Error(`medusa-order-management: requiredAddressFields: ${unknown.join(", ")} is not an address field (${ADDRESS_FIELDS.join(", ")})`)
  const proxies = o.trustedProxies ?? ["127.0.0.1", "::1"]
  const ranges = proxies.map((p) => {
    try {
      return p.includes("/") ? ipaddr.parseCIDR(p) : ((a) => [a, a.kind() === "ipv4" ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number])(ipaddr.parse(p))
    } catch {
      throw new Error(`medusa-order-management: risk.trustedProxies: ${p} is not an IP address or CIDR range`)
    }
  })
  const header = (o.deviceHeader ?? "x-device-id").toLowerCase()
  if (!/^[a-z0-9-]+$/.test(header)) throw new Error("medusa-order-management: risk.deviceHeader must be a header name")
  return { requiredAddressFields: [...new Set(requiredAddressFields)] as AddressField[], trustedProxies: ranges, blacklist: o.blacklist !== false, deviceHeader: header, rateLimits: resolveRateLimits(o.rateLimits), verification: resolveVerificationOptions(o.verification) }
}

const asV4 = (a: ipaddr.IPv4 | ipaddr.IPv6) => (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a)

/** Is this address one of the trusted proxies? */
export function isTrustedProxy(o: ResolvedRiskOptions, address: string): boolean {
  let a: ipaddr.IPv4 | ipaddr.IPv6
  try {
    a = asV4(ipaddr.parse(address))
  } catch {
    return false
  }
  return o.trustedProxies.some(([net, bits]) => net.kind() === a.kind() && a.match(net as any, bits))
}

/**
 * The client's IP: the connection's address unless it is a trusted proxy; then X-Forwarded-For read from the right,
 * skipping trusted proxies (the first address that is not one is the client). Null when nothing parses.
 */
export function clientIpOf(o: ResolvedRiskOptions, remoteAddress: string | null | undefined, forwardedFor: string | string[] | null | undefined): string | null {
  const norm = (v: string) => {
    try {
      return asV4(ipaddr.parse(v.trim())).toString()
    } catch {
      return null
    }
  }
  const remote = remoteAddress ? norm(remoteAddress) : null
  if (!remote || !isTrustedProxy(o, remote)) return remote
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = norm(hops[i])
    if (!h) return remote
    if (!isTrustedProxy(o, h)) return h
  }
  return hops.length ? norm(hops[0]) : remote
}
