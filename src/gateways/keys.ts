import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto"

function wrap(body: string, label: string): string {
  const b64 = body.replace(/\s+/g, "")
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----\n`
}

/**
 * A private key from PEM (PKCS#8 or PKCS#1) or the bare base64 PKCS#8 that
 * Alipay's key tool and WeChat's console hand out.
 */
export function loadPrivateKey(key: string | KeyObject): KeyObject {
  if (key instanceof KeyObject) return key
  const text = key.trim()
  if (text.startsWith("-----BEGIN")) return createPrivateKey(text)
  try {
    return createPrivateKey(wrap(text, "PRIVATE KEY"))
  } catch {
    return createPrivateKey(wrap(text, "RSA PRIVATE KEY"))
  }
}

/** A public key from PEM (SPKI or certificate) or bare base64 SPKI. */
export function loadPublicKey(key: string | KeyObject): KeyObject {
  if (key instanceof KeyObject) return key
  const text = key.trim()
  if (text.startsWith("-----BEGIN")) return createPublicKey(text)
  return createPublicKey(wrap(text, "PUBLIC KEY"))
}

/** True when the string parses as a key of the wanted kind (for option validation). */
export function isKey(key: unknown, kind: "private" | "public"): boolean {
  if (typeof key !== "string" || !key.trim()) return false
  try {
    ;(kind === "private" ? loadPrivateKey : loadPublicKey)(key)
    return true
  } catch {
    return false
  }
}
