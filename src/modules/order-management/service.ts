import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
  generateEntityId,
  MedusaError,
} from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import OrderLifecycle from "./models/order-lifecycle"
import OrderLifecycleEvent from "./models/order-lifecycle-event"
import OrderNote from "./models/order-note"
import OrderAnomaly from "./models/order-anomaly"
import PaymentEvent from "./models/payment-event"
import PaymentProof from "./models/payment-proof"
import { OrderManagementOptions, ResolvedOptions, resolveOptions } from "./options"
import { applyEffect, decide, describeState, LifecycleAction, LifecycleState } from "./lifecycle/transitions"
import type { Actor, FulfillmentStatus, NoteKind, PaymentStatus } from "./lifecycle/statuses"
import { conflict, forbidden, invalid, notFound } from "./lifecycle/errors"
import type { LifecycleFilters, ListCursor } from "./lifecycle/filters"
import { listOrderLifecycles } from "./lifecycle/list-orders"
import type { AnomalyFilters } from "./lifecycle/anomaly-query"
import { knexOf, normalizePaymentEvent, STALE_RECEIVED_MS, WithAnomalyMethods } from "./anomaly-methods"

export type { AnomalyFilters }

export type LifecycleRow = {
  id: string
  order_id: string
  order_number: string
  display_id: number | null
  payment_status: PaymentStatus
  fulfillment_status: FulfillmentStatus | null
  on_hold: boolean
  hold_reason: string | null
  activate_at: Date | null
  review_mode: "auto" | "manual" | null
  /** the checkout's risk level (the risk module's assessment); null when not assessed */
  risk_level?: "low" | "medium" | "high" | null
  payment_provider: string | null
  currency_code: string
  total_minor: number
  paid_minor: number
  /** positive: the customer owes; negative: a refund is due (Medusa's pending_difference), minor units */
  outstanding_minor: number
  payment_fee_minor: number | null
  customer_id: string | null
  email: string | null
  marks: string[]
  /** the products of the order's current line items (the list's product filter) */
  product_ids: string[]
  placed_at: Date
  payment_due_at: Date | null
  paid_at: Date | null
  approved_at: Date | null
  dispatched_at: Date | null
  completed_at: Date | null
  canceled_at: Date | null
  created_at: Date
  updated_at: Date
}

export type TransitionInput = {
  order_id: string
  action: LifecycleAction
  actor: Actor
  reason?: string | null
  metadata?: Record<string, unknown> | null
  /** extra columns written in the same compare-and-set update */
  set?: Partial<Pick<LifecycleRow, "activate_at" | "paid_minor" | "review_mode" | "payment_provider" | "payment_fee_minor" | "total_minor" | "outstanding_minor" | "payment_due_at">>
}

export type TransitionResult = {
  lifecycle: LifecycleRow
  before: LifecycleRow
  event_id: string
  action: LifecycleAction
}

const TABLE = "order_lifecycle"
const EVENT_TABLE = "order_lifecycle_event"

/** Reasons are required from people for actions that undo or stop an order. */
export const REASON_REQUIRED: readonly LifecycleAction[] = ["reject", "hold", "cancel"]

function normalizeRow(r: any): LifecycleRow {
  const { raw_total_minor, raw_paid_minor, raw_outstanding_minor, deleted_at, ...rest } = r
  return {
    ...rest,
    total_minor: Number(r.total_minor),
    paid_minor: Number(r.paid_minor),
    outstanding_minor: Number(r.outstanding_minor ?? 0),
    marks: r.marks ?? [],
    product_ids: r.product_ids ?? [],
  }
}

export type InboxInput = {
  provider: string
  event_key: string
  source: "callback" | "query"
  kind: string
  session_id?: string | null
  order_id?: string | null
  out_trade_no?: string | null
  transaction_id?: string | null
  platform_status?: string | null
  amount_minor?: number | null
  currency_code?: string | null
  payload?: Record<string, unknown> | null
}

function stateOf(r: LifecycleRow): LifecycleState {
  return {
    payment_status: r.payment_status,
    fulfillment_status: r.fulfillment_status,
    on_hold: r.on_hold,
    hold_reason: r.hold_reason,
  }
}

