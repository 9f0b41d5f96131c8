import type { MedusaContainer } from "@medusajs/framework/types"
import type { Credential } from "./mask"

/** production / sandbox: the platform's own endpoints; custom: another URL (a proxy or a simulator). */
export type ChannelMode = "production" | "sandbox" | "custom" | "self-hosted" | "offline" | "internal"

export type ChannelDescription = {
  mode: ChannelMode
  endpoint: string | null
  credentials: Credential[]
  /** the callback URL the provider's options send to the platform (null where it is registered at the platform) */
  configured_callback_url: string | null
  /** BTCPay: the webhook is registered in the platform's own settings */
  callback_registered_at_platform: boolean
  /** non-secret settings worth seeing (expiry, coins, accounts) */
  settings: Array<{ name: string; value: string }>
}

/** What "test connection" found, in words an admin can act on. */
export type Diagnosis = { ok: boolean; summary: string; details: string[] }

export type ChannelSpec = {
  identifier: string
  label: string
  /** what to set to turn the channel on (shown for a channel that is not configured) */
  requiredOptions: string[]
  describe(options: Record<string, any>): ChannelDescription
  /** a harmless call to the platform (a query for an order that does not exist, a status or store read) */
  diagnose(options: Record<string, any>, ctx: { callbackUrl: string; container: MedusaContainer }): Promise<Diagnosis>
}

export function modeOf(endpoint: string, production: string, sandbox?: RegExp | string): ChannelMode {
  if (endpoint.replace(/\/$/, "") === production.replace(/\/$/, "")) return "production"
  if (sandbox && (typeof sandbox === "string" ? endpoint.replace(/\/$/, "") === sandbox.replace(/\/$/, "") : sandbox.test(endpoint))) return "sandbox"
  return "custom"
}

/** Transport failures read the same for every platform: no answer at all, or a server error. */
export function unreachable(endpoint: string, e: unknown): Diagnosis {
  const status = (e as { status?: number }).status
  if (status) return { ok: false, summary: `${endpoint} answered HTTP ${status}: the platform has a problem right now; try again later.`, details: [(e as Error).message] }
  return { ok: false, summary: `Could not reach ${endpoint}`, details: [(e as Error).message, "Check the endpoint option, DNS and the firewall between this server and the platform."] }
}
