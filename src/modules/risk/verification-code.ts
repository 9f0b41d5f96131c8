import { randomBytes, randomInt, scryptSync, timingSafeEqual } from "node:crypto"
import type { ResolvedVerificationOptions } from "./options"

/** The hold reason of an order waiting for its identity check (the storefront and the admin show it). */
export const VERIFICATION_HOLD_REASON = "waiting for identity verification"

/** A one-time code: 6 digits from the system's CSPRNG (`crypto.randomInt`), leading zeros kept. */
export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0")
}

const SCRYPT = { N: 16384, r: 8, p: 1 } as const

/** The stored form of a code: "<salt hex>:<scrypt hash hex>" (16 random bytes of salt, 32 bytes of hash). */
export function hashCode(code: string): string {
  const salt = randomBytes(16)
  return `${salt.toString("hex")}:${scryptSync(code, salt, 32, SCRYPT).toString("hex")}`
}

/** Does `code` (spaces and dashes ignored) match the stored hash? Constant-time compare; false for a malformed hash. */
export function codeMatches(code: string, stored: string | null | undefined): boolean {
  const [salt, hash] = String(stored ?? "").split(":")
  if (!salt || !hash) return false
  const want = Buffer.from(hash, "hex")
  const got = scryptSync(code.replace(/[\s-]/g, ""), Buffer.from(salt, "hex"), want.length, SCRYPT)
  return want.length === got.length && timingSafeEqual(want, got)
}

/** "l***i@example.com": the first and last letter of the local part (one letter: "l***"). */
export function maskEmail(email: string): string {
  const [local, domain] = email.split("@")
  if (!domain) return "***"
  return `${local.length <= 1 ? local : `${local[0]}***${local.length > 2 ? local[local.length - 1] : ""}`}@${domain}`
}

/** "+86******8000": the country code and the last 4 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "")
  const cc = digits.startsWith("+86") ? "+86" : digits.startsWith("+") ? digits.slice(0, 2) : ""
  const rest = digits.slice(cc.length)
  return `${cc}${"*".repeat(Math.max(rest.length - 4, 2))}${rest.slice(-4)}`
}

/** The parts of a challenge these decisions read. */
export type ChallengeState = { status: string; sends: number; attempts: number; last_sent_at: Date | string | null; expires_at: Date | string | null; code_hash: string | null }

/**
 * May a (new) code be sent now? `{ ok: true }`, or why not: already verified (409), every code of the order used
 * (`maxSends`, 429) or too soon after the last one (`resendIntervalSeconds`, 429 with `retry_after` seconds).
 */
export function sendDecision(c: ChallengeState | null, o: ResolvedVerificationOptions, now = new Date()): { ok: true } | { ok: false; status: 409 | 429; message: string; retry_after?: number } {
  if (!c) return { ok: true }
  if (c.status === "verified" || c.status === "skipped") return { ok: false, status: 409, message: "This order needs no verification" }
  if (c.sends >= o.maxSends) return { ok: false, status: 429, message: `No more codes can be sent for this order (at most ${o.maxSends}); please contact customer service` }
  if (c.last_sent_at) {
    const wait = Math.ceil((new Date(c.last_sent_at).getTime() + o.resendIntervalSeconds * 1000 - now.getTime()) / 1000)
    if (wait > 0) return { ok: false, status: 429, message: `A code was sent a moment ago; you can ask for another in ${wait} second${wait === 1 ? "" : "s"}`, retry_after: wait }
  }
  return { ok: true }
}

/**
 * Check a code against the challenge: `verified`; `wrong` (attempts left; at 0 the challenge locks and a new code
 * must be requested); `expired`; `locked` (too many wrong codes already); `no_code` (none was sent); `done` (verified
 * or skipped before). The caller stores the attempt count and status.
 */
export function confirmDecision(c: ChallengeState, code: string, o: ResolvedVerificationOptions, now = new Date()):
  | { result: "verified" }
  | { result: "wrong"; attempts: number; attempts_left: number; locked: boolean }
  | { result: "expired" | "locked" | "no_code" | "done" } {
  if (c.status === "verified" || c.status === "skipped") return { result: "done" }
  if (c.status === "locked") return { result: "locked" }
  if (!c.code_hash || !c.expires_at) return { result: "no_code" }
  if (new Date(c.expires_at).getTime() <= now.getTime()) return { result: "expired" }
  if (codeMatches(code, c.code_hash)) return { result: "verified" }
  const attempts = c.attempts + 1
  const left = Math.max(o.maxAttempts - attempts, 0)
  return { result: "wrong", attempts, attempts_left: left, locked: left === 0 }
}
