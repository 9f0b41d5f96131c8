/**
 * Alipay Open Platform v2 signatures (RSA2 = SHA256withRSA, base64).
 * Requests sign every non-empty parameter except `sign`, sorted by key, as
 * raw `k=v&...`; notifies drop `sign` and `sign_type`; responses sign the raw
 * text of the `<method>_response` JSON value.
 */
import { createSign, createVerify, type KeyObject } from "node:crypto"

export type AlipayParams = Record<string, string>

function sortedJoin(params: AlipayParams, skip: (k: string, v: string) => boolean): string {
  return Object.keys(params)
    .filter((k) => !skip(k, params[k]))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&")
}

/** The string a request signs: non-empty params except `sign` (sign_type included). */
export function requestSignContent(params: AlipayParams): string {
  return sortedJoin(params, (k, v) => k === "sign" || v === undefined || v === null || v === "")
}

/** The string a notify (or return_url redirect) signs: all params except `sign` and `sign_type`. */
export function notifySignContent(params: AlipayParams): string {
  return sortedJoin(params, (k, v) => k === "sign" || k === "sign_type" || v === undefined || v === null)
}

export function rsa2Sign(content: string, privateKey: KeyObject): string {
  return createSign("RSA-SHA256").update(content, "utf8").sign(privateKey, "base64")
}

export function rsa2Verify(content: string, signature: string, publicKey: KeyObject): boolean {
  if (!signature) return false
  try {
    return createVerify("RSA-SHA256").update(content, "utf8").verify(publicKey, signature, "base64")
  } catch {
    return false
  }
}

/**
 * Verify a notify's single-decoded form fields (never decode twice: values
 * such as passback_params may contain `%`). Like rsaCheckV1, empty values are
 * kept; as a fallback the string without them is tried.
 */
export function verifyNotify(params: AlipayParams, publicKey: KeyObject): boolean {
  const sign = params.sign
  if (typeof sign !== "string" || !sign) return false
  if (params.sign_type && params.sign_type !== "RSA2") return false
  if (rsa2Verify(notifySignContent(params), sign, publicKey)) return true
  const withoutEmpty = sortedJoin(params, (k, v) => k === "sign" || k === "sign_type" || v === "")
  return rsa2Verify(withoutEmpty, sign, publicKey)
}

/**
 * The exact text of the JSON value under `key` in a raw response body (from
 * its `{` to the matching `}`), scanning strings and escapes, so the verified
 * bytes are the bytes received. Returns null when the key is absent.
 */
export function extractJsonValue(raw: string, key: string): string | null {
  const marker = `"${key}"`
  let at = raw.indexOf(marker)
  if (at < 0) return null
  at = raw.indexOf(":", at + marker.length)
  if (at < 0) return null
  let i = at + 1
  while (i < raw.length && /\s/.test(raw[i])) i++
  if (raw[i] !== "{") return null
  let depth = 0
  let inString = false
  for (let j = i; j < raw.length; j++) {
    const c = raw[j]
    if (inString) {
      if (c === "\\") j++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === "{") depth++
    else if (c === "}" && --depth === 0) return raw.slice(i, j + 1)
  }
  return null
}

/** `alipay.trade.precreate` → `alipay_trade_precreate_response`. */
export function responseKey(method: string): string {
  return `${method.replace(/\./g, "_")}_response`
}

/** Beijing time `yyyy-MM-dd HH:mm:ss`, the format of every Alipay timestamp. */
export function beijingTimestamp(date: Date): string {
  const d = new Date(date.getTime() + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, "0")
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

/** Parse an Alipay Beijing-time timestamp back to a Date (null if malformed). */
export function parseBeijingTimestamp(text: unknown): Date | null {
  const m = typeof text === "string" && /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (!m) return null
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 8, +m[5], +m[6]))
}
