import type { RULE_ACTIONS, RULE_CONDITIONS } from "./models/risk-rule"

export type RuleCondition = (typeof RULE_CONDITIONS)[number]
export type RuleAction = (typeof RULE_ACTIONS)[number]
export type RiskRuleRow = { id: string; name: string; priority: number; enabled: boolean; condition: RuleCondition; params: Record<string, any> | null; action: RuleAction; weight: number }
export type RiskHit = { rule_id: string; name: string; condition: RuleCondition; action: RuleAction; weight: number; detail: string }
export type RiskDecision = { action: RuleAction; level: "low" | "medium" | "high"; score: number; hits: RiskHit[] }

/** What the rules ask about a checkout; each answered once, only if a rule needs it. Amounts in minor units. */
export type RiskFacts = {
  currency_code: string
  total_minor: number
  blacklisted(): Promise<string[]>
  /** the customer's (or email's) order totals in this currency over the last `hours`, this checkout not included */
  customerTotal(hours: number): Promise<number>
  /** earlier checkouts by the subject in the last `minutes` (this one not included) */
  velocity(subject: "customer" | "email" | "phone" | "ip" | "device", minutes: number): Promise<number | null>
  /** distinct customers / emails from this IP or device in the last `minutes`, this checkout's included */
  accountsPer(kind: "ip" | "device", minutes: number): Promise<number | null>
  isNewCustomer(): Promise<boolean>
}

/** Check a rule's params for its condition; a message saying what is wrong, or null. */
export function ruleParamsError(condition: RuleCondition, p: Record<string, any> | null | undefined): string | null {
  const int = (v: any, min = 1) => Number.isInteger(v) && v >= min
  const q = p ?? {}
  switch (condition) {
    case "blacklisted":
    case "new_customer":
      return null
    case "order_total_above":
      return int(q.amount_minor, 0) && typeof q.currency_code === "string" && /^[a-z]{3}$/i.test(q.currency_code) ? null : "params: { amount_minor (whole minor units), currency_code }"
    case "customer_total_above":
      return int(q.amount_minor, 0) && typeof q.currency_code === "string" && /^[a-z]{3}$/i.test(q.currency_code) && int(q.window_hours) && q.window_hours <= 24 * 366 ? null : "params: { amount_minor, currency_code, window_hours (1 to 8784; 24 = a day, 720 = a month) }"
    case "velocity":
      return ["customer", "email", "phone", "ip", "device"].includes(q.subject) && int(q.max, 0) && int(q.window_minutes) && q.window_minutes <= 60 * 24 * 31 ? null : "params: { subject: customer | email | phone | ip | device, max (checkouts allowed), window_minutes (1 to 44640) }"
    case "accounts_per_ip":
    case "accounts_per_device":
      return int(q.max) && int(q.window_minutes) && q.window_minutes <= 60 * 24 * 31 ? null : "params: { max (accounts allowed), window_minutes (1 to 44640) }"
  }
}

/** Does the rule match? A detail saying why (for the admin), or null. */
async function matchRule(r: RiskRuleRow, f: RiskFacts): Promise<string | null> {
  const p = r.params ?? {}
  switch (r.condition) {
    case "blacklisted": {
      const hits = await f.blacklisted()
      return hits.length ? `on the blacklist (${hits.join(", ")})` : null
    }
    case "order_total_above":
      return f.currency_code === String(p.currency_code).toLowerCase() && f.total_minor > p.amount_minor ? `total ${f.total_minor} > ${p.amount_minor} ${f.currency_code}` : null
    case "customer_total_above": {
      if (f.currency_code !== String(p.currency_code).toLowerCase()) return null
      const sum = (await f.customerTotal(p.window_hours)) + f.total_minor
      return sum > p.amount_minor ? `${sum} ${f.currency_code} in ${p.window_hours} h with this order > ${p.amount_minor}` : null
    }
    case "velocity": {
      const n = await f.velocity(p.subject, p.window_minutes)
      return n !== null && n + 1 > p.max ? `${n + 1} checkouts by this ${p.subject} in ${p.window_minutes} min > ${p.max}` : null
    }
    case "accounts_per_ip":
    case "accounts_per_device": {
      const kind = r.condition === "accounts_per_ip" ? "ip" : "device"
      const n = await f.accountsPer(kind, p.window_minutes)
      return n !== null && n > p.max ? `${n} accounts from this ${kind} in ${p.window_minutes} min > ${p.max}` : null
    }
    case "new_customer":
      return (await f.isNewCustomer()) ? "first order of this customer" : null
  }
}

/**
 * Evaluate the enabled rules in priority order (Stripe Radar's model): the first matching rule decides the action
 * (none: allow); every matching rule adds its weight to the score and is listed. Level: block → high, review →
 * medium, allow → low unless the score reaches 50 (medium).
 */
export async function evaluateRules(rules: RiskRuleRow[], facts: RiskFacts): Promise<RiskDecision> {
  const hits: RiskHit[] = []
  for (const r of [...rules].filter((x) => x.enabled).sort((a, b) => a.priority - b.priority)) {
    const detail = await matchRule(r, facts)
    if (detail) hits.push({ rule_id: r.id, name: r.name, condition: r.condition, action: r.action, weight: r.weight, detail })
  }
  const action: RuleAction = hits[0]?.action ?? "allow"
  const score = hits.reduce((s, h) => s + h.weight, 0)
  return { action, level: action === "block" ? "high" : action === "review" || score >= 50 ? "medium" : "low", score, hits }
}
