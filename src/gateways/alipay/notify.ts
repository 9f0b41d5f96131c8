/**
 * Alipay asynchronous notifications (异步通知) read from the exact bytes received, in the charset the notify declares.
 *
 * A notify is an application/x-www-form-urlencoded POST whose `charset` field names the encoding of every value
 * (utf-8, or GBK / GB2312 for merchants whose application is set to it). Alipay signs the sorted `k=v&…` content as
 * bytes in that charset (alipay-sdk `AlipaySignature.rsaCheckV1(params, publicKey, charset)`; the open platform's
 * "异步通知验签" page: sort all fields but sign and sign_type, join with &, verify with RSA2 over the charset's bytes).
 * So each value is percent-decoded to bytes once, those bytes are verified as they are, and only then decoded to text
 * with the declared charset (TextDecoder, WHATWG Encoding). Nothing is decoded twice (passback_params may hold `%`).
 */
import { createVerify, type KeyObject } from "node:crypto"
import type { AlipayParams } from "./sign"

export type NotifyForm = {
  /** the charset the notify declared (lower case), utf-8 when it declared none */
  charset: string
  /** every field as text, decoded once in that charset */
  fields: AlipayParams
  /** every field's value as the bytes received (after percent-decoding) */
  bytes: Map<string, Buffer>
}

/** application/x-www-form-urlencoded → bytes: `+` is a space, `%XX` a byte, anything else its own (ASCII) byte. */
function formBytes(part: string): Buffer {
  const out: number[] = []
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i)
    if (c === 0x2b) out.push(0x20)
    else if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(part.slice(i + 1, i + 3))) {
      out.push(parseInt(part.slice(i + 1, i + 3), 16))
      i += 2
    } else out.push(c & 0xff)
  }
  return Buffer.from(out)
}

/**
 * Split a raw notify body into fields, in its declared charset.
 * @param raw the request body exactly as received
 * @throws RangeError when the declared charset is not one the WHATWG Encoding standard knows
 */
export function parseNotifyForm(raw: Buffer | string): NotifyForm {
  const text = Buffer.isBuffer(raw) ? raw.toString("latin1") : raw
  const pairs = text.split("&").filter(Boolean).map((p) => {
    const at = p.indexOf("=")
    return [formBytes(at < 0 ? p : p.slice(0, at)).toString("latin1"), formBytes(at < 0 ? "" : p.slice(at + 1))] as const
  })
  const declared = pairs.find(([k]) => k === "charset")?.[1].toString("latin1").trim().toLowerCase()
  const charset = declared || "utf-8"
  const decoder = new TextDecoder(charset, { fatal: false })
  const bytes = new Map<string, Buffer>()
  const fields: AlipayParams = {}
  for (const [k, v] of pairs) {
    bytes.set(k, v)
    fields[k] = decoder.decode(v)
  }
  return { charset, fields, bytes }
}

/**
 * Verify a notify on its bytes: the sorted `k=v` content (all fields but `sign` and `sign_type`) assembled from the
 * received value bytes, RSA2 (SHA256withRSA). Like rsaCheckV1, empty values are kept; the content without them is
 * tried as a fallback.
 */
export function verifyNotifyForm(form: NotifyForm, publicKey: KeyObject): boolean {
  const sign = form.fields.sign
  if (!sign) return false
  if (form.fields.sign_type && form.fields.sign_type !== "RSA2") return false
  const content = (skipEmpty: boolean) => {
    const keys = [...form.bytes.keys()].filter((k) => k !== "sign" && k !== "sign_type" && !(skipEmpty && form.bytes.get(k)!.length === 0)).sort()
    const parts: Buffer[] = []
    keys.forEach((k, i) => {
      if (i) parts.push(Buffer.from("&"))
      parts.push(Buffer.from(`${k}=`, "latin1"), form.bytes.get(k)!)
    })
    return Buffer.concat(parts)
  }
  const check = (c: Buffer) => {
    try {
      return createVerify("RSA-SHA256").update(c).verify(publicKey, sign, "base64")
    } catch {
      return false
    }
  }
  return check(content(false)) || check(content(true))
}
