import { defaultCurrencies } from "@medusajs/framework/utils"
import { fromMinorUnits } from "../../utils/money"
import type { RULE_ACTIONS, RULE_CONDITIONS } from "./models/risk-rule"

export type RuleCondition = (typeof RULE_CONDITIONS)[number]
export type RuleAction = (typeof RULE_ACTIONS)[number]
export type RiskRuleRow = { id: string; name: string; priority: number; enabled: boolean; condition: RuleCondition; params: Record<string, any> | null; action: RuleAction; weight: number }
/**
 * Why a rule matched, as data (the admin renders it in its own language): amounts in minor units with their
 * currency, counts, windows, countries, blacklist types. Which keys depends on the condition (see matchRule).
 */
export type HitFacts = Record<string, string | number | string[] | null>
/** One matching rule: `detail` is the English sentence (e.g. "total CNY 1,290.00 above CNY 1,000.00"), `facts` its data. */
export type RiskHit = { rule_id: string; name: string; condition: RuleCondition; action: RuleAction; weight: number; detail: string; facts?: HitFacts }
/** Where the rules run: a payment attempt (payment-session creation) or cart completion. */
export type RiskStage = "payment_session" | "completion"
/** What a velocity rule counts: checkouts (completion attempts, the default) or payment attempts. */
export type VelocityCounts = "checkouts" | "payment_attempts"
export const VELOCITY_COUNTS: readonly VelocityCounts[] = ["checkouts", "payment_attempts"]
export type RiskDecision = { action: RuleAction; level: "low" | "medium" | "high"; score: number; hits: RiskHit[] }

/** What the rules ask about a checkout; each answered once, only if a rule needs it. Amounts in minor units. */
export type RiskFacts = {
  currency_code: string
  total_minor: number
  /** the client IP's country (ISO 3166-1 alpha-2, GeoIP) and the shipping address's; null when unknown */
  ip_country?: string | null
  shipping_country?: string | null
  blacklisted(): Promise<string[]>
  /** the customer's (or email's) order totals in this currency over the last `hours`, this checkout not included */
  customerTotal(hours: number): Promise<number>
  /**
   * where the rules run: "payment_session" (a payment attempt: Medusa's payment-session creation) or "completion"
   * (cart completion; the default)
   */
  stage?: RiskStage
  /**
   * earlier checkouts (completion attempts) or payment attempts (payment-session creations) by the subject in the last
   * `minutes` (this one not included); null when the checkout has no such subject
   */
  velocity(subject: "customer" | "email" | "phone" | "ip" | "device", minutes: number, counts?: VelocityCounts): Promise<number | null>
  /** distinct customers / emails from this IP or device in the last `minutes`, this checkout's included */
  accountsPer(kind: "ip" | "device", minutes: number): Promise<number | null>
  isNewCustomer(): Promise<boolean>
}

/** "CNY 1,290.00": minor units in major units with the currency (the plugin's money helper; no floats). */
export function formatMoney(minor: number, currency: string): string {
  const [int, frac] = fromMinorUnits(minor, currency).split(".")
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")
  return `${currency.toUpperCase()} ${grouped}${frac ? `.${frac}` : ""}`
}

const VELOCITY_SUBJECTS = ["customer", "email", "phone", "ip", "device"] as const
const MAX_WINDOW_MINUTES = 60 * 24 * 31
const MAX_WINDOW_HOURS = 24 * 366

/** Is this a currency Medusa knows (ISO 4217: the currencies a store can sell in)? Any case. */
export function isKnownCurrency(code: unknown): boolean {
  return typeof code === "string" && /^[a-z]{3}$/i.test(code) && Object.prototype.hasOwnProperty.call(defaultCurrencies, code.toUpperCase())
}

