import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import BlacklistEntry, { BLACKLIST_TYPES } from "./models/blacklist-entry"
import { type ResolvedRiskOptions, type RiskOptions, resolveRiskOptions } from "./options"
import { type AddressInput, type BlacklistType, normalizeAddress, normalizeBlacklistValue, normalizeIp, normalizePhone } from "./normalize"

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
export default class RiskModuleService extends MedusaService({ BlacklistEntry }) {
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
    if (s.phone) eq.push(["phone", normalizePhone(s.phone)])
    if (s.device_id) eq.push(["device", s.device_id.trim()])
    if (s.address) {
      const a = normalizeAddress(s.address)
      if (a) eq.push(["address", a])
    }
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
}
