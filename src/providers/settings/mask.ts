import { createHash, createPublicKey, X509Certificate } from "node:crypto"
import { loadPrivateKey, loadPublicKey } from "../../gateways/keys"

/**
 * How the settings page shows credentials: identifiers partly, secrets not at
 * all (only that they are set and how long), keys and certificates by what is
 * public about them (type, size, fingerprint of the public key, expiry).
 */
export type Credential = { name: string; value: string | null; kind: "id" | "secret" | "key" | "certificate" | "url"; note?: string }

/** 2021000000000001 → 2021********0001; short values keep less. */
export function maskId(v: unknown): string | null {
  if (typeof v !== "string" || !v) return null
  if (v.length >= 12) return `${v.slice(0, 4)}${"*".repeat(Math.min(8, v.length - 8))}${v.slice(-4)}`
  if (v.length >= 6) return `${v.slice(0, 2)}***${v.slice(-2)}`
  return "****"
}

/** A secret is never shown, not even in part. */
export function maskSecret(v: unknown): string | null {
  return typeof v === "string" && v ? `set (${v.length} characters)` : null
}

function fingerprint(spkiDer: Buffer): string {
  return createHash("sha256").update(spkiDer).digest("hex").slice(0, 16).match(/../g)!.join(":")
}

/** "RSA 2048-bit, public key SHA-256 ab:cd:…" for a private or public key (the public half identifies it). */
export function describeKey(v: unknown, kind: "private" | "public"): string | null {
  if (typeof v !== "string" || !v) return null
  try {
    const key = kind === "private" ? createPublicKey(loadPrivateKey(v)) : loadPublicKey(v)
    const bits = key.asymmetricKeyDetails?.modulusLength
    return `${String(key.asymmetricKeyType).toUpperCase()}${bits ? ` ${bits}-bit` : ""}, public key SHA-256 ${fingerprint(key.export({ type: "spki", format: "der" }) as Buffer)}`
  } catch {
    return "unreadable key"
  }
}

/** The first certificate of a PEM: subject CN, serial, expiry (flagged when it is near or past). */
export function describeCertificate(pem: unknown, now = new Date()): { value: string; note?: string } | null {
  if (typeof pem !== "string" || !pem) return null
  const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0]
  if (!first) return { value: "unreadable certificate" }
  try {
    const c = new X509Certificate(first)
    const cn = /CN=([^\n]+)/.exec(c.subject)?.[1] ?? c.subject.replace(/\n/g, ", ")
    const expires = new Date(c.validTo)
    const days = Math.floor((expires.getTime() - now.getTime()) / 86400_000)
    return {
      value: `${cn}, serial ${c.serialNumber}, valid until ${expires.toISOString().slice(0, 10)}`,
      note: days < 0 ? "expired" : days < 30 ? `expires in ${days} days` : undefined,
    }
  } catch {
    return { value: "unreadable certificate" }
  }
}

export const id = (name: string, v: unknown): Credential => ({ name, value: maskId(v), kind: "id" })
export const secret = (name: string, v: unknown): Credential => ({ name, value: maskSecret(v), kind: "secret" })
export const key = (name: string, v: unknown, kind: "private" | "public"): Credential => ({ name, value: describeKey(v, kind), kind: "key" })
export function certificate(name: string, pem: unknown): Credential {
  const d = describeCertificate(pem)
  return { name, value: d?.value ?? null, kind: "certificate", ...(d?.note ? { note: d.note } : {}) }
}