class OrderManagementModuleService extends WithAnomalyMethods(
  MedusaService({
    OrderLifecycle,
    OrderLifecycleEvent,
    OrderNote,
    OrderAnomaly,
    PaymentEvent,
    PaymentProof,
  })
) {
  protected readonly options_: ResolvedOptions

  constructor(container: Record<string, unknown>, options?: OrderManagementOptions) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = resolveOptions(options)
  }

  getOptions(): ResolvedOptions {
    return this.options_
  }

  private knex(ctx: Context) {
    return knexOf(ctx)
  }

  @InjectManager()
  async retrieveLifecycleByOrder(orderId: string, @MedusaContext() ctx: Context = {}): Promise<LifecycleRow> {
    const row = await this.knex(ctx)(TABLE).where({ order_id: orderId }).whereNull("deleted_at").first()
    if (!row) {
      throw notFound(`No order-management record for order ${orderId}`)
    }
    return normalizeRow(row)
  }

  @InjectManager()
  async findLifecycleByOrder(orderId: string, @MedusaContext() ctx: Context = {}): Promise<LifecycleRow | null> {
    const row = await this.knex(ctx)(TABLE).where({ order_id: orderId }).whereNull("deleted_at").first()
    return row ? normalizeRow(row) : null
  }

  /**
   * Create the record for an order unless it exists. Safe under concurrency:
   * the unique order_id index decides, and the loser reads the winner's row.
   */
  @InjectTransactionManager()
  async ensureLifecycle(
    data: Omit<LifecycleRow, "id" | "created_at" | "updated_at" | "marks" | "on_hold" | "hold_reason" | "activate_at" | "review_mode" | "paid_at" | "approved_at" | "dispatched_at" | "completed_at" | "canceled_at" | "fulfillment_status" | "payment_status" | "payment_fee_minor" | "outstanding_minor" | "payment_due_at" | "product_ids"> & { payment_status?: PaymentStatus; canceled_at?: Date | null; product_ids?: string[] },
    @MedusaContext() ctx: Context = {}
  ): Promise<{ lifecycle: LifecycleRow; created: boolean }> {
    const knex = this.knex(ctx)
    // a late event for an order that is gone (deleted, or a test database wiped under a running subscriber) must
    // not leave a record behind: reading the order in this transaction also holds off a concurrent TRUNCATE
    // (only where Medusa's order table shares this database; the module alone, as in its own tests, skips the check)
    const { rows: [reg] } = await knex.raw(`select to_regclass('public."order"') as t`)
    if (reg?.t) {
      const { rows } = await knex.raw(`select 1 from "order" where id = ? and deleted_at is null`, [data.order_id])
      if (!rows.length) throw notFound(`Order ${data.order_id} no longer exists`)
    }
    const now = new Date()
    const id = generateEntityId(undefined, "olc")
    const inserted = await knex(TABLE)
      .insert({
        id,
        order_id: data.order_id,
        order_number: data.order_number,
        display_id: data.display_id,
        payment_status: data.payment_status ?? "pending",
        payment_provider: data.payment_provider,
        currency_code: data.currency_code,
        total_minor: data.total_minor,
        raw_total_minor: JSON.stringify({ value: String(data.total_minor), precision: 20 }),
        paid_minor: data.paid_minor ?? 0,
        raw_paid_minor: JSON.stringify({ value: String(data.paid_minor ?? 0), precision: 20 }),
        customer_id: data.customer_id,
        email: data.email,
        placed_at: data.placed_at,
        product_ids: data.product_ids ?? [],
        canceled_at: data.canceled_at ?? null,
        created_at: now,
        updated_at: now,
      })
      // no conflict target: every unique index is an arbiter. With only (order_id), two concurrent syncs of one
      // order could still collide on the order_number index (PostgreSQL checks non-arbiter indexes after the
      // speculative insert) and fail instead of finding the other's row
      .onConflict()
      .ignore()
      .returning("*")
    if (inserted.length) {
      await this.insertEvent(knex, inserted[0].id, {
        action: "created",
        to_payment_status: inserted[0].payment_status,
        actor_type: "system",
        reason: "order placed",
      })
      return { lifecycle: normalizeRow(inserted[0]), created: true }
    }
    const existing = await knex(TABLE).where({ order_id: data.order_id }).whereNull("deleted_at").first()
    if (!existing) throw conflict(`Order number ${data.order_number} is already used by another order`)
    return { lifecycle: normalizeRow(existing), created: false }
  }

  private async insertEvent(knex: any, lifecycleId: string, e: Record<string, unknown>): Promise<string> {
    const id = generateEntityId(undefined, "olce")
    const now = new Date()
    await knex(EVENT_TABLE).insert({
      id,
      lifecycle_id: lifecycleId,
      from_payment_status: null,
      to_payment_status: null,
      from_fulfillment_status: null,
      to_fulfillment_status: null,
      actor_id: null,
      reason: null,
      ...e,
      metadata: e.metadata ? JSON.stringify(e.metadata) : null,
      created_at: now,
      updated_at: now,
    })
    return id
  }

  /** Check an action against the transition table and the permission options without changing anything. */
  @InjectManager()
  async checkAction(
    orderId: string,
    action: LifecycleAction,
    actor: Actor & { email?: string | null },
    @MedusaContext() ctx: Context = {}
  ): Promise<LifecycleRow> {
    const row = await this.retrieveLifecycleByOrder(orderId, ctx)
    this.assertPermitted(action, actor)
    const d = decide(action, stateOf(row), actor.type)
    if (!d.ok) {
      throw d.code === "forbidden" ? forbidden(d.message) : conflict(d.message)
    }
    return row
  }

  /** `what` names the act in the refusal ("cancel this order" by default). */
  assertPermitted(action: string, actor: Actor & { email?: string | null }, what = `${action} this order`) {
    const allowed = this.options_.permissions[action]
    if (actor.type !== "user" || !allowed) {
      return
    }
    if (!allowed.includes(actor.id ?? "") && !(actor.email && allowed.includes(actor.email))) {
      throw forbidden(`Cannot ${what}: not permitted for your admin account (insufficient permissions)`)
    }
  }

  /**
   * Move an order along the lifecycle: decide with the transition table, then
   * a compare-and-set update (WHERE the statuses are still what we read) and
   * one history row, in one transaction. A concurrent change makes the update
   * match nothing, and the caller gets a 409 naming the current status.
   */
  @InjectTransactionManager()
  async transition(input: TransitionInput, @MedusaContext() ctx: Context = {}): Promise<TransitionResult> {
    return this.transitionFrom(await this.retrieveLifecycleByOrder(input.order_id, ctx), input, ctx)
  }

  /**
   * Several moves of one order, each decided on the state the previous one leaves (a move that returns null is
   * skipped, and so is one the transition table refuses there, as a CONFLICT of `transition` would be), written as
   * one compare-and-set update from `current` to the last state plus one history row per move, in one transaction.
   * `current`: the row the caller has just read (saves reading it again). When another process changed the order
   * since (the compare-and-set matches nothing) the moves are decided again, one by one, on the fresh row.
   * Returns the moves made, in order, and the row after them.
   */
  @InjectTransactionManager()
  async transitionSeries(
    orderId: string,
    moves: Array<(current: LifecycleRow) => TransitionInput | null>,
    current: LifecycleRow | null = null,
    @MedusaContext() ctx: Context = {}
  ): Promise<{ results: TransitionResult[]; lifecycle: LifecycleRow }> {
    const first = current ?? (await this.retrieveLifecycleByOrder(orderId, ctx))
    const plans: Array<{ input: TransitionInput; before: LifecycleRow; update: Record<string, unknown>; after: LifecycleRow }> = []
    let row = first
    for (const move of moves) {
      const input = move(row)
      if (!input) continue
      try {
        const plan = this.planTransition(row, input)
        plans.push({ input, before: row, ...plan })
        row = plan.after
      } catch (e) {
        if ((e as MedusaError).type !== MedusaError.Types.CONFLICT) throw e
      }
    }
    if (!plans.length) return { results: [], lifecycle: first }
    const written = await this.writeTransitions(first, plans, ctx)
    if (written) return { results: written, lifecycle: written[written.length - 1].lifecycle }
    // changed meanwhile: decide each move again on what is there now
    const results: TransitionResult[] = []
    row = await this.retrieveLifecycleByOrder(orderId, ctx)
    for (const move of moves) {
      const input = move(row)
      if (!input) continue
      try {
        const r = await this.transitionFrom(row, input, ctx)
        results.push(r)
        row = r.lifecycle
      } catch (e) {
        if ((e as MedusaError).type !== MedusaError.Types.CONFLICT) throw e
        row = await this.retrieveLifecycleByOrder(orderId, ctx)
      }
    }
    return { results, lifecycle: row }
  }

  private async transitionFrom(before: LifecycleRow, input: TransitionInput, ctx: Context): Promise<TransitionResult> {
    const plan = this.planTransition(before, input)
    const written = await this.writeTransitions(before, [{ input, before, ...plan }], ctx)
    if (!written) {
      const current = await this.retrieveLifecycleByOrder(input.order_id, ctx)
      throw conflict(
        `Cannot ${input.action} this order: it was changed by another action; current status is ${describeState(stateOf(current))}`
      )
    }
    return written[0]
  }

  /** Decide one move on `before` (transition table, required reason) and the columns it writes; throws when refused. */
  private planTransition(before: LifecycleRow, input: TransitionInput): { update: Record<string, unknown>; after: LifecycleRow } {
    if (input.actor.type === "user" && REASON_REQUIRED.includes(input.action) && !input.reason?.trim()) {
      throw invalid(`reason is required to ${input.action} an order`)
    }
    const d = decide(input.action, stateOf(before), input.actor.type)
    if (!d.ok) {
      throw d.code === "forbidden" ? forbidden(d.message) : conflict(d.message)
    }
    const next = applyEffect(stateOf(before), d.effect)
    const now = new Date()
    const update: Record<string, unknown> = {
      payment_status: next.payment_status,
      fulfillment_status: next.fulfillment_status,
      on_hold: next.on_hold,
      updated_at: now,
      ...(input.set ?? {}),
    }
    if (input.action === "hold") update.hold_reason = input.reason ?? null
    if (input.action === "release") update.hold_reason = null
    if (d.effect.payment_status === "confirmed" && !before.paid_at) update.paid_at = now
    if (d.effect.payment_status === "canceled") {
      update.canceled_at = now
      // a canceled order is owed nothing (a refund it is due, negative, stays)
      if (update.outstanding_minor === undefined && Number(before.outstanding_minor) > 0) update.outstanding_minor = 0
    }
    if (d.effect.fulfillment_status === "processing") update.approved_at = now
    if (d.effect.fulfillment_status === "dispatched") {
      update.dispatched_at = now
      update.activate_at = null
    }
    if (d.effect.fulfillment_status === "completed") update.completed_at = now
    if (d.effect.fulfillment_status === "refunded" && !before.canceled_at) update.canceled_at = now
    return { update, after: { ...before, ...update } as LifecycleRow }
  }

  /**
   * Write planned moves: one compare-and-set update (WHERE the statuses are still those of `from`) to the last
   * state, and one history row per move. Null when the order changed meanwhile (nothing written).
   */
  private async writeTransitions(
    from: LifecycleRow,
    plans: Array<{ input: TransitionInput; before: LifecycleRow; update: Record<string, unknown>; after: LifecycleRow }>,
    ctx: Context
  ): Promise<TransitionResult[] | null> {
    const knex = this.knex(ctx)
    const update: Record<string, unknown> = Object.assign({}, ...plans.map((p) => p.update))
    for (const k of ["paid_minor", "total_minor", "outstanding_minor"] as const) {
      if (update[k] !== undefined) update[`raw_${k}`] = JSON.stringify({ value: String(update[k]), precision: 20 })
    }
    const rows = await knex(TABLE)
      .where({ id: from.id, payment_status: from.payment_status, on_hold: from.on_hold })
      .whereRaw("fulfillment_status is not distinct from ?", [from.fulfillment_status])
      .whereNull("deleted_at")
      .update(update)
      .returning("*")
    if (!rows.length) return null
    const last = normalizeRow(rows[0])
    const now = Date.now()
    // one row per move, a millisecond apart so the history reads in the order the moves were made
    const events = plans.map((p, i) => ({
      id: generateEntityId(undefined, "olce"),
      lifecycle_id: from.id,
      action: p.input.action,
      from_payment_status: p.before.payment_status,
      to_payment_status: p.after.payment_status,
      from_fulfillment_status: p.before.fulfillment_status,
      to_fulfillment_status: p.after.fulfillment_status,
      actor_type: p.input.actor.type,
      actor_id: p.input.actor.id ?? null,
      reason: p.input.reason ?? null,
      metadata: p.input.metadata ? JSON.stringify(p.input.metadata) : null,
      created_at: new Date(now + i),
      updated_at: new Date(now + i),
    }))
    await knex(EVENT_TABLE).insert(events)
    return plans.map((p, i) => ({
      lifecycle: i === plans.length - 1 ? last : p.after,
      before: i === 0 ? from : plans[i - 1].after,
      event_id: events[i].id,
      action: p.input.action,
    }))
  }

  /** Compensation of `transition`: put the old values back if nothing moved since, and drop its history row. */
  @InjectTransactionManager()
  async revertTransition(result: TransitionResult, @MedusaContext() ctx: Context = {}): Promise<boolean> {
    const knex = this.knex(ctx)
    const b = result.before
    const a = result.lifecycle
    const restored = await knex(TABLE)
      .where({ id: b.id, payment_status: a.payment_status, on_hold: a.on_hold })
      .whereRaw("fulfillment_status is not distinct from ?", [a.fulfillment_status])
      .update({
        payment_status: b.payment_status,
        fulfillment_status: b.fulfillment_status,
        on_hold: b.on_hold,
        hold_reason: b.hold_reason,
        activate_at: b.activate_at,
        paid_at: b.paid_at,
        approved_at: b.approved_at,
        dispatched_at: b.dispatched_at,
        completed_at: b.completed_at,
        canceled_at: b.canceled_at,
        review_mode: b.review_mode,
        updated_at: new Date(),
      })
    await knex(EVENT_TABLE).where({ id: result.event_id }).delete()
    return restored > 0
  }

  /** Record a history row that changes no status (scheduling, notes on automation, ...). */
  @InjectTransactionManager()
  async recordEvent(
    orderId: string,
    e: { action: string; actor: Actor; reason?: string | null; metadata?: Record<string, unknown> | null },
    @MedusaContext() ctx: Context = {}
  ): Promise<string> {
    const row = await this.retrieveLifecycleByOrder(orderId, ctx)
    return this.insertEvent(this.knex(ctx), row.id, {
      action: e.action,
      from_payment_status: row.payment_status,
      to_payment_status: row.payment_status,
      from_fulfillment_status: row.fulfillment_status,
      to_fulfillment_status: row.fulfillment_status,
      actor_type: e.actor.type,
      actor_id: e.actor.id ?? null,
      reason: e.reason ?? null,
      metadata: e.metadata ?? null,
    })
  }

  /** Set or clear a scheduled activation; only while a dispatch would be legal now. */
  @InjectTransactionManager()
  async scheduleActivation(
    orderId: string,
    activateAt: Date | null,
    actor: Actor,
    @MedusaContext() ctx: Context = {}
  ): Promise<LifecycleRow> {
    const row = await this.retrieveLifecycleByOrder(orderId, ctx)
    const d = decide("dispatch", stateOf(row), actor.type)
    if (!d.ok) {
      throw d.code === "forbidden" ? forbidden(d.message) : conflict(d.message.replace("Cannot dispatch", "Cannot schedule a dispatch for"))
    }
    const knex = this.knex(ctx)
    const rows = await knex(TABLE)
      .where({ id: row.id, fulfillment_status: row.fulfillment_status })
      .update({ activate_at: activateAt, updated_at: new Date() })
      .returning("*")
    if (!rows.length) {
      throw conflict("Cannot schedule a dispatch: the order was changed by another action")
    }
    await this.insertEvent(knex, row.id, {
      action: activateAt ? "schedule_dispatch" : "unschedule_dispatch",
      from_payment_status: row.payment_status,
      to_payment_status: row.payment_status,
      from_fulfillment_status: row.fulfillment_status,
      to_fulfillment_status: row.fulfillment_status,
      actor_type: actor.type,
      actor_id: actor.id ?? null,
      metadata: { activate_at: activateAt?.toISOString() ?? null, previous: row.activate_at },
    })
    return normalizeRow(rows[0])
  }

  @InjectTransactionManager()
  async addNote(
    orderId: string,
    note: { kind: NoteKind; body: string; channel?: string | null; label?: string | null; author: Actor },
    @MedusaContext() ctx: Context = {}
  ) {
    const row = await this.retrieveLifecycleByOrder(orderId, ctx)
    const knex = this.knex(ctx)
    const id = generateEntityId(undefined, "onote")
    const now = new Date()
    const [created] = await knex("order_note")
      .insert({
        id,
        lifecycle_id: row.id,
        kind: note.kind,
        body: note.body,
        channel: note.channel ?? null,
        label: note.label ?? null,
        author_type: note.author.type,
        author_id: note.author.id ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning("*")
    if (note.kind === "mark" && note.label && !row.marks.includes(note.label)) {
      await knex(TABLE)
        .where({ id: row.id })
        .update({ marks: knex.raw("array_append(coalesce(marks, '{}'), ?)", [note.label]), updated_at: now })
    }
    const { deleted_at, ...rest } = created
    return rest
  }

  @InjectManager()
  async listLifecycles(
    filters: LifecycleFilters,
    page: { limit: number; offset?: number; cursor?: ListCursor | null; count_cap?: number; count_budget_ms?: number },
    @MedusaContext() ctx: Context = {}
  ): Promise<[LifecycleRow[], number, { count_exact: boolean; next_cursor: string | null }]> {
    return listOrderLifecycles(this.knex(ctx), filters, page, normalizeRow)
  }

  @InjectManager()
  async getHistoryAndNotes(lifecycleId: string, @MedusaContext() ctx: Context = {}) {
    const knex = this.knex(ctx)
    const [history, notes] = await Promise.all([
      knex(EVENT_TABLE).where({ lifecycle_id: lifecycleId }).whereNull("deleted_at").orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }]),
      knex("order_note").where({ lifecycle_id: lifecycleId }).whereNull("deleted_at").orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }]),
    ])
    const strip = ({ deleted_at, ...r }: any) => r
    return { history: history.map(strip), notes: notes.map(strip) }
  }

  /** Orders whose scheduled activation is due (oldest first), skipping held ones. */
  @InjectManager()
  async listDueActivations(now: Date, limit: number, @MedusaContext() ctx: Context = {}): Promise<LifecycleRow[]> {
    const rows = await this.knex(ctx)(TABLE)
      .whereNull("deleted_at")
      .whereNotNull("activate_at")
      .where("activate_at", "<=", now)
      .where({ fulfillment_status: "processing", on_hold: false })
      .orderBy("activate_at", "asc")
      .limit(limit)
    return rows.map(normalizeRow)
  }

  /**
   * Unpaid orders past their provider's timeout, oldest first, skipping held
   * ones and `exclude` (failed earlier in this run). Reads only our indexed
   * columns (payment_status, placed_at), never Medusa's order table.
   */
  @InjectManager()
  async listExpiredUnpaid(
    now: Date,
    limit: number,
    exclude: string[] = [],
    @MedusaContext() ctx: Context = {}
  ): Promise<LifecycleRow[]> {
    const knex = this.knex(ctx)
    const o = this.options_
    const overrides = Object.entries(o.unpaidOrderTimeoutByProvider)
    const minutesSql = overrides.length
      ? `case ${overrides.map(() => "when payment_provider = ? or payment_provider = 'pp_' || ? or payment_provider like 'pp_' || ? || '\\_%' then ?").join(" ")} else ? end`
      : "?"
    const bindings = [...overrides.flatMap(([e, m]) => [e, e, e, m]), o.unpaidOrderTimeoutMinutes]
    const shortest = Math.min(o.unpaidOrderTimeoutMinutes, ...overrides.map(([, m]) => m))
    const qb = knex(TABLE)
      .whereNull("deleted_at")
      .where({ payment_status: "pending", on_hold: false })
      .where("placed_at", "<", new Date(now.getTime() - shortest * 60_000))
      // never before the payment session's own deadline (a bank transfer reference valid for days)
      .where((q: any) => q.whereNull("payment_due_at").orWhere("payment_due_at", "<", now))
      .whereRaw(`placed_at < ?::timestamptz - make_interval(mins => (${minutesSql})::int)`, [now, ...bindings])
      .orderBy([{ column: "placed_at", order: "asc" }, { column: "id", order: "asc" }])
      .limit(limit)
    if (exclude.length) qb.whereNotIn("order_id", exclude)
    return (await qb).map(normalizeRow)
  }

  /** Dispatched orders quiet since `before` (candidates for auto-complete). */
  @InjectManager()
  async listCompletable(before: Date, limit: number, @MedusaContext() ctx: Context = {}): Promise<LifecycleRow[]> {
    const rows = await this.knex(ctx)(TABLE)
      .whereNull("deleted_at")
      .where({ fulfillment_status: "dispatched", on_hold: false })
      .where("dispatched_at", "<=", before)
      .orderBy("dispatched_at", "asc")
      .limit(limit)
    return rows.map(normalizeRow)
  }

  /**
   * Put a platform event in the inbox. `claimed` is true when this caller
   * should process it: a new event, or a retry of one that failed (or was
   * abandoned mid-way); a processed or in-flight duplicate is not claimed.
   * Each statement is atomic on its own (insert-or-nothing, then a guarded
   * update), so no transaction is opened: the hot path of every callback.
   */
  @InjectManager()
  async receivePaymentEvent(input: InboxInput, @MedusaContext() ctx: Context = {}): Promise<{ event: any; claimed: boolean; duplicate: boolean }> {
    const knex = this.knex(ctx)
    const now = new Date()
    const amount = input.amount_minor ?? null
    const rows = await knex("order_payment_event")
      .insert({
        id: generateEntityId(undefined, "opevt"),
        provider: input.provider,
        event_key: input.event_key,
        source: input.source,
        kind: input.kind,
        status: "received",
        session_id: input.session_id ?? null,
        order_id: input.order_id ?? null,
        out_trade_no: input.out_trade_no ?? null,
        transaction_id: input.transaction_id ?? null,
        platform_status: input.platform_status ?? null,
        amount_minor: amount,
        raw_amount_minor: amount === null ? null : JSON.stringify({ value: String(amount), precision: 20 }),
        currency_code: input.currency_code ?? null,
        attempts: 1,
        payload: input.payload ? JSON.stringify(input.payload) : null,
        created_at: now,
        updated_at: now,
      })
      .onConflict(knex.raw("(provider, event_key) where deleted_at is null"))
      .ignore()
      .returning("*")
    if (rows.length) return { event: normalizePaymentEvent(rows[0]), claimed: true, duplicate: false }
    // seen before: retry only what failed or was abandoned, and only one caller wins the claim
    const retried = await knex("order_payment_event")
      .where({ provider: input.provider, event_key: input.event_key })
      .whereNull("deleted_at")
      .where((qb: any) => qb.where("status", "failed").orWhere((q: any) => q.whereIn("status", ["received", "processing"]).where("updated_at", "<", new Date(now.getTime() - STALE_RECEIVED_MS))))
      .update({ status: "received", attempts: knex.raw("attempts + 1"), error: null, updated_at: now })
      .returning("*")
    if (retried.length) return { event: normalizePaymentEvent(retried[0]), claimed: true, duplicate: false }
    const existing = await knex("order_payment_event").where({ provider: input.provider, event_key: input.event_key }).whereNull("deleted_at").first()
    return { event: normalizePaymentEvent(existing), claimed: false, duplicate: true }
  }

  /**
   * Claim a stored event for applying: received → processing, for exactly one caller (the worker's subscriber, or a
   * buyer's poll applying it first). Null when someone else has it or it is done.
   */
  @InjectManager()
  async claimPaymentEvent(id: string, @MedusaContext() ctx: Context = {}) {
    const [row] = await this.knex(ctx)("order_payment_event").where({ id, status: "received" }).whereNull("deleted_at").update({ status: "processing", updated_at: new Date() }).returning("*")
    return row ? normalizePaymentEvent(row) : null
  }

  /** Record how an inbox event ended (processed / ignored / failed). */
  @InjectManager()
  async finishPaymentEvent(
    id: string,
    result: { status: "processed" | "ignored" | "failed"; outcome?: string | null; error?: string | null; order_id?: string | null },
    @MedusaContext() ctx: Context = {}
  ) {
    const now = new Date()
    const [row] = await this.knex(ctx)("order_payment_event")
      .where({ id })
      .update({
        status: result.status,
        outcome: result.outcome ?? null,
        error: result.error ? result.error.slice(0, 1000) : null,
        ...(result.order_id ? { order_id: result.order_id } : {}),
        processed_at: result.status === "failed" ? null : now,
        updated_at: now,
      })
      .returning("*")
    return row ? normalizePaymentEvent(row) : null
  }

  /** Inbox rows for an order (or its sessions), newest first. */
  @InjectManager()
  async listPaymentEventsFor(f: { order_id?: string; session_ids?: string[] }, limit = 50, @MedusaContext() ctx: Context = {}) {
    const qb = this.knex(ctx)("order_payment_event").whereNull("deleted_at")
    qb.where((q: any) => {
      if (f.order_id) q.orWhere("order_id", f.order_id)
      if (f.session_ids?.length) q.orWhereIn("session_id", f.session_ids)
    })
    if (!f.order_id && !f.session_ids?.length) return []
    const rows = await qb.orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }]).limit(limit)
    return rows.map(normalizePaymentEvent)
  }

  /** Unpaid orders placed before `before` with a queryable provider (the pending-payment job's batch), oldest query first. */
  @InjectManager()
  async listPendingPayments(before: Date, providers: string[], limit: number, @MedusaContext() ctx: Context = {}): Promise<LifecycleRow[]> {
    if (!providers.length) return []
    const rows = await this.knex(ctx)(TABLE)
      .whereNull("deleted_at")
      .where({ payment_status: "pending" })
      .where("placed_at", "<=", before)
      .where((q: any) => {
        for (const p of providers) q.orWhere("payment_provider", `pp_${p}`).orWhere("payment_provider", "like", `pp_${p}\\_%`)
      })
      .orderBy("updated_at", "asc")
      .limit(limit)
    return rows.map(normalizeRow)
  }

  /** Mark a lifecycle as looked at (moves it to the back of the pending-payment job's queue). */
  @InjectTransactionManager()
  async touchLifecycle(orderId: string, @MedusaContext() ctx: Context = {}): Promise<void> {
    await this.knex(ctx)(TABLE).where({ order_id: orderId }).whereNull("deleted_at").update({ updated_at: new Date() })
  }

  @InjectManager()
  async findPaymentEvent(id: string, @MedusaContext() ctx: Context = {}) {
    const row = await this.knex(ctx)("order_payment_event").where({ id }).whereNull("deleted_at").first()
    if (!row) throw notFound(`Payment event ${id} not found`)
    return normalizePaymentEvent(row)
  }

  /**
   * Claim inbox events to retry: failed ones (fewer than `maxAttempts`) and
   * ones left "received" or "processing" since `staleBefore` (their processing
   * died). Each row is claimed by one caller only: compare-and-set on status
   * and updated_at, and the claim stamps updated_at with the caller's clock
   * `now`, so an event just claimed is never stale to a second caller on the
   * same clock.
   */
  @InjectTransactionManager()
  async claimRetryablePaymentEvents(staleBefore: Date, maxAttempts: number, limit: number, now: Date = new Date(), @MedusaContext() ctx: Context = {}) {
    const knex = this.knex(ctx)
    const retryable = (q: any) => q.where("status", "failed").orWhere((r: any) => r.whereIn("status", ["received", "processing"]).where("updated_at", "<", staleBefore))
    const candidates = await knex("order_payment_event")
      .whereNull("deleted_at")
      .where("attempts", "<", maxAttempts)
      .where(retryable)
      .orderBy("updated_at", "asc")
      .limit(limit)
    const claimed: any[] = []
    for (const c of candidates) {
      const [row] = await knex("order_payment_event")
        .where({ id: c.id, status: c.status, updated_at: c.updated_at })
        .where("attempts", "<", maxAttempts)
        .where(retryable)
        .update({ status: "processing", attempts: knex.raw("attempts + 1"), updated_at: now })
        .returning("*")
      if (row) claimed.push(normalizePaymentEvent(row))
    }
    return claimed
  }

  /** Proofs of an order's bank transfer, newest first. */
  @InjectManager()
  async listProofsOf(orderId: string, @MedusaContext() ctx: Context = {}) {
    return this.knex(ctx)("order_payment_proof").where({ order_id: orderId }).whereNull("deleted_at").orderBy("created_at", "desc")
  }

  /** Judge a submitted proof once (compare-and-set on status). */
  @InjectTransactionManager()
  async reviewProof(id: string, orderId: string, to: "accepted" | "rejected", info: { by: string | null; reason?: string | null }, @MedusaContext() ctx: Context = {}) {
    const [row] = await this.knex(ctx)("order_payment_proof")
      .where({ id, order_id: orderId, status: "submitted" })
      .whereNull("deleted_at")
      .update({ status: to, reject_reason: info.reason ?? null, reviewed_by: info.by, reviewed_at: new Date(), updated_at: new Date() })
      .returning("*")
    if (!row) {
      const current = await this.knex(ctx)("order_payment_proof").where({ id, order_id: orderId }).whereNull("deleted_at").first()
      if (!current) throw notFound(`Proof ${id} not found on this order`)
      throw conflict(`This proof was already ${current.status}`)
    }
    return row
  }

}

export default OrderManagementModuleService
