import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import BlacklistEntry, { BLACKLIST_TYPES } from "./models/blacklist-entry"
import RiskRule, { RULE_ACTIONS, RULE_CONDITIONS } from "./models/risk-rule"
import RiskAssessment from "./models/risk-assessment"
import RiskVerification from "./models/risk-verification"
import { confirmDecision, hashCode, maskEmail, maskPhone, sendDecision } from "./verification-code"
import { type RiskDecision, type RiskRuleRow, type RiskStage, ruleParamsError } from "./evaluate"
import { type ResolvedRiskOptions, type RiskOptions, resolveRiskOptions } from "./options"
import { type AddressInput, type BlacklistType, addressKeys, normalizeBlacklistValue, normalizeIp, normalizePhone } from "./normalize"

export type BlacklistEntryView = {
  id: string
  type: BlacklistType
  value: string
  display_value: string
  reason: string
  created_by: { type: string; id: string | null }
  expires_at: string | null
  source: string
  created_at: string
  /** false once expires_at has passed */
  active: boolean
}

export type NewBlacklistEntry = { type: BlacklistType; value: string; reason: string; expires_at?: Date | string | null }

/** Who and what a checkout is about, as far as the blacklist can tell. */
export type BlacklistSubject = { customer_id?: string | null; email?: string | null; phone?: string | null; ip?: string | null; device_id?: string | null; address?: AddressInput | null }

const TABLE = "risk_blacklist_entry"

/**
 * A range so wide it would match every shopper (0.0.0.0/0, ::/0) or a large part of the internet: IPv4 prefixes
 * shorter than /8 and IPv6 ones shorter than /32 are refused (the message says so), null for a usable value.
 */
export function ipRangeTooWide(value: string): string | null {
  const [addr, bits] = value.split("/")
  if (bits === undefined) return null
  const min = addr.includes(":") ? 32 : 8
  return Number(bits) < min ? `${value} would match every shopper (an IP range must be /${min} or narrower for ${min === 8 ? "IPv4" : "IPv6"})` : null
}

const view = (r: any, now = new Date()): BlacklistEntryView => ({
  id: r.id,
  type: r.type,
  value: r.value,
  display_value: r.display_value,
  reason: r.reason,
  created_by: { type: r.created_by_type, id: r.created_by_id ?? null },
  expires_at: r.expires_at ? new Date(r.expires_at).toISOString() : null,
  source: r.source,
  created_at: new Date(r.created_at).toISOString(),
  active: !r.expires_at || new Date(r.expires_at) > now,
})

/**
 * The risk module: today the blacklist (customer, email and domain, phone, IP and CIDR range, device, shipping
 * address; each with a reason, who added it and an optional expiry). Matching is one indexed SQL statement (an IP is
 * matched against ranges with PostgreSQL's `inet <<=`).
 */
export type RuleInput = { name: string; priority?: number; enabled?: boolean; condition: RiskRuleRow["condition"]; params?: Record<string, any> | null; action: RiskRuleRow["action"]; weight?: number }

/** An assessment as the API shows it; `verification` (the identity check a "verify" rule asked for) on an order's. */
export type AssessmentView = { id: string; cart_id: string; order_id: string | null; level: string; score: number; action: string; rules: RiskDecision["hits"]; ip: string | null; device_id: string | null; ip_country: string | null; created_at: string; verification?: VerificationView | null }

const assessmentView = (r: any): AssessmentView => ({
  id: r.id, cart_id: r.cart_id, order_id: r.order_id ?? null, level: r.level, score: Number(r.score), action: r.action, rules: r.hits ?? [],
  ip: r.ip ?? null, device_id: r.device_id ?? null, ip_country: r.ip_country ?? null, created_at: new Date(r.created_at).toISOString(),
})

/**
 * An identity-verification challenge as the API shows it: `destination` masked ("l***i@example.com",
 * "+86*******8000"), `attempts_left` for the current code, `sends_left` codes that may still be requested; times ISO.
 */
export type VerificationView = {
  id: string
  order_id: string
  status: "pending" | "verified" | "locked" | "skipped"
  channel: "email" | "phone" | null
  destination: string | null
  expires_at: string | null
  attempts_left: number
  sends_left: number
  last_sent_at: string | null
  verified_at: string | null
}

