import { InjectManager, InjectTransactionManager, MedusaContext, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import type { Actor } from "./lifecycle/statuses"
import { conflict, notFound } from "./lifecycle/errors"
import { anomalyQuery, type AnomalyFilters } from "./lifecycle/anomaly-query"

/** The module's knex (the transaction's when there is one) from a Medusa context. */
export function knexOf(ctx: Context) {
  const knex = (ctx.transactionManager ?? ctx.manager) as any
  const trx = knex?.getTransactionContext?.() ?? knex?.getKnex?.()
  if (!trx) {
    throw new Error("order_management: no database context")
  }
  return trx
}

function normalizeAnomaly(r: any) {
  const { raw_amount_minor, deleted_at, ...rest } = r
  return { ...rest, amount_minor: r.amount_minor === null ? null : Number(r.amount_minor) }
}

export function normalizePaymentEvent(r: any) {
  const { raw_amount_minor, deleted_at, ...rest } = r
  return { ...rest, amount_minor: r.amount_minor === null || r.amount_minor === undefined ? null : Number(r.amount_minor) }
}

/** An inbox row's columns an admin sees (never the payload: the platform's raw message). */
const PAYMENT_EVENT_PUBLIC_COLUMNS = ["id", "provider", "event_key", "source", "kind", "status", "outcome", "session_id", "order_id", "out_trade_no", "transaction_id", "platform_status", "amount_minor", "currency_code", "attempts", "error", "created_at", "updated_at", "processed_at"]

/** An inbox row left "received" this long is taken to be abandoned (its process died) and may be retried. */
export const STALE_RECEIVED_MS = 2 * 60_000

/**
 * The anomaly desk's methods of OrderManagementModuleService (the `order_anomaly` table, and the inbox rows an
 * anomaly shows and replays), as a mixin over the MedusaService base: Medusa's @InjectManager /
 * @InjectTransactionManager read the base's baseRepository_.
 */
export function WithAnomalyMethods<TBase extends abstract new (...args: any[]) => object>(Base: TBase) {
  abstract class AnomalyMethods extends Base {
    /** Open an anomaly once per dedupe key; a repeat sighting returns the existing row. */
    @InjectTransactionManager()
    async openAnomaly(
      data: {
        order_id: string | null
        cart_id?: string | null
        session_id?: string | null
        out_trade_no?: string | null
        type: string
        dedupe_key: string
        amount_minor?: number | null
        currency_code?: string | null
        provider_id?: string | null
        payment_id?: string | null
        platform_transaction_id?: string | null
        metadata?: Record<string, unknown> | null
      },
      @MedusaContext() ctx: Context = {}
    ): Promise<{ anomaly: any; created: boolean }> {
      const knex = knexOf(ctx)
      const now = new Date()
      const amount = data.amount_minor ?? null
      const rows = await knex("order_anomaly")
        .insert({
          id: generateEntityId(undefined, "oanom"),
          order_id: data.order_id,
          cart_id: data.cart_id ?? null,
          session_id: data.session_id ?? null,
          out_trade_no: data.out_trade_no ?? null,
          type: data.type,
          status: "open",
          dedupe_key: data.dedupe_key,
          amount_minor: amount,
          raw_amount_minor: amount === null ? null : JSON.stringify({ value: String(amount), precision: 20 }),
          currency_code: data.currency_code ?? null,
          provider_id: data.provider_id ?? null,
          payment_id: data.payment_id ?? null,
          platform_transaction_id: data.platform_transaction_id ?? null,
          metadata: data.metadata ? JSON.stringify(data.metadata) : null,
          created_at: now,
          updated_at: now,
        })
        .onConflict(knex.raw("(dedupe_key) where deleted_at is null"))
        .ignore()
        .returning("*")
      if (rows.length) return { anomaly: normalizeAnomaly(rows[0]), created: true }
      const existing = await knex("order_anomaly").where({ dedupe_key: data.dedupe_key }).whereNull("deleted_at").first()
      return { anomaly: normalizeAnomaly(existing), created: false }
    }

    @InjectManager()
    async retrieveAnomaly(id: string, @MedusaContext() ctx: Context = {}) {
      const row = await knexOf(ctx)("order_anomaly").where({ id }).whereNull("deleted_at").first()
      if (!row) throw notFound(`Anomaly ${id} not found`)
      return normalizeAnomaly(row)
    }

    /**
     * Anomalies, newest first, with the desk's filters (each optional): `status[]`, `type[]`, `order_id`, `cart_id`,
     * `without_order`, `provider_id` (a provider id `pp_alipay_alipay` or a channel `alipay`), `assignee_id` (a user id,
     * or null: unassigned), `created_from` / `created_to`, `older_than` (created before), `q` (the order's display id or
     * number, an order / anomaly id, out_trade_no, the platform's transaction id). Each row carries the order's
     * `display_id` (null without an order).
     */
    @InjectManager()
    async listAnomalies(
      f: AnomalyFilters,
      page: { limit: number; offset: number },
      @MedusaContext() ctx: Context = {}
    ): Promise<[any[], number]> {
      const qb = anomalyQuery(knexOf(ctx), f)
      if (f.status?.length) qb.whereIn("a.status", f.status)
      const [{ count }] = await qb.clone().count({ count: "*" })
      const rows = await qb
        .clone()
        .select("a.*", "l.display_id as display_id")
        .orderBy([{ column: "a.created_at", order: "desc" }, { column: "a.id", order: "desc" }])
        .limit(page.limit)
        .offset(page.offset)
      return [rows.map(normalizeAnomaly), Number(count)]
    }

    /** How many anomalies match `f` in each status (the status filter itself is ignored: the page's tabs). */
    @InjectManager()
    async countAnomaliesByStatus(f: AnomalyFilters, @MedusaContext() ctx: Context = {}): Promise<Record<string, number>> {
      const rows = await anomalyQuery(knexOf(ctx), f).select("a.status").count({ n: "*" }).groupBy("a.status")
      const counts: Record<string, number> = { open: 0, investigating: 0, waiting_customer: 0, resolved: 0, dismissed: 0 }
      for (const r of rows) counts[r.status] = Number(r.n)
      return counts
    }

    /**
     * Move an anomaly along open → investigating → resolved (compare-and-set:
     * a resolved anomaly cannot be resolved twice). Kept for the system's own
     * closes; the desk moves through moveAnomaly.
     */
    @InjectTransactionManager()
    async updateAnomalyStatus(
      id: string,
      to: "investigating" | "resolved",
      info: { actor: Actor; resolution?: string | null; note?: string | null; metadata?: Record<string, unknown> },
      @MedusaContext() ctx: Context = {}
    ) {
      const from = to === "resolved" ? ["open", "investigating", "waiting_customer"] : ["open"]
      return (await this.moveAnomaly(id, { ...info, from, to }, ctx)).anomaly
    }

    /**
     * Compare-and-set move of an anomaly: `UPDATE … WHERE status IN (from)`. Resolved and dismissed stamp resolved_at,
     * resolution and resolution_note; `metadata` is merged. Returns the row after and before; 409 (naming the status it
     * is in now) when it is no longer in one of `from` — the loser of two concurrent moves.
     */
    @InjectTransactionManager()
    async moveAnomaly(
      id: string,
      m: { from: string[]; to: string; actor: Actor; resolution?: string | null; note?: string | null; metadata?: Record<string, unknown> },
      @MedusaContext() ctx: Context = {}
    ): Promise<{ anomaly: any; before: any }> {
      const knex = knexOf(ctx)
      const before = await knex("order_anomaly").where({ id }).whereNull("deleted_at").first()
      if (!before) throw notFound(`Anomaly ${id} not found`)
      const final = m.to === "resolved" || m.to === "dismissed"
      const rows = await knex("order_anomaly")
        .where({ id, status: before.status })
        .whereIn("status", m.from)
        .whereNull("deleted_at")
        .update({
          status: m.to,
          actor_type: m.actor.type,
          actor_id: m.actor.id ?? null,
          ...(final ? { resolution: m.resolution ?? null, resolution_note: m.note ?? null, resolved_at: new Date() } : {}),
          ...(m.metadata ? { metadata: knex.raw("coalesce(metadata, '{}'::jsonb) || ?::jsonb", [JSON.stringify(m.metadata)]) } : {}),
          updated_at: new Date(),
        })
        .returning("*")
      if (!rows.length) {
        const current = await this.retrieveAnomaly(id, ctx)
        throw conflict(`Cannot move this anomaly from ${m.from.includes(before.status) ? before.status : current.status} to ${m.to}: it is already ${current.status}`)
      }
      return { anomaly: normalizeAnomaly(rows[0]), before: normalizeAnomaly(before) }
    }

    /** Compensation of moveAnomaly: put back the row as it was, only while it is still in the status the move left. */
    @InjectTransactionManager()
    async restoreAnomaly(before: any, movedTo: string, @MedusaContext() ctx: Context = {}): Promise<boolean> {
      const n = await knexOf(ctx)("order_anomaly")
        .where({ id: before.id, status: movedTo })
        .update({
          status: before.status,
          actor_type: before.actor_type ?? null,
          actor_id: before.actor_id ?? null,
          resolution: before.resolution ?? null,
          resolution_note: before.resolution_note ?? null,
          resolved_at: before.resolved_at ?? null,
          metadata: before.metadata ? JSON.stringify(before.metadata) : null,
          updated_at: new Date(),
        })
      return n > 0
    }

    /** Merge keys into an anomaly's metadata (what a resolution did: the refund's id, …). */
    @InjectTransactionManager()
    async mergeAnomalyMetadata(id: string, metadata: Record<string, unknown>, @MedusaContext() ctx: Context = {}) {
      const knex = knexOf(ctx)
      const [row] = await knex("order_anomaly")
        .where({ id })
        .update({ metadata: knex.raw("coalesce(metadata, '{}'::jsonb) || ?::jsonb", [JSON.stringify(metadata)]), updated_at: new Date() })
        .returning("*")
      return row ? normalizeAnomaly(row) : null
    }

    /**
     * Assign an unfinished anomaly to an admin user (null: unassign). Compare-and-set on the previous assignee when
     * `expected` is given. Returns the row and the previous assignee; 409 for a resolved or dismissed one.
     */
    @InjectTransactionManager()
    async assignAnomaly(id: string, userId: string | null, @MedusaContext() ctx: Context = {}): Promise<{ anomaly: any; previous: string | null }> {
      const knex = knexOf(ctx)
      const before = await knex("order_anomaly").where({ id }).whereNull("deleted_at").first()
      if (!before) throw notFound(`Anomaly ${id} not found`)
      const rows = await knex("order_anomaly")
        .where({ id })
        .whereIn("status", ["open", "investigating", "waiting_customer"])
        .update({ assignee_id: userId, assigned_at: userId ? new Date() : null, updated_at: new Date() })
        .returning("*")
      if (!rows.length) throw conflict(`Cannot assign this anomaly: it is ${before.status}`)
      return { anomaly: normalizeAnomaly(rows[0]), previous: before.assignee_id ?? null }
    }

    /** Compensation of assignAnomaly. */
    @InjectTransactionManager()
    async restoreAnomalyAssignee(id: string, assigneeId: string | null, assignedAt: Date | null, @MedusaContext() ctx: Context = {}) {
      await knexOf(ctx)("order_anomaly").where({ id }).update({ assignee_id: assigneeId, assigned_at: assignedAt, updated_at: new Date() })
    }

    /**
     * The inbox rows that concern an anomaly: of its order, its payment session, or its trade number, newest first,
     * without the payload (the platform's raw message stays in the database).
     */
    @InjectManager()
    async listPaymentEventsForAnomaly(a: { order_id?: string | null; session_id?: string | null; out_trade_no?: string | null }, limit = 50, @MedusaContext() ctx: Context = {}) {
      if (!a.order_id && !a.session_id && !a.out_trade_no) return []
      const rows = await knexOf(ctx)("order_payment_event")
        .whereNull("deleted_at")
        .where((q: any) => {
          if (a.order_id) q.orWhere("order_id", a.order_id)
          if (a.session_id) q.orWhere("session_id", a.session_id)
          if (a.out_trade_no) q.orWhere("out_trade_no", a.out_trade_no)
        })
        .select(PAYMENT_EVENT_PUBLIC_COLUMNS)
        .orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }])
        .limit(limit)
      return rows.map(normalizePaymentEvent)
    }

    /**
     * Claim one stored inbox event for an admin's replay: failed or ignored ones, and ones left received / processing
     * for 2 minutes (their process died) → processing, attempts + 1. 409 "already processed" for a processed one, and
     * while another caller is applying it; 404 for an unknown id.
     */
    @InjectTransactionManager()
    async claimPaymentEventForReplay(id: string, now: Date = new Date(), @MedusaContext() ctx: Context = {}) {
      const knex = knexOf(ctx)
      const current = await knex("order_payment_event").where({ id }).whereNull("deleted_at").first()
      if (!current) throw notFound(`Payment event ${id} not found`)
      const stale = new Date(now.getTime() - STALE_RECEIVED_MS)
      const [row] = await knex("order_payment_event")
        .where({ id, status: current.status, updated_at: current.updated_at })
        .where((q: any) => q.whereIn("status", ["failed", "ignored"]).orWhere((r: any) => r.whereIn("status", ["received", "processing"]).where("updated_at", "<", stale)))
        .update({ status: "processing", attempts: knex.raw("attempts + 1"), error: null, updated_at: now })
        .returning("*")
      if (row) return { event: normalizePaymentEvent(row), previous_status: current.status as string }
      if (current.status === "processed") throw conflict(`Cannot re-process payment event ${id}: it is already processed`)
      throw conflict(`Cannot re-process payment event ${id}: it is being processed right now (${current.status})`)
    }
  }
  return AnomalyMethods
}
