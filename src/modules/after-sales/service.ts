import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import RefundRequest, { OPEN_REFUND_REQUEST_STATUSES, REFUND_DESTINATIONS, REFUND_REQUEST_STATUSES } from "./models/refund-request"
import RefundRequestEvent from "./models/refund-request-event"
import { type AfterSalesOptions, type ResolvedAfterSalesOptions, resolveAfterSalesOptions } from "./options"
import type { RefundFailureInfo } from "./failure"

export type RefundRequestStatus = (typeof REFUND_REQUEST_STATUSES)[number]
export type RefundDestination = (typeof REFUND_DESTINATIONS)[number]
export type RefundFailure = RefundFailureInfo

/**
 * One money move made for a request: a Medusa refund (to the original method: `platform_refund_no` and the
 * platform's `status`; to the balance: `credited`). Amounts in minor units.
 */
export type RefundMove = {
  refund_id: string
  payment_id: string
  provider_id: string
  amount_minor: number
  destination: RefundDestination
  platform_refund_no: string | null
  /** processing (WeChat settles later), succeeded, closed / abnormal (WeChat), manual_task (crypto, bank transfer: staff send it), credited (balance) */
  status: "processing" | "succeeded" | "closed" | "abnormal" | "manual_task" | "credited"
  /** a link the buyer opens to claim it (BTCPay pull payment) */
  claim_url?: string | null
  attempt: number
  created_at: string
}

export type RefundRequestHistoryEntry = {
  id: string
  action: string
  from_status: string | null
  to_status: string | null
  actor: { type: string; id: string | null }
  message: string | null
  metadata: Record<string, unknown> | null
  created_at: string
}

/** A request as the API returns it (amounts in minor units of currency_code). */
export type RefundRequestView = {
  id: string
  order_id: string
  customer_id: string | null
  status: RefundRequestStatus
  currency_code: string
  requested_amount_minor: number
  amount_minor: number
  refunded_minor: number
  destination: RefundDestination | null
  reason_code: string
  note: string | null
  items: Array<{ item_id: string; quantity: number }>
  evidence: Array<{ file_id: string; mime_type: string; size_bytes: number; name?: string }>
  return_items: boolean
  return_location_id: string | null
  return_id: string | null
  opened_by: { type: string; id: string | null }
  reviewed_by: { type: string; id: string | null } | null
  reviewed_at: string | null
  review_note: string | null
  reject_reason: string | null
  failure: RefundFailure | null
  refunds: RefundMove[]
  attempt: number
  history: RefundRequestHistoryEntry[]
  created_at: string
  updated_at: string
}

export type HistoryInput = { action: string; actor: { type: string; id?: string | null }; message?: string | null; metadata?: Record<string, unknown> | null }

const TABLE = "refund_request"
const EVENT_TABLE = "refund_request_event"
const MONEY = ["requested_amount_minor", "amount_minor", "refunded_minor"] as const

/** The verb of a move's history action, for a refusal ("Cannot approve this refund request: …"). */
const VERBS: Record<string, string> = { approved: "approve", rejected: "reject", withdrawn: "withdraw", processing: "process", retried: "retry", failed: "fail", refunded: "finish" }
const verbOf = (action: string) => VERBS[action] ?? action.replace(/_/g, " ")

const iso = (d: any) => (d ? new Date(d).toISOString() : null)

function toView(r: any, events: any[] = []): RefundRequestView {
  return {
    id: r.id,
    order_id: r.order_id,
    customer_id: r.customer_id ?? null,
    status: r.status,
    currency_code: r.currency_code,
    requested_amount_minor: Number(r.requested_amount_minor),
    amount_minor: Number(r.amount_minor),
    refunded_minor: Number(r.refunded_minor ?? 0),
    destination: r.destination ?? null,
    reason_code: r.reason_code,
    note: r.note ?? null,
    items: r.items ?? [],
    evidence: r.evidence ?? [],
    return_items: !!r.return_items,
    return_location_id: r.return_location_id ?? null,
    return_id: r.return_id ?? null,
    opened_by: { type: r.opened_by_type, id: r.opened_by_id ?? null },
    reviewed_by: r.reviewed_by_type ? { type: r.reviewed_by_type, id: r.reviewed_by_id ?? null } : null,
    reviewed_at: iso(r.reviewed_at),
    review_note: r.review_note ?? null,
    reject_reason: r.reject_reason ?? null,
    failure: r.failure ?? null,
    refunds: r.refunds ?? [],
    attempt: Number(r.attempt ?? 0),
    history: events.map((e) => ({
      id: e.id,
      action: e.action,
      from_status: e.from_status ?? null,
      to_status: e.to_status ?? null,
      actor: { type: e.actor_type, id: e.actor_id ?? null },
      message: e.message ?? null,
      metadata: e.metadata ?? null,
      created_at: iso(e.created_at)!,
    })),
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  }
}

