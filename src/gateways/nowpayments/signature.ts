/**
 * NOWPayments IPN signature: `x-nowpayments-sig` = hex HMAC-SHA512 (IPN
 * secret) of the JSON body with keys sorted recursively and no whitespace.
 * The older documented form, JSON.stringify(body, Object.keys(body).sort()),
 * drops nested keys absent at the top level; both are accepted. Comparison is
 * constant-time. The signature carries no timestamp: callers re-query.
 */
import { createHmac, timingSafeEqual } from "node:crypto"

export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`).join(",")}}`
  }
  return JSON.stringify(value)
}

export function legacyJson(value: Record<string, unknown>): string {
  return JSON.stringify(value, Object.keys(value).sort())
}

export function hmacSha512Hex(text: string, secret: string): string {
  return createHmac("sha512", secret).update(text, "utf8").digest("hex")
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), "utf8")
  const y = Buffer.from(b.toLowerCase(), "utf8")
  return x.length === y.length && timingSafeEqual(x, y)
}

export type IpnVerdict = { ok: true; body: Record<string, any> } | { ok: false; reason: string; message: string }

export function verifyIpn(rawBody: string | Buffer, signature: unknown, secret: string): IpnVerdict {
  if (typeof signature !== "string" || !/^[0-9a-fA-F]{128}$/.test(signature)) {
    return { ok: false, reason: "missing_signature", message: "x-nowpayments-sig is missing or malformed" }
  }
  let body: Record<string, any>
  try {
    body = JSON.parse(typeof rawBody === "string" ? rawBody : rawBody.toString("utf8"))
  } catch {
    return { ok: false, reason: "unreadable", message: "the IPN body is not JSON" }
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, reason: "unreadable", message: "the IPN body is not an object" }
  const candidates = [sortedJson(body), legacyJson(body)]
  const ok = candidates.some((c) => sameHex(hmacSha512Hex(c, secret), signature))
  return ok ? { ok: true, body } : { ok: false, reason: "bad_signature", message: "x-nowpayments-sig does not verify" }
}