type ParamCheck = (v: any) => string | null
const whole = (min: number, max: number, what = ""): ParamCheck => (v) => (Number.isInteger(v) && v >= min && v <= max ? null : `must be a whole number from ${min} to ${max}${what}`)
const amount: ParamCheck = (v) => (Number.isSafeInteger(v) && v >= 0 ? null : "must be a whole number of minor units, 0 or more (100000 is 1,000.00 of a 2-decimal currency)")
const PARAMS: Record<RuleCondition, Record<string, { required: boolean; check: ParamCheck }>> = {
  blacklisted: {},
  new_customer: {},
  order_total_above: {
    amount_minor: { required: true, check: amount },
    currency_code: { required: true, check: (v) => (isKnownCurrency(v) ? null : `must be a currency code (ISO 4217, e.g. cny, usd)${typeof v === "string" ? `; ${v} is not one` : ""}`) },
  },
  customer_total_above: {
    amount_minor: { required: true, check: amount },
    currency_code: { required: true, check: (v) => (isKnownCurrency(v) ? null : `must be a currency code (ISO 4217, e.g. cny, usd)${typeof v === "string" ? `; ${v} is not one` : ""}`) },
    window_hours: { required: true, check: whole(1, MAX_WINDOW_HOURS, " (24 = a day, 720 = a month)") },
  },
  velocity: {
    subject: { required: true, check: (v) => ((VELOCITY_SUBJECTS as readonly unknown[]).includes(v) ? null : `must be one of: ${VELOCITY_SUBJECTS.join(", ")}`) },
    max: { required: true, check: whole(1, 1_000_000, " (checkouts allowed in the window)") },
    window_minutes: { required: true, check: whole(1, MAX_WINDOW_MINUTES) },
    counts: { required: false, check: (v) => ((VELOCITY_COUNTS as readonly unknown[]).includes(v) ? null : `must be one of: ${VELOCITY_COUNTS.join(", ")}`) },
  },
  accounts_per_ip: { max: { required: true, check: whole(1, 1_000_000, " (accounts allowed)") }, window_minutes: { required: true, check: whole(1, MAX_WINDOW_MINUTES) } },
  accounts_per_device: { max: { required: true, check: whole(1, 1_000_000, " (accounts allowed)") }, window_minutes: { required: true, check: whole(1, MAX_WINDOW_MINUTES) } },
  ip_country_mismatch: {
    allow: {
      required: false,
      check: (v) => {
        if (!Array.isArray(v) || v.length > 500) return 'must be a list of "<IP country>-<shipping country>" pairs, e.g. ["HK-CN"]'
        const bad = v.find((p) => typeof p !== "string" || !/^[a-z]{2}-[a-z]{2}$/i.test(p))
        return bad === undefined ? null : `must be a list of "<IP country>-<shipping country>" pairs, e.g. ["HK-CN"]; ${JSON.stringify(bad)} is not one`
      },
    },
  },
}

/** The params each condition takes (required ones first), for messages and the admin's form. */
export const CONDITION_PARAM_NAMES: Record<RuleCondition, string[]> = Object.fromEntries(Object.entries(PARAMS).map(([c, p]) => [c, Object.keys(p)])) as any

/**
 * Check a rule's params for its condition: a message naming the first bad field (`params.window_minutes must be a
 * whole number from 1 to 44640`, `params.colour is not a parameter of velocity (it takes: subject, max,
 * window_minutes)`), or null when they are right.
 */
export function ruleParamsError(condition: RuleCondition, p: Record<string, any> | null | undefined): string | null {
  const spec = PARAMS[condition]
  if (!spec) return `condition ${condition} is not known`
  if (p != null && (typeof p !== "object" || Array.isArray(p))) return "params must be an object"
  const q = p ?? {}
  const takes = Object.keys(spec)
  const unknown = Object.keys(q).find((k) => !takes.includes(k))
  if (unknown !== undefined) return `params.${unknown} is not a parameter of ${condition} (${takes.length ? `it takes: ${takes.join(", ")}` : "it takes none"})`
  for (const [k, s] of Object.entries(spec)) {
    if (q[k] === undefined || q[k] === null) {
      if (s.required) return `params.${k} is required (${condition} takes: ${takes.join(", ")})`
      continue
    }
    const e = s.check(q[k])
    if (e) return `params.${k} ${e}`
  }
  return null
}

type Match = { detail: string; facts: HitFacts }

