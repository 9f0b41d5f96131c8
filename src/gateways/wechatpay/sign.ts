/**
 * WeChat Pay API v3 signatures: the request Authorization header
 * (SHA256withRSA over "METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n") and the
 * verification of responses and callbacks over
 * "Wechatpay-Timestamp\nWechatpay-Nonce\nRAW_BODY\n", with the key chosen by
 * Wechatpay-Serial (platform certificate serial or PUB_KEY_ID_...).
 */
import { createSign, createVerify, randomBytes, type KeyObject } from "node:crypto"

export const SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
export const SIGNTEST_PREFIX = "WECHATPAY/SIGNTEST/"

export function nonceString(bytes = 16): string {
  return randomBytes(bytes).toString("hex").toUpperCase()
}

export function signMessage(message: string, privateKey: KeyObject): string {
  return createSign("RSA-SHA256").update(message, "utf8").sign(privateKey, "base64")
}

/** The Authorization header for one request (`url` = path + query exactly as sent). */
export function buildAuthorization(input: {
  mchid: string
  serialNo: string
  privateKey: KeyObject
  method: string
  url: string
  body: string
  timestamp: number
  nonce: string
}): string {
  const message = `${input.method.toUpperCase()}\n${input.url}\n${input.timestamp}\n${input.nonce}\n${input.body}\n`
  const signature = signMessage(message, input.privateKey)
  return `${SIGNATURE_TYPE} mchid="${input.mchid}",nonce_str="${input.nonce}",signature="${signature}",timestamp="${input.timestamp}",serial_no="${input.serialNo}"`
}

export type SignedHeaders = {
  timestamp?: string
  nonce?: string
  signature?: string
  serial?: string
}

export type VerifyFailure = "missing_headers" | "signature_probe" | "unknown_serial" | "stale_timestamp" | "bad_signature"
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure; message: string }

/** Read the Wechatpay-* headers from a Node/Fetch headers object (case-insensitive). */
export function signedHeaders(headers: Record<string, unknown> | Headers): SignedHeaders {
  const get = (name: string) => {
    if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined
    const v = (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()]
    return Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v)
  }
  return {
    timestamp: get("wechatpay-timestamp"),
    nonce: get("wechatpay-nonce"),
    signature: get("wechatpay-signature"),
    serial: get("wechatpay-serial"),
  }
}

/**
 * Verify a response or callback on its raw body. Probes (signature starting
 * with WECHATPAY/SIGNTEST/) are rejected by name; the timestamp must be
 * within `windowSeconds` of now either way.
 */
export function verifySigned(
  h: SignedHeaders,
  rawBody: string | Buffer,
  keys: ReadonlyMap<string, KeyObject>,
  opts: { now?: Date; windowSeconds?: number } = {}
): VerifyResult {
  if (!h.timestamp || !h.nonce || !h.signature || !h.serial) {
    return { ok: false, reason: "missing_headers", message: "Wechatpay-Timestamp, -Nonce, -Signature and -Serial are required" }
  }
  if (h.signature.startsWith(SIGNTEST_PREFIX)) {
    return { ok: false, reason: "signature_probe", message: "signature probe (WECHATPAY/SIGNTEST/) refused" }
  }
  const key = keys.get(h.serial)
  if (!key) return { ok: false, reason: "unknown_serial", message: `unknown Wechatpay-Serial ${h.serial}` }
  const ts = Number(h.timestamp)
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000)
  if (!/^\d+$/.test(h.timestamp) || Math.abs(now - ts) >= (opts.windowSeconds ?? 300)) {
    return { ok: false, reason: "stale_timestamp", message: `Wechatpay-Timestamp ${h.timestamp} is outside the ${opts.windowSeconds ?? 300}s window` }
  }
  const body = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8")
  let ok = false
  try {
    ok = createVerify("RSA-SHA256").update(`${h.timestamp}\n${h.nonce}\n${body}\n`, "utf8").verify(key, h.signature, "base64")
  } catch {
    ok = false
  }
  return ok ? { ok: true } : { ok: false, reason: "bad_signature", message: "Wechatpay-Signature does not verify" }
}