/** The stored row of a challenge (internal: carries the code's hash). */
export type VerificationRow = { id: string; order_id: string; status: VerificationView["status"]; channel: VerificationView["channel"]; destination: string | null; code_hash: string | null; expires_at: Date | null; attempts: number; sends: number; last_sent_at: Date | null; verified_at: Date | null }

/** A refusal of a verification request: the HTTP status to answer with (409, 410, 429), optional Retry-After. */
export class VerificationRefused extends Error {
  constructor(public readonly status: number, message: string, public readonly extra: { retry_after?: number; attempts_left?: number } = {}) {
    super(message)
  }
}

export default class RiskModuleService extends MedusaService({ BlacklistEntry, RiskRule, RiskAssessment, RiskVerification }) {
  protected readonly options_: ResolvedRiskOptions

  constructor(container: Record<string, unknown>, options?: { risk?: RiskOptions; requiredAddressFields?: string[] }) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = resolveRiskOptions(options?.risk, options?.requiredAddressFields ?? [])
  }

  getRiskOptions(): ResolvedRiskOptions {
    return this.options_
  }

  private knex(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    const k = m?.getTransactionContext?.() ?? m?.getKnex?.()
    if (!k) throw new Error("risk: no database context")
    return k
  }

  /**
   * Add entries. Each value is checked and normalised for its type; an entry already on the list (same type and
   * normalised value) is updated (reason, expiry) when `onDuplicate` is "update", reported otherwise.
   * Returns per input row: the entry, or the error; throws nothing for bad rows.
   */
  @InjectTransactionManager()
  async addBlacklistEntries(
    rows: NewBlacklistEntry[],
    by: { type: string; id?: string | null; source?: string },
    onDuplicate: "update" | "report" = "report",
    @MedusaContext() ctx: Context = {}
  ): Promise<Array<{ row: number; entry?: BlacklistEntryView; duplicate?: boolean; error?: string }>> {
    const knex = this.knex(ctx)
    const out: Array<{ row: number; entry?: BlacklistEntryView; duplicate?: boolean; error?: string }> = []
    for (const [i, r] of rows.entries()) {
      if (!(BLACKLIST_TYPES as readonly string[]).includes(r.type)) {
        out.push({ row: i + 1, error: `type must be one of: ${BLACKLIST_TYPES.join(", ")}` })
        continue
      }
      const n = normalizeBlacklistValue(r.type, r.value)
      if ("error" in n) {
        out.push({ row: i + 1, error: n.error })
        continue
      }
      const tooWide = r.type === "ip" ? ipRangeTooWide(n.value) : null
      if (tooWide) {
        out.push({ row: i + 1, error: tooWide })
        continue
      }
      const reason = String(r.reason ?? "").trim()
      if (!reason) {
        out.push({ row: i + 1, error: "reason is required" })
        continue
      }
      const expires = r.expires_at ? new Date(r.expires_at) : null
      if (expires && Number.isNaN(expires.getTime())) {
        out.push({ row: i + 1, error: "expires_at is not a date" })
        continue
      }
      if (expires && expires.getTime() <= Date.now()) {
        out.push({ row: i + 1, error: "expires_at must be in the future" })
        continue
      }
      const existing = await knex(TABLE).where({ type: r.type, value: n.value }).whereNull("deleted_at").first()
      if (existing) {
        if (onDuplicate === "update") {
          const [u] = await knex(TABLE).where({ id: existing.id }).update({ reason, expires_at: expires, updated_at: new Date() }).returning("*")
          out.push({ row: i + 1, entry: view(u), duplicate: true })
        } else out.push({ row: i + 1, entry: view(existing), duplicate: true })
        continue
      }
      const [c] = await knex(TABLE)
        .insert({ id: generateEntityId(undefined, "rbl"), type: r.type, value: n.value, display_value: String(r.value).trim().slice(0, 500), reason: reason.slice(0, 1000), created_by_type: by.type, created_by_id: by.id ?? null, expires_at: expires, source: by.source ?? "manual" })
        .returning("*")
      out.push({ row: i + 1, entry: view(c) })
    }
    return out
  }

  /** Entries, newest first; `type`, `q` (a part of the value or reason), `active` (true: not expired). */
  @InjectManager()
  async listBlacklist(filters: { type?: BlacklistType; q?: string; active?: boolean } = {}, page: { limit?: number; offset?: number } = {}, @MedusaContext() ctx: Context = {}) {
    const knex = this.knex(ctx)
    const base = knex(TABLE).whereNull("deleted_at")
    if (filters.type) base.where("type", filters.type)
    if (filters.q) {
      const like = `%${filters.q.replace(/[%_\\]/g, "\\$&")}%`
      base.where((w: any) => w.whereILike("display_value", like).orWhereILike("value", like).orWhereILike("reason", like))
    }
    if (filters.active === true) base.where((w: any) => w.whereNull("expires_at").orWhere("expires_at", ">", new Date()))
    if (filters.active === false) base.where("expires_at", "<=", new Date())
    const [{ n }] = await base.clone().count({ n: "*" })
    const rows = await base.clone().orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }]).limit(page.limit ?? 50).offset(page.offset ?? 0)
    return { entries: rows.map((r: any) => view(r)), count: Number(n) }
  }

  /** Remove an entry (soft delete, kept for the record). 404 when there is none. */
  @InjectTransactionManager()
  async removeBlacklistEntry(id: string, @MedusaContext() ctx: Context = {}) {
    const n = await this.knex(ctx)(TABLE).where({ id }).whereNull("deleted_at").update({ deleted_at: new Date() })
    if (!n) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Blacklist entry ${id} was not found`)
  }

  /**
   * The live entries (not expired) that match any of the subject's identifiers: the customer id, the email and its
   * domain, the phone, the IP (inside a listed range), the device id, the shipping address. One SQL statement.
   */
  @InjectManager()
  async matchBlacklist(s: BlacklistSubject, now: Date = new Date(), @MedusaContext() ctx: Context = {}): Promise<BlacklistEntryView[]> {
    const knex = this.knex(ctx)
    const eq: Array<[BlacklistType, string]> = []
    if (s.customer_id) eq.push(["customer", s.customer_id])
    if (s.email) {
      const e = s.email.trim().toLowerCase()
      eq.push(["email", e])
      const domain = e.split("@")[1]
      if (domain) {
        // the domain and every parent domain (mail.example.com matches an entry for example.com)
        const labels = domain.split(".")
        for (let i = 0; i < labels.length - 1; i++) eq.push(["email_domain", labels.slice(i).join(".")])
      }
    }
    if (s.phone) eq.push(["phone", normalizePhone(s.phone, s.address && typeof s.address === "object" ? s.address.country_code ?? undefined : undefined)])
    if (s.device_id) eq.push(["device", s.device_id.trim()])
    if (s.address) for (const k of addressKeys(s.address)) eq.push(["address", k])
    let ip: string | null = null
    try {
      ip = s.ip ? normalizeIp(s.ip) : null
    } catch {
      ip = null
    }
    if (!eq.length && !ip) return []
    const rows = await knex(TABLE)
      .whereNull("deleted_at")
      .where((w: any) => w.whereNull("expires_at").orWhere("expires_at", ">", now))
      .where((w: any) => {
        for (const [t, v] of eq) w.orWhere((x: any) => x.where("type", t).where("value", v))
        if (ip) w.orWhere((x: any) => x.where("type", "ip").whereRaw("?::inet <<= value::inet", [ip]))
      })
      .orderBy("created_at")
    return rows.map((r: any) => view(r, now))
  }

  /** The rules in evaluation order (priority, then age). */
  @InjectManager()
  async listRules(@MedusaContext() ctx: Context = {}): Promise<RiskRuleRow[]> {
    const rows = await this.knex(ctx)("risk_rule").whereNull("deleted_at").orderBy([{ column: "priority" }, { column: "created_at" }])
    return rows.map((r: any) => ({ id: r.id, name: r.name, priority: Number(r.priority), enabled: !!r.enabled, condition: r.condition, params: r.params ?? null, action: r.action, weight: Number(r.weight) }))
  }

  /** Check a rule (condition, action, params for the condition); throws 400 naming what is wrong. */
  checkRule(r: Partial<RuleInput>) {
    if (r.condition !== undefined && !(RULE_CONDITIONS as readonly string[]).includes(r.condition)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `condition must be one of: ${RULE_CONDITIONS.join(", ")}`)
    if (r.action !== undefined && !(RULE_ACTIONS as readonly string[]).includes(r.action)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `action must be one of: ${RULE_ACTIONS.join(", ")}`)
    if (r.condition !== undefined) {
      const e = ruleParamsError(r.condition, r.params)
      if (e) throw new MedusaError(MedusaError.Types.INVALID_DATA, e)
    }
  }

  /** Store a new rule (priority default: after the last). */
  @InjectTransactionManager()
  async addRule(r: RuleInput, @MedusaContext() ctx: Context = {}): Promise<RiskRuleRow> {
    this.checkRule(r)
    const knex = this.knex(ctx)
    const [{ max }] = await knex("risk_rule").whereNull("deleted_at").max({ max: "priority" })
    const [row] = await knex("risk_rule")
      .insert({ id: generateEntityId(undefined, "rrule"), name: r.name, priority: r.priority ?? Number(max ?? 0) + 10, enabled: r.enabled ?? true, condition: r.condition, params: r.params ? JSON.stringify(r.params) : null, action: r.action, weight: r.weight ?? 0 })
      .returning("*")
    return (await this.listRules(ctx)).find((x) => x.id === row.id)!
  }

  /** Change a rule; the params are checked against the (new or kept) condition. 404 when there is none. */
  @InjectTransactionManager()
  async changeRule(id: string, patch: Partial<RuleInput>, @MedusaContext() ctx: Context = {}): Promise<RiskRuleRow> {
    const current = (await this.listRules(ctx)).find((x) => x.id === id)
    if (!current) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Risk rule ${id} was not found`)
    const next = { ...current, ...patch, params: patch.params !== undefined ? patch.params : patch.condition && patch.condition !== current.condition ? null : current.params }
    this.checkRule(next)
    await this.knex(ctx)("risk_rule").where({ id }).update({ name: next.name, priority: next.priority, enabled: next.enabled, condition: next.condition, params: next.params ? JSON.stringify(next.params) : null, action: next.action, weight: next.weight, updated_at: new Date() })
    return (await this.listRules(ctx)).find((x) => x.id === id)!
  }

  /**
   * Set the evaluation order: `ids` lists every live rule once, first evaluated first; priorities become 10, 20, 30, …
   * in one transaction. 400 when a rule is missing, repeated or unknown.
   */
  @InjectTransactionManager()
  async reorderRules(ids: string[], @MedusaContext() ctx: Context = {}): Promise<RiskRuleRow[]> {
    const live = (await this.listRules(ctx)).map((r) => r.id)
    const unknown = ids.filter((id) => !live.includes(id))
    const missing = live.filter((id) => !ids.includes(id))
    if (unknown.length || missing.length || new Set(ids).size !== ids.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `ids must list every rule once${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}${missing.length ? `; missing: ${missing.join(", ")}` : ""}${new Set(ids).size !== ids.length ? "; a rule is listed twice" : ""}`)
    }
    const knex = this.knex(ctx)
    for (const [i, id] of ids.entries()) await knex("risk_rule").where({ id }).update({ priority: (i + 1) * 10, updated_at: new Date() })
    return this.listRules(ctx)
  }

  @InjectTransactionManager()
  async removeRule(id: string, @MedusaContext() ctx: Context = {}) {
    const n = await this.knex(ctx)("risk_rule").where({ id }).whereNull("deleted_at").update({ deleted_at: new Date() })
    if (!n) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Risk rule ${id} was not found`)
  }

  /** Record one checkout's evaluation. */
  @InjectTransactionManager()
  async recordAssessment(a: { stage?: RiskStage; cart_id: string; customer_id: string | null; email: string | null; phone: string | null; ip: string | null; ip_country?: string | null; device_id: string | null; currency_code: string; total_minor: number; decision: RiskDecision }, @MedusaContext() ctx: Context = {}): Promise<AssessmentView> {
    const [row] = await this.knex(ctx)("risk_assessment")
      .insert({
        id: generateEntityId(undefined, "rasmt"), stage: a.stage ?? "completion", cart_id: a.cart_id, customer_id: a.customer_id, email: a.email?.toLowerCase() ?? null, phone: a.phone ? normalizePhone(a.phone) : null, ip: a.ip, ip_country: a.ip_country ?? null, device_id: a.device_id,
        currency_code: a.currency_code, total_minor: a.total_minor, raw_total_minor: JSON.stringify({ value: String(a.total_minor), precision: 20 }),
        action: a.decision.action, level: a.decision.level, score: a.decision.score, hits: JSON.stringify(a.decision.hits),
      })
      .returning("*")
    return assessmentView(row)
  }

  /** The cart's latest assessment becomes the order's. Returns it (null when the cart was not assessed). */
  @InjectTransactionManager()
  async attachAssessment(cartId: string, orderId: string, @MedusaContext() ctx: Context = {}): Promise<AssessmentView | null> {
    const knex = this.knex(ctx)
    // the completion's assessment (payment attempts are assessed too, but decide nothing about the order)
    const latest = await knex("risk_assessment").where({ cart_id: cartId, stage: "completion" }).whereNull("deleted_at").orderBy("created_at", "desc").first()
    if (!latest) return null
    const [row] = await knex("risk_assessment").where({ id: latest.id }).update({ order_id: orderId, updated_at: new Date() }).returning("*")
    return assessmentView(row)
  }

  /** The order's assessment with its identity verification (null when none was asked for); null when not assessed. */
  @InjectManager()
  async assessmentOfOrder(orderId: string, @MedusaContext() ctx: Context = {}): Promise<AssessmentView | null> {
    const row = await this.knex(ctx)("risk_assessment").where({ order_id: orderId }).whereNull("deleted_at").orderBy("created_at", "desc").first()
    if (!row) return null
    const v = await this.verificationRowOf(orderId, ctx)
    return { ...assessmentView(row), verification: v ? this.verificationView(v) : null }
  }

  /** The API's view of a challenge row (the code's hash never leaves the module). */
  verificationView(r: VerificationRow): VerificationView {
    const o = this.options_.verification
    const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)
    return {
      id: r.id, order_id: r.order_id, status: r.status, channel: r.channel,
      destination: r.destination ? (r.channel === "phone" ? maskPhone(r.destination) : maskEmail(r.destination)) : null,
      expires_at: iso(r.expires_at), attempts_left: r.code_hash && r.status === "pending" ? Math.max(o.maxAttempts - Number(r.attempts), 0) : 0,
      sends_left: Math.max(o.maxSends - Number(r.sends), 0), last_sent_at: iso(r.last_sent_at), verified_at: iso(r.verified_at),
    }
  }

  /** The order's challenge row, or null. */
  @InjectManager()
  async verificationRowOf(orderId: string, @MedusaContext() ctx: Context = {}): Promise<VerificationRow | null> {
    const r = await this.knex(ctx)("risk_verification").where({ order_id: orderId }).whereNull("deleted_at").first()
    return r ? { ...r, attempts: Number(r.attempts), sends: Number(r.sends) } : null
  }

  /** Open the order's challenge (a "verify" rule held it); an existing one is kept. Returns the row. */
  @InjectTransactionManager()
  async openVerification(orderId: string, from: { assessment_id?: string | null; rule_id?: string | null }, @MedusaContext() ctx: Context = {}): Promise<VerificationRow> {
    await this.knex(ctx).raw(
      `insert into risk_verification (id, order_id, assessment_id, rule_id, status, attempts, sends) values (?, ?, ?, ?, 'pending', 0, 0) on conflict (order_id) where deleted_at is null do nothing`,
      [generateEntityId(undefined, "rver"), orderId, from.assessment_id ?? null, from.rule_id ?? null]
    )
    return (await this.verificationRowOf(orderId, ctx))!
  }

  /**
   * Store a new code's hash for the order's challenge (the code itself is not stored): checks the resend interval
   * and the number of codes first (VerificationRefused 409 / 429), resets the wrong-attempt count and unlocks a locked
   * challenge. Returns the row before (to restore it if sending fails) and after.
   */
  @InjectTransactionManager()
  async issueCode(orderId: string, code: string, to: { channel: "email" | "phone"; destination: string }, now = new Date(), @MedusaContext() ctx: Context = {}): Promise<{ before: VerificationRow; after: VerificationRow }> {
    const knex = this.knex(ctx)
    const before = await knex("risk_verification").where({ order_id: orderId }).whereNull("deleted_at").forUpdate().first()
    if (!before) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} needs no verification`)
    const o = this.options_.verification
    const d = sendDecision({ ...before, attempts: Number(before.attempts), sends: Number(before.sends) }, o, now)
    if (!d.ok) throw new VerificationRefused(d.status, d.message, { retry_after: d.retry_after })
    const [after] = await knex("risk_verification")
      .where({ id: before.id })
      .update({ status: "pending", channel: to.channel, destination: to.destination, code_hash: hashCode(code), expires_at: new Date(now.getTime() + o.codeTtlMinutes * 60_000), attempts: 0, sends: Number(before.sends) + 1, last_sent_at: now, updated_at: now })
      .returning("*")
    return { before: { ...before, attempts: Number(before.attempts), sends: Number(before.sends) }, after: { ...after, attempts: Number(after.attempts), sends: Number(after.sends) } }
  }

  /** Put a challenge back as it was (a code that could not be sent; a verification whose release failed). */
  @InjectTransactionManager()
  async restoreVerification(row: VerificationRow, @MedusaContext() ctx: Context = {}) {
    const { id, status, channel, destination, code_hash, expires_at, attempts, sends, last_sent_at, verified_at } = row
    await this.knex(ctx)("risk_verification").where({ id }).update({ status, channel, destination, code_hash, expires_at, attempts, sends, last_sent_at, verified_at, updated_at: new Date() })
  }

  /**
   * Check a code (in one transaction, the row locked): a wrong one counts an attempt and locks the challenge at
   * `maxAttempts`; a right one marks it verified. Returns the result and the row after. Expired and locked codes and
   * a challenge without a code are reported as such (nothing changes).
   */
  @InjectTransactionManager()
  async confirmCode(orderId: string, code: string, now = new Date(), @MedusaContext() ctx: Context = {}): Promise<{ result: ReturnType<typeof confirmDecision>["result"]; attempts_left?: number; before: VerificationRow; after: VerificationRow }> {
    const knex = this.knex(ctx)
    const raw = await knex("risk_verification").where({ order_id: orderId }).whereNull("deleted_at").forUpdate().first()
    if (!raw) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} needs no verification`)
    const before: VerificationRow = { ...raw, attempts: Number(raw.attempts), sends: Number(raw.sends) }
    const d = confirmDecision(before, code, this.options_.verification, now)
    let after = before
    if (d.result === "wrong") {
      const [r] = await knex("risk_verification").where({ id: before.id }).update({ attempts: d.attempts, status: d.locked ? "locked" : "pending", updated_at: now }).returning("*")
      after = { ...r, attempts: Number(r.attempts), sends: Number(r.sends) }
      return { result: "wrong", attempts_left: d.attempts_left, before, after }
    }
    if (d.result === "verified") {
      const [r] = await knex("risk_verification").where({ id: before.id }).update({ status: "verified", verified_at: now, code_hash: null, updated_at: now }).returning("*")
      after = { ...r, attempts: Number(r.attempts), sends: Number(r.sends) }
    }
    return { result: d.result, before, after }
  }

  /** Mark a pending challenge skipped (an admin released the order's hold without it). */
  @InjectTransactionManager()
  async skipVerification(orderId: string, @MedusaContext() ctx: Context = {}) {
    await this.knex(ctx)("risk_verification").where({ order_id: orderId }).whereIn("status", ["pending", "locked"]).whereNull("deleted_at").update({ status: "skipped", code_hash: null, updated_at: new Date() })
  }

  /** Earlier assessments by one identifier since `since` at one stage: checkouts (completion) or payment attempts (payment_session). */
  @InjectManager()
  async countCheckouts(column: "customer_id" | "email" | "phone" | "ip" | "device_id", value: string, since: Date, stage: RiskStage = "completion", @MedusaContext() ctx: Context = {}): Promise<number> {
    const v = column === "email" ? value.toLowerCase() : column === "phone" ? normalizePhone(value) : value
    const [{ n }] = await this.knex(ctx)("risk_assessment").where(column, v).where("stage", stage).where("created_at", ">=", since).whereNull("deleted_at").count({ n: "*" })
    return Number(n)
  }

  /** Distinct accounts (customer id, else email) that checked out from this IP or device since `since`. */
  @InjectManager()
  async countAccounts(column: "ip" | "device_id", value: string, since: Date, @MedusaContext() ctx: Context = {}): Promise<string[]> {
    const rows = await this.knex(ctx)("risk_assessment").where(column, value).where("created_at", ">=", since).whereNull("deleted_at").distinct(this.knex(ctx).raw("coalesce(customer_id, email) as account"))
    return rows.map((r: any) => r.account).filter(Boolean)
  }
}