/** Does the rule match? The reason (an English sentence for the admin and its data), or null. */
async function matchRule(r: RiskRuleRow, f: RiskFacts): Promise<Match | null> {
  const p = r.params ?? {}
  const cur = f.currency_code
  switch (r.condition) {
    case "blacklisted": {
      const hits = await f.blacklisted()
      return hits.length ? { detail: `on the blacklist (${hits.join(", ")})`, facts: { types: hits } } : null
    }
    case "order_total_above":
      return cur === String(p.currency_code).toLowerCase() && f.total_minor > p.amount_minor
        ? { detail: `total ${formatMoney(f.total_minor, cur)} above ${formatMoney(p.amount_minor, cur)}`, facts: { total_minor: f.total_minor, limit_minor: p.amount_minor, currency_code: cur } }
        : null
    case "customer_total_above": {
      if (cur !== String(p.currency_code).toLowerCase()) return null
      const sum = (await f.customerTotal(p.window_hours)) + f.total_minor
      return sum > p.amount_minor
        ? { detail: `${formatMoney(sum, cur)} in ${p.window_hours} h with this order, above ${formatMoney(p.amount_minor, cur)}`, facts: { total_minor: sum, limit_minor: p.amount_minor, currency_code: cur, window_hours: p.window_hours } }
        : null
    }
    case "velocity": {
      const counts: VelocityCounts = p.counts ?? "checkouts"
      const n = await f.velocity(p.subject, p.window_minutes, counts)
      // this attempt counts too: a payment attempt when the rules run at payment-session creation; a checkout at
      // completion, and at payment-session creation the checkout it leads to (refused early rather than at the end)
      const self = counts === "payment_attempts" && f.stage !== "payment_session" ? 0 : 1
      return n !== null && n + self > p.max
        ? { detail: `${n + self} ${counts === "payment_attempts" ? "payment attempts" : "checkouts"} by this ${p.subject} in ${p.window_minutes} min, above ${p.max}`, facts: { count: n + self, max: p.max, subject: p.subject, window_minutes: p.window_minutes, counts } }
        : null
    }
    case "accounts_per_ip":
    case "accounts_per_device": {
      const kind = r.condition === "accounts_per_ip" ? "ip" : "device"
      const n = await f.accountsPer(kind, p.window_minutes)
      return n !== null && n > p.max
        ? { detail: `${n} accounts from this ${kind} in ${p.window_minutes} min, above ${p.max}`, facts: { count: n, max: p.max, kind, window_minutes: p.window_minutes } }
        : null
    }
    case "new_customer":
      return (await f.isNewCustomer()) ? { detail: "first order of this customer", facts: {} } : null
    case "ip_country_mismatch": {
      const ip = f.ip_country?.toUpperCase() ?? null
      const ship = f.shipping_country?.toUpperCase() ?? null
      if (!ip || !ship || ip === ship) return null
      if (((p.allow ?? []) as string[]).some((x) => x.toUpperCase() === `${ip}-${ship}`)) return null
      return { detail: `IP in ${ip}, shipping to ${ship}`, facts: { ip_country: ip, shipping_country: ship } }
    }
  }
}

/** The level of an action (and the score): block and cancel → high; review and verify → medium; allow → low (medium from 50). */
export function levelOf(action: RuleAction, score: number): RiskDecision["level"] {
  return action === "block" || action === "cancel" ? "high" : action === "review" || action === "verify" || score >= 50 ? "medium" : "low"
}

/**
 * Evaluate the enabled rules in priority order (Stripe Radar's model): the first matching rule decides the action
 * (none: allow); every matching rule adds its weight to the score and is listed with why (`detail`, `facts`).
 */
export async function evaluateRules(rules: RiskRuleRow[], facts: RiskFacts): Promise<RiskDecision> {
  const hits: RiskHit[] = []
  for (const r of [...rules].filter((x) => x.enabled).sort((a, b) => a.priority - b.priority)) {
    const m = await matchRule(r, facts)
    if (m) hits.push({ rule_id: r.id, name: r.name, condition: r.condition, action: r.action, weight: r.weight, detail: m.detail, facts: m.facts })
  }
  const action: RuleAction = hits[0]?.action ?? "allow"
  const score = hits.reduce((s, h) => s + h.weight, 0)
  return { action, level: levelOf(action, score), score, hits }
}
