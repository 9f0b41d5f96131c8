/** The risk module's admin API (blacklist, rules, an order's assessment) and pure helpers for its pages. */
import { sdk } from "./sdk"
import { formatMinor } from "./money"

export type RiskLevel = "low" | "medium" | "high"
export type RiskAction = "allow" | "review" | "block" | "verify" | "cancel"
export const RISK_LEVELS: RiskLevel[] = ["low", "medium", "high"]
export const RISK_ACTIONS: RiskAction[] = ["allow", "review", "verify", "block", "cancel"]
export const BLACKLIST_TYPES = ["customer", "email", "email_domain", "phone", "ip", "device", "address"] as const
export type BlacklistType = (typeof BLACKLIST_TYPES)[number]
/** what "blacklist this customer" offers from an order */
export const ORDER_BLACKLIST_TYPES = ["customer", "email", "phone", "address", "ip", "device"] as const
export const RULE_CONDITIONS = ["blacklisted", "order_total_above", "customer_total_above", "velocity", "accounts_per_ip", "accounts_per_device", "new_customer", "ip_country_mismatch"] as const
export type RuleCondition = (typeof RULE_CONDITIONS)[number]
export const VELOCITY_SUBJECTS = ["customer", "email", "phone", "ip", "device"] as const

/** The params each condition needs (docs/risk.md), in the order the form shows them. */
export const CONDITION_PARAMS: Record<RuleCondition, string[]> = {
  blacklisted: [],
  order_total_above: ["amount_minor", "currency_code"],
  customer_total_above: ["amount_minor", "currency_code", "window_hours"],
  velocity: ["subject", "max", "window_minutes", "counts"],
  accounts_per_ip: ["max", "window_minutes"],
  accounts_per_device: ["max", "window_minutes"],
  new_customer: [],
  ip_country_mismatch: ["allow"],
}

/** Params a rule may leave out (the form sends them only when filled). */
export const OPTIONAL_PARAMS = new Set(["allow", "counts"])
/** What a velocity rule counts: checkouts (completion attempts, the default) or payment attempts. */
export const VELOCITY_COUNTS = ["checkouts", "payment_attempts"] as const

export type OrderRisk = {
  level: RiskLevel
  score: number
  action: RiskAction
  rules: Array<{ rule_id: string; name: string; condition: string; action: RiskAction; weight: number; detail: string | null }>
  ip: string | null
  device_id: string | null
  ip_country: string | null
}

export type RiskRule = { id: string; name: string; priority: number; enabled: boolean; condition: RuleCondition; params: Record<string, unknown> | null; action: RiskAction; weight: number }
export type BlacklistEntry = { id: string; type: BlacklistType; value: string; display_value: string; reason: string; created_by: { type: string; id: string | null; email?: string | null } | null; expires_at: string | null; source: string; active: boolean; created_at: string }
export type ImportResult = { created: number; updated: number; skipped: number; errors: Array<{ line: number; message: string }> }

const B = "/admin/order-management/risk"
export const riskApi = {
  forOrder: (orderId: string) => sdk.client.fetch<{ risk: OrderRisk | null }>(`/admin/order-management/orders/${orderId}`),
  blacklistOrder: (orderId: string, body: { types: string[]; reason: string; expires_at?: string }) =>
    sdk.client.fetch<{ entries: Array<BlacklistEntry & { duplicate?: boolean }>; skipped: Array<{ type: string; message: string }> }>(`/admin/order-management/orders/${orderId}/blacklist`, { method: "POST", body }),
  rules: () => sdk.client.fetch<{ rules: RiskRule[] }>(`${B}/rules`),
  addRule: (body: { name: string; condition: RuleCondition; params?: Record<string, unknown>; action: RiskAction; weight?: number; priority?: number }) =>
    sdk.client.fetch<{ rule: RiskRule }>(`${B}/rules`, { method: "POST", body }),
  changeRule: (id: string, body: Partial<Omit<RiskRule, "id">>) => sdk.client.fetch<{ rule: RiskRule }>(`${B}/rules/${id}`, { method: "POST", body }),
  /** every rule's id, first evaluated first */
  reorderRules: (ids: string[]) => sdk.client.fetch<{ rules: RiskRule[] }>(`${B}/rule-order`, { method: "POST", body: { ids } }),
  deleteRule: (id: string) => sdk.client.fetch<{ id: string; deleted: boolean }>(`${B}/rules/${id}`, { method: "DELETE" }),
  blacklist: (query: { type?: string; q?: string; limit: number; offset: number }) =>
    sdk.client.fetch<{ entries: BlacklistEntry[]; count: number; limit: number; offset: number }>(`${B}/blacklist`, { query }),
  addEntry: (body: { type: BlacklistType; value: string; reason: string; expires_at?: string }) => sdk.client.fetch<{ entry: BlacklistEntry }>(`${B}/blacklist`, { method: "POST", body }),
  deleteEntry: (id: string) => sdk.client.fetch<{ id: string; deleted: boolean }>(`${B}/blacklist/${id}`, { method: "DELETE" }),
  importCsv: (csv: string) => sdk.client.fetch<ImportResult>(`${B}/blacklist/import`, { method: "POST", body: { csv, on_duplicate: "skip" } }),
  exportPath: `${B}/blacklist/export`,
}