/** Money columns as the DML stores them: the number and its raw JSON twin. */
function withRaw(patch: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...patch }
  for (const k of MONEY) if (out[k] !== undefined) out[`raw_${k}`] = JSON.stringify({ value: String(out[k]), precision: 20 })
  for (const k of ["items", "evidence", "failure", "refunds", "metadata"]) if (out[k] !== undefined && out[k] !== null) out[k] = JSON.stringify(out[k])
  return out
}

/**
 * Refund requests and their timeline. Every status change is a compare-and-set (`move`: UPDATE … WHERE status IN
 * the statuses the caller decided on) plus one history row in one transaction, so of two admins approving the same
 * request one wins and the other gets a 409 naming the status it found. One open request per order is a unique
 * partial index; opening a second is a 409.
 */
export default class AfterSalesModuleService extends MedusaService({ RefundRequest, RefundRequestEvent }) {
  protected readonly options_: ResolvedAfterSalesOptions

  constructor(container: Record<string, unknown>, options?: AfterSalesOptions) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = resolveAfterSalesOptions(options)
  }

  getAfterSalesOptions(): ResolvedAfterSalesOptions {
    return this.options_
  }

  private knex(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    const k = m?.getTransactionContext?.() ?? m?.getKnex?.()
    if (!k) throw new Error("after_sales: no database context")
    return k
  }

  /** One request with its timeline; 404 when there is none. */
  @InjectManager()
  async viewRefundRequest(id: string, @MedusaContext() ctx: Context = {}): Promise<RefundRequestView> {
    const knex = this.knex(ctx)
    const row = await knex(TABLE).where({ id }).whereNull("deleted_at").first()
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund request ${id} was not found`)
    const events = await knex(EVENT_TABLE).where({ refund_request_id: id }).whereNull("deleted_at").orderBy([{ column: "created_at" }, { column: "id" }])
    return toView(row, events)
  }

  /**
   * Requests, newest first, with their timelines. `status`: one or more statuses; `order_id`; `customer_id`;
   * `order_ids` (any of these orders), with `id_prefix` (… or a request id starting so).
   */
  @InjectManager()
  async listRefundRequestViews(
    filters: { status?: string[]; order_id?: string; customer_id?: string; order_ids?: string[]; id_prefix?: string } = {},
    page: { limit?: number; offset?: number } = {},
    @MedusaContext() ctx: Context = {}
  ): Promise<{ rows: RefundRequestView[]; count: number }> {
    const knex = this.knex(ctx)
    const base = knex(TABLE).whereNull("deleted_at")
    if (filters.status?.length) base.whereIn("status", filters.status)
    if (filters.order_id) base.where("order_id", filters.order_id)
    if (filters.order_ids && filters.id_prefix) {
      const ids = filters.order_ids
      const prefix = filters.id_prefix
      base.where((w: any) => w.whereIn("order_id", ids).orWhere("id", "like", `${prefix.replace(/[%_\\]/g, "\\$&")}%`))
    } else if (filters.order_ids) base.whereIn("order_id", filters.order_ids)
    if (filters.customer_id) base.where("customer_id", filters.customer_id)
    const [{ n }] = await base.clone().count({ n: "*" })
    const rows = await base.clone().orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }]).limit(page.limit ?? 50).offset(page.offset ?? 0)
    const events = rows.length ? await knex(EVENT_TABLE).whereIn("refund_request_id", rows.map((r: any) => r.id)).whereNull("deleted_at").orderBy([{ column: "created_at" }, { column: "id" }]) : []
    return { rows: rows.map((r: any) => toView(r, events.filter((e: any) => e.refund_request_id === r.id))), count: Number(n) }
  }

  /**
   * What the order's open requests still hold of its refundable amount (minor units): their amount less what they
   * already refunded. `exceptId` leaves one request out (the one being approved).
   */
  @InjectManager()
  async heldByOpenRequests(orderId: string, exceptId: string | null = null, @MedusaContext() ctx: Context = {}): Promise<number> {
    const q = this.knex(ctx)(TABLE).where({ order_id: orderId }).whereNull("deleted_at").whereIn("status", [...OPEN_REFUND_REQUEST_STATUSES])
    if (exceptId) q.whereNot("id", exceptId)
    const [{ s }] = await q.select(this.knex(ctx).raw("coalesce(sum(amount_minor - refunded_minor), 0) as s"))
    return Number(s)
  }

  /** The order's open request, if any. */
  @InjectManager()
  async openRequestOf(orderId: string, @MedusaContext() ctx: Context = {}): Promise<string | null> {
    const row = await this.knex(ctx)(TABLE).where({ order_id: orderId }).whereNull("deleted_at").whereIn("status", [...OPEN_REFUND_REQUEST_STATUSES]).first("id")
    return row?.id ?? null
  }

  /** Insert a request in `requested` with its first history row. 409 when the order already has an open one. */
  @InjectTransactionManager()
  async openRefundRequest(
    input: {
      order_id: string
      customer_id: string | null
      currency_code: string
      amount_minor: number
      reason_code: string
      note?: string | null
      items?: Array<{ item_id: string; quantity: number }> | null
      evidence?: RefundRequestView["evidence"] | null
      return_items?: boolean
      return_location_id?: string | null
      opened_by: { type: string; id?: string | null }
      message?: string | null
    },
    @MedusaContext() ctx: Context = {}
  ): Promise<string> {
    const knex = this.knex(ctx)
    const id = generateEntityId(undefined, "rfreq")
    try {
      await knex(TABLE).insert(withRaw({
        id,
        order_id: input.order_id,
        customer_id: input.customer_id,
        status: "requested",
        currency_code: input.currency_code,
        requested_amount_minor: input.amount_minor,
        amount_minor: input.amount_minor,
        refunded_minor: 0,
        reason_code: input.reason_code,
        note: input.note ?? null,
        items: input.items?.length ? input.items : null,
        evidence: input.evidence?.length ? input.evidence : null,
        return_items: !!input.return_items,
        return_location_id: input.return_location_id ?? null,
        opened_by_type: input.opened_by.type,
        opened_by_id: input.opened_by.id ?? null,
        attempt: 0,
      }))
    } catch (e: any) {
      if (e?.code === "23505") throw new MedusaError(MedusaError.Types.CONFLICT, "This order already has an open refund request; withdraw it or wait for its review")
      throw e
    }
    await this.insertEvent(knex, id, { action: "requested", actor: input.opened_by, message: input.message ?? null }, null, "requested")
    return id
  }

  /**
   * Compare-and-set: move the request from one of `from` to `to` with `patch` (columns of refund_request), and add
   * a history row. Throws 409 CONFLICT naming the status found when another action moved it first.
   */
  @InjectTransactionManager()
  async moveRefundRequest(
    id: string,
    from: RefundRequestStatus[],
    to: RefundRequestStatus,
    patch: Record<string, unknown>,
    event: HistoryInput,
    @MedusaContext() ctx: Context = {}
  ): Promise<{ from_status: RefundRequestStatus }> {
    const knex = this.knex(ctx)
    const current = await knex(TABLE).where({ id }).whereNull("deleted_at").first("status")
    if (!current) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund request ${id} was not found`)
    if (!from.includes(current.status)) throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot ${verbOf(event.action)} this refund request: it is ${current.status}`)
    const n = await knex(TABLE).where({ id, status: current.status }).whereNull("deleted_at").update(withRaw({ ...patch, status: to, updated_at: new Date() }))
    if (!n) {
      const now = await knex(TABLE).where({ id }).first("status")
      throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot ${verbOf(event.action)} this refund request: another action changed it; it is ${now?.status}`)
    }
    await this.insertEvent(knex, id, event, current.status, to)
    return { from_status: current.status }
  }

  /** Change columns without a status change (a WeChat refund's state), with an optional history row. */
  @InjectTransactionManager()
  async patchRefundRequest(id: string, patch: Record<string, unknown>, event: HistoryInput | null, @MedusaContext() ctx: Context = {}) {
    const knex = this.knex(ctx)
    const row = await knex(TABLE).where({ id }).whereNull("deleted_at").first("status")
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Refund request ${id} was not found`)
    await knex(TABLE).where({ id }).update(withRaw({ ...patch, updated_at: new Date() }))
    if (event) await this.insertEvent(knex, id, event, row.status, row.status)
  }

  /** The request one of whose money moves is this Medusa refund (its id is the platform's out_refund_no). */
  @InjectManager()
  async requestIdOfRefund(refundId: string, @MedusaContext() ctx: Context = {}): Promise<string | null> {
    const row = await this.knex(ctx)(TABLE).whereNull("deleted_at").whereRaw("refunds @> ?::jsonb", [JSON.stringify([{ refund_id: refundId }])]).first("id")
    return row?.id ?? null
  }

  /** Requests with a refund still processing at the platform (for the status query job), oldest first. */
  @InjectManager()
  async processingRequests(limit = 50, @MedusaContext() ctx: Context = {}): Promise<RefundRequestView[]> {
    const rows = await this.knex(ctx)(TABLE).where({ status: "processing" }).whereNull("deleted_at").orderBy("updated_at").limit(limit)
    return rows.map((r: any) => toView(r))
  }

  private async insertEvent(knex: any, id: string, e: HistoryInput, from: string | null, to: string | null) {
    await knex(EVENT_TABLE).insert({
      id: generateEntityId(undefined, "rfrev"),
      refund_request_id: id,
      action: e.action,
      from_status: from,
      to_status: to,
      actor_type: e.actor.type,
      actor_id: e.actor.id ?? null,
      message: e.message ?? null,
      metadata: e.metadata ? JSON.stringify(e.metadata) : null,
      created_at: new Date(),
      updated_at: new Date(),
    })
  }
}