export const riskKeys = {
  all: ["order-management", "risk"] as const,
  rules: ["order-management", "risk", "rules"] as const,
  blacklist: (q: Record<string, unknown>) => ["order-management", "risk", "blacklist", q] as const,
}

/** The badge colour of a level. */
export const riskColor = (level: string | null | undefined): "green" | "orange" | "red" | "grey" =>
  level === "low" ? "green" : level === "medium" ? "orange" : level === "high" ? "red" : "grey"

/**
 * A rule's params in a few words: "> ¥1,000.00", "> ¥5,000.00 / 24 h", "ip > 3 / 60 min", "> 2 / 30 min",
 * "≠ (HK-CN ok)"; "" when it has none.
 */
export function paramsSummary(condition: string, params: Record<string, unknown> | null | undefined, locale = "en"): string {
  const p = params ?? {}
  const n = (k: string) => (typeof p[k] === "number" ? (p[k] as number) : Number(p[k]))
  const money = () => {
    const cur = typeof p.currency_code === "string" && /^[a-z]{3}$/i.test(p.currency_code) ? p.currency_code : null
    const amt = n("amount_minor")
    if (!Number.isFinite(amt)) return "?"
    return cur ? formatMinor(Math.trunc(amt), cur, locale) : String(amt)
  }
  switch (condition) {
    case "order_total_above":
      return `> ${money()}`
    case "customer_total_above":
      return `> ${money()} / ${Number.isFinite(n("window_hours")) ? n("window_hours") : "?"} h`
    case "velocity":
      return `${typeof p.subject === "string" ? p.subject : "?"} > ${Number.isFinite(n("max")) ? n("max") : "?"} / ${Number.isFinite(n("window_minutes")) ? n("window_minutes") : "?"} min${p.counts === "payment_attempts" ? (locale.startsWith("zh") ? "（支付尝试）" : " (payment attempts)") : ""}`
    case "accounts_per_ip":
    case "accounts_per_device":
      return `> ${Number.isFinite(n("max")) ? n("max") : "?"} / ${Number.isFinite(n("window_minutes")) ? n("window_minutes") : "?"} min`
    case "ip_country_mismatch":
      return Array.isArray(p.allow) && p.allow.length ? `≠ (${(p.allow as string[]).join(", ")} ok)` : "≠"
    default:
      return ""
  }
}

/**
 * The form's text fields → the API's params for a condition: numbers as integers, the amount typed in major units
 * (minor = amount × 10^digits, by string arithmetic), the currency lower case. Fields the condition does not use are
 * dropped. `error` names the first missing or bad field.
 */
export function buildParams(condition: RuleCondition, form: Record<string, string>, parseAmount: (text: string, currency: string) => number | null): { params: Record<string, unknown>; error?: string } {
  const params: Record<string, unknown> = {}
  for (const k of CONDITION_PARAMS[condition]) {
    const v = (form[k] ?? "").trim()
    if (OPTIONAL_PARAMS.has(k) && !v) continue
    if (k === "allow") {
      // "HK-CN, mo-cn" → ["HK-CN", "MO-CN"]
      const pairs = v.split(/[\s,，;]+/).filter(Boolean)
      if (!pairs.every((x) => /^[a-z]{2}-[a-z]{2}$/i.test(x))) return { params, error: k }
      params[k] = pairs.map((x) => x.toUpperCase())
    } else if (k === "counts") {
      if (!(VELOCITY_COUNTS as readonly string[]).includes(v)) return { params, error: k }
      if (v !== "checkouts") params[k] = v
    } else if (k === "currency_code") {
      if (!/^[a-z]{3}$/i.test(v)) return { params, error: k }
      params[k] = v.toLowerCase()
    } else if (k === "subject") {
      if (!(VELOCITY_SUBJECTS as readonly string[]).includes(v)) return { params, error: k }
      params[k] = v
    } else if (k === "amount_minor") {
      const m = parseAmount(v, (form.currency_code || "cny").toLowerCase())
      if (m === null) return { params, error: k }
      params[k] = m
    } else {
      if (!/^\d{1,9}$/.test(v) || Number(v) < 1) return { params, error: k }
      params[k] = Number(v)
    }
  }
  return { params }
}

/** A date (yyyy-mm-dd, from an <input type=date>) as the end of that day in the browser's time zone, ISO; "" → undefined. */
export function expiryIso(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined
  const [y, m, d] = day.split("-").map(Number)
  return new Date(y, m - 1, d, 23, 59, 59).toISOString()
}

/** The ids in evaluation order with the rule at `index` moved one place up (-1) or down (+1); unchanged at the ends. */
export function movedIds(ids: string[], index: number, by: -1 | 1): string[] {
  const to = index + by
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return ids
  const next = [...ids]
  ;[next[index], next[to]] = [next[to], next[index]]
  return next
}
