import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import ReconciliationRun from "./models/reconciliation-run"
import ReconciliationDifference, { type DifferenceState, type DifferenceType } from "./models/reconciliation-difference"
import BankProfile from "./models/bank-profile"
import { type ReconciliationOptions, type ResolvedReconciliationOptions, resolveReconciliationOptions } from "./options"

const RUNS = "reconciliation_run"
/** a run `running` this long is taken to be abandoned (its process died) */
const STALE_RUNNING_MS = 15 * 60_000
const DIFFS = "reconciliation_difference"

/** The module's knex (the transaction's when there is one). */
function knexOf(ctx: Context) {
  const m = (ctx.transactionManager ?? ctx.manager) as any
  const k = m?.getTransactionContext?.() ?? m?.getKnex?.()
  if (!k) throw new Error("reconciliation: no database context")
  return k
}

/** A difference as a run found it, before it is stored (service.replaceDifferences). */
export type FoundDifference = {
  type: DifferenceType
  key: string
  order_id?: string | null
  out_trade_no?: string | null
  platform_trade_no?: string | null
  delta_minor?: number | null
  currency_code?: string | null
  platform?: Record<string, unknown> | null
  store?: Record<string, unknown> | null
  detail?: string | null
}

export type RunView = {
  id: string
  provider_id: string
  source: "api" | "upload" | "bank_statement"
  date: string
  bank_profile_id: string | null
  status: "queued" | "running" | "completed" | "failed" | "not_ready"
  attempts: number
  next_attempt_at: string | null
  error: string | null
  currency_code: string | null
  rows: number
  matched: number
  differences_by_type: Record<string, number>
  open_differences: number
  platform_total_minor: number
  store_total_minor: number
  fee_total_minor: number
  expected_fee_total_minor: number
  totals: Record<string, unknown>
  file_name: string | null
  requested_by: string | null
  started_at: string | null
  finished_at: string | null
  created_at: string
  updated_at: string
}

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null)

function runView(r: any, open = 0): RunView {
  const totals = (typeof r.totals === "string" ? JSON.parse(r.totals) : r.totals) ?? {}
  const by = (typeof r.differences_by_type === "string" ? JSON.parse(r.differences_by_type) : r.differences_by_type) ?? {}
  return {
    id: r.id,
    provider_id: r.provider_id,
    source: r.source,
    date: r.date,
    bank_profile_id: r.bank_profile_id ?? null,
    status: r.status,
    attempts: Number(r.attempts ?? 0),
    next_attempt_at: iso(r.next_attempt_at),
    error: r.error ?? null,
    currency_code: r.currency_code ?? null,
    rows: Number(r.rows ?? 0),
    matched: Number(r.matched ?? 0),
    differences_by_type: by,
    open_differences: open,
    platform_total_minor: Number(totals.platform_total_minor ?? 0),
    store_total_minor: Number(totals.store_total_minor ?? 0),
    fee_total_minor: Number(totals.fee_total_minor ?? 0),
    expected_fee_total_minor: Number(totals.expected_fee_total_minor ?? 0),
    totals,
    file_name: r.file_name ?? null,
    requested_by: r.requested_by ?? null,
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  }
}

export type DifferenceView = {
  id: string
  run_id: string
  type: DifferenceType
  key: string
  state: DifferenceState
  present: boolean
  order_id: string | null
  out_trade_no: string | null
  platform_trade_no: string | null
  delta_minor: number | null
  currency_code: string | null
  platform: Record<string, any> | null
  store: Record<string, any> | null
  detail: string | null
  note: string | null
  resolved_by: string | null
  resolved_at: string | null
  anomaly_id: string | null
  created_at: string
}

function diffView(r: any): DifferenceView {
  const j = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : (v as any) ?? null)
  return {
    id: r.id,
    run_id: r.run_id,
    type: r.type,
    key: r.key,
    state: r.state,
    present: !!r.present,
    order_id: r.order_id ?? null,
    out_trade_no: r.out_trade_no ?? null,
    platform_trade_no: r.platform_trade_no ?? null,
    delta_minor: r.delta_minor === null || r.delta_minor === undefined ? null : Number(r.delta_minor),
    currency_code: r.currency_code ?? null,
    platform: j(r.platform),
    store: j(r.store),
    detail: r.detail ?? null,
    note: r.note ?? null,
    resolved_by: r.resolved_by ?? null,
    resolved_at: iso(r.resolved_at),
    anomaly_id: r.anomaly_id ?? null,
    created_at: iso(r.created_at)!,
  }
}

/**
 * Reconciliation runs, their differences and the saved bank-statement profiles. The matching itself is pure
 * (match.ts); reading the bills and the store is the workflows' (src/workflows/reconciliation).
 */
export default class ReconciliationModuleService extends MedusaService({ ReconciliationRun, ReconciliationDifference, BankProfile }) {
  protected readonly options_: ResolvedReconciliationOptions

  constructor(container: Record<string, unknown>, options?: { reconciliation?: ReconciliationOptions }) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = resolveReconciliationOptions(options?.reconciliation)
  }

  getReconciliationOptions(): ResolvedReconciliationOptions {
    return this.options_
  }

  /**
   * The run for a provider and day (platform bills) — made when missing, else reused: queued again for a new
   * attempt, its counters kept until the new result replaces them. A bank statement's run is keyed by its profile
   * and the file's SHA-256 instead. 409 while the run is running (started less than 15 minutes ago).
   */
  @InjectTransactionManager()
  async queueRun(
    input: { provider_id: string; date: string; source: "api" | "upload" | "bank_statement"; requested_by?: string | null; bank_profile_id?: string | null; file_name?: string | null; file_sha256?: string | null; currency_code?: string | null },
    @MedusaContext() ctx: Context = {}
  ): Promise<RunView> {
    const knex = knexOf(ctx)
    const q = knex(RUNS).whereNull("deleted_at").forUpdate()
    const existing =
      input.source === "bank_statement"
        ? await q.where({ source: "bank_statement", bank_profile_id: input.bank_profile_id ?? null, file_sha256: input.file_sha256 ?? null }).first()
        : await q.where({ provider_id: input.provider_id, date: input.date }).whereNot({ source: "bank_statement" }).first()
    const now = new Date()
    if (existing) {
      if (existing.status === "running" && existing.started_at && now.getTime() - new Date(existing.started_at).getTime() < STALE_RUNNING_MS) {
        throw new MedusaError(MedusaError.Types.CONFLICT, `The reconciliation of ${input.provider_id} for ${input.date} is running; try again when it has finished`)
      }
      const [row] = await knex(RUNS)
        .where({ id: existing.id })
        .update({
          status: "queued",
          source: input.source,
          error: null,
          next_attempt_at: null,
          attempts: 0,
          requested_by: input.requested_by ?? existing.requested_by,
          file_name: input.file_name ?? (input.source === "api" ? null : existing.file_name),
          file_sha256: input.file_sha256 ?? (input.source === "api" ? null : existing.file_sha256),
          updated_at: now,
        })
        .returning("*")
      return runView(row)
    }
    const [row] = await knex(RUNS)
      .insert({
        id: generateEntityId(undefined, "recrun"),
        provider_id: input.provider_id,
        source: input.source,
        date: input.date,
        bank_profile_id: input.bank_profile_id ?? null,
        status: "queued",
        attempts: 0,
        rows: 0,
        matched: 0,
        currency_code: input.currency_code ?? null,
        file_name: input.file_name ?? null,
        file_sha256: input.file_sha256 ?? null,
        requested_by: input.requested_by ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning("*")
    return runView(row)
  }

  /**
   * Take a queued (or due not_ready/failed) run to work on: true when this caller got it (compare-and-set). A run left
   * `running` for 15 minutes (its worker died) can be taken again.
   */
  @InjectTransactionManager()
  async startRun(id: string, @MedusaContext() ctx: Context = {}): Promise<boolean> {
    const now = new Date()
    const stale = new Date(now.getTime() - STALE_RUNNING_MS)
    const n = await knexOf(ctx)(RUNS)
      .where({ id })
      .whereNull("deleted_at")
      .where((b: any) => b.whereIn("status", ["queued", "not_ready", "failed"]).orWhere((c: any) => c.where("status", "running").where("started_at", "<", stale)))
      .update({ status: "running", started_at: now, attempts: knexOf(ctx).raw("attempts + 1"), updated_at: now })
    return n === 1
  }

  /**
   * A run that could not finish: `not_ready` (the platform has not published the bill) or `failed`, retried at
   * `retry_at` (null: not retried, e.g. after maxAttempts).
   */
  @InjectTransactionManager()
  async failRun(id: string, input: { status: "not_ready" | "failed"; error: string; retry_at: Date | null }, @MedusaContext() ctx: Context = {}) {
    await knexOf(ctx)(RUNS).where({ id }).update({ status: input.status, error: input.error.slice(0, 2000), next_attempt_at: input.retry_at, finished_at: new Date(), updated_at: new Date() })
  }

  /**
   * Store a run's result: its counters, and its differences replacing the previous ones by `key` — a difference
   * found again keeps its state, note and anomaly (the decision) with the new sides; an open one not found again is
   * removed; a decided one not found again is kept with present=false. One transaction.
   */
  @InjectTransactionManager()
  async completeRun(
    id: string,
    result: { rows: number; matched: number; currency_code: string | null; totals: Record<string, unknown>; differences: FoundDifference[] },
    @MedusaContext() ctx: Context = {}
  ): Promise<RunView> {
    const knex = knexOf(ctx)
    const now = new Date()
    const before: any[] = await knex(DIFFS).where({ run_id: id }).whereNull("deleted_at").select("id", "key", "state")
    const byKey = new Map(before.map((r) => [r.key, r]))
    const seen = new Set<string>()
    const inserts: any[] = []
    const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))
    const by: Record<string, number> = {}
    for (const d of result.differences) {
      if (seen.has(d.key)) continue
      seen.add(d.key)
      // counted as stored: one difference per key, however many bill rows repeat it
      by[d.type] = (by[d.type] ?? 0) + 1
      const row = {
        type: d.type,
        order_id: d.order_id ?? null,
        out_trade_no: d.out_trade_no ?? null,
        platform_trade_no: d.platform_trade_no ?? null,
        delta_minor: d.delta_minor ?? null,
        currency_code: d.currency_code ?? null,
        platform: json(d.platform),
        store: json(d.store),
        detail: d.detail ?? null,
        present: true,
        updated_at: now,
      }
      const old = byKey.get(d.key)
      if (old) await knex(DIFFS).where({ id: old.id }).update(row)
      else inserts.push({ id: generateEntityId(undefined, "recdiff"), run_id: id, key: d.key, state: "open", created_at: now, ...row })
    }
    for (let i = 0; i < inserts.length; i += 1000) await knex(DIFFS).insert(inserts.slice(i, i + 1000))
    const gone = before.filter((r) => !seen.has(r.key))
    const goneOpen = gone.filter((r) => r.state === "open").map((r) => r.id)
    const goneDecided = gone.filter((r) => r.state !== "open").map((r) => r.id)
    for (let i = 0; i < goneOpen.length; i += 1000) await knex(DIFFS).whereIn("id", goneOpen.slice(i, i + 1000)).delete()
    if (goneDecided.length) await knex(DIFFS).whereIn("id", goneDecided).update({ present: false, updated_at: now })
    const [row] = await knex(RUNS)
      .where({ id })
      .update({
        status: "completed",
        error: null,
        next_attempt_at: null,
        rows: result.rows,
        matched: result.matched,
        currency_code: result.currency_code,
        differences_by_type: JSON.stringify(by),
        totals: JSON.stringify(result.totals),
        finished_at: now,
        updated_at: now,
      })
      .returning("*")
    return runView(row, await this.countOpen_(knex, id))
  }

  private async countOpen_(knex: any, runId: string): Promise<number> {
    const r = await knex(DIFFS).where({ run_id: runId, state: "open", present: true }).whereNull("deleted_at").count("* as n").first()
    return Number(r?.n ?? 0)
  }

  /** One run (with its count of open differences); 404 when unknown. */
  @InjectManager()
  async retrieveRun(id: string, @MedusaContext() ctx: Context = {}): Promise<RunView> {
    const knex = knexOf(ctx)
    const row = await knex(RUNS).where({ id }).whereNull("deleted_at").first()
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Reconciliation run ${id} not found`)
    return runView(row, await this.countOpen_(knex, id))
  }

  /** Runs newest day first, filtered by provider (id or a prefix like "pp_alipay"), day range, status and source. */
  @InjectManager()
  async listRuns(
    f: { provider_id?: string | null; date?: string | null; date_from?: string | null; date_to?: string | null; status?: string[] | null; source?: string | null },
    page: { limit: number; offset: number },
    @MedusaContext() ctx: Context = {}
  ): Promise<[RunView[], number]> {
    const knex = knexOf(ctx)
    const q = knex(RUNS).whereNull("deleted_at")
    if (f.provider_id) q.where((b: any) => b.where("provider_id", f.provider_id).orWhere("provider_id", "like", `${f.provider_id}\\_%`))
    if (f.date) q.where("date", f.date)
    if (f.date_from) q.where("date", ">=", f.date_from)
    if (f.date_to) q.where("date", "<=", f.date_to)
    if (f.status?.length) q.whereIn("status", f.status)
    if (f.source) q.where("source", f.source)
    const [{ n }] = await q.clone().count("* as n")
    const rows = await q
      .clone()
      .select(`${RUNS}.*`, knex.raw(`(select count(*) from ${DIFFS} d where d.run_id = ${RUNS}.id and d.state = 'open' and d.present and d.deleted_at is null)::int as open_differences`))
      .orderBy([{ column: "date", order: "desc" }, { column: "provider_id" }, { column: "created_at", order: "desc" }])
      .limit(page.limit)
      .offset(page.offset)
    return [rows.map((r: any) => runView(r, Number(r.open_differences))), Number(n)]
  }

  /** Runs to (re)try now: queued ones, not_ready/failed ones whose next attempt is due, and runs whose worker died. */
  @InjectManager()
  async listDueRuns(now: Date, limit = 20, @MedusaContext() ctx: Context = {}): Promise<RunView[]> {
    const rows = await knexOf(ctx)(RUNS)
      .whereNull("deleted_at")
      .whereNot("source", "bank_statement")
      .where((b: any) =>
        b
          .where("status", "queued")
          .orWhere((c: any) => c.whereIn("status", ["not_ready", "failed"]).whereNotNull("next_attempt_at").where("next_attempt_at", "<=", now))
          .orWhere((c: any) => c.where("status", "running").where("started_at", "<", new Date(now.getTime() - STALE_RUNNING_MS)))
      )
      .orderBy("created_at")
      .limit(limit)
    return rows.map((r: any) => runView(r))
  }

  /** A run's differences (type / state / present filters), in the bill's order; `q` finds an order id or trade number. */
  @InjectManager()
  async listDifferences(
    runId: string,
    f: { type?: string[] | null; state?: string[] | null; present?: boolean | null; q?: string | null },
    page: { limit: number; offset: number },
    @MedusaContext() ctx: Context = {}
  ): Promise<[DifferenceView[], number]> {
    const q = knexOf(ctx)(DIFFS).where({ run_id: runId }).whereNull("deleted_at")
    if (f.type?.length) q.whereIn("type", f.type)
    if (f.state?.length) q.whereIn("state", f.state)
    if (f.present !== null && f.present !== undefined) q.where("present", f.present)
    if (f.q) q.where((b: any) => b.where("order_id", f.q).orWhere("out_trade_no", f.q).orWhere("platform_trade_no", f.q))
    const [{ n }] = await q.clone().count("* as n")
    const rows = await q.clone().orderByRaw("coalesce((platform->>'line')::int, 2147483647), created_at, id").limit(page.limit).offset(page.offset)
    return [rows.map(diffView), Number(n)]
  }

  /** One difference; 404 when unknown. */
  @InjectManager()
  async retrieveDifference(id: string, @MedusaContext() ctx: Context = {}): Promise<DifferenceView> {
    const row = await knexOf(ctx)(DIFFS).where({ id }).whereNull("deleted_at").first()
    if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Reconciliation difference ${id} not found`)
    return diffView(row)
  }

  /**
   * Record a decision on an open difference (compare-and-set: 409 when someone decided it meanwhile): explained (a
   * note), anomaly_opened (the anomaly's id), assigned (the order the money was assigned to).
   */
  @InjectTransactionManager()
  async decideDifference(
    id: string,
    input: { state: Exclude<DifferenceState, "open">; note?: string | null; by: string | null; anomaly_id?: string | null; order_id?: string | null },
    @MedusaContext() ctx: Context = {}
  ): Promise<DifferenceView> {
    const knex = knexOf(ctx)
    const now = new Date()
    const [row] = await knex(DIFFS)
      .where({ id, state: "open" })
      .whereNull("deleted_at")
      .update({
        state: input.state,
        note: input.note ?? null,
        resolved_by: input.by,
        resolved_at: now,
        ...(input.anomaly_id ? { anomaly_id: input.anomaly_id } : {}),
        ...(input.order_id ? { order_id: input.order_id } : {}),
        updated_at: now,
      })
      .returning("*")
    if (row) return diffView(row)
    const current = await this.retrieveDifference(id, ctx)
    throw new MedusaError(MedusaError.Types.CONFLICT, `This difference was already decided (${current.state}${current.resolved_by ? ` by ${current.resolved_by}` : ""})`)
  }

  /**
   * Many open differences handed to the anomaly desk at once (the run's automatic openings): one statement, each with
   * its anomaly id; a difference someone decided meanwhile keeps that decision. Returns how many were marked.
   */
  @InjectTransactionManager()
  async markAnomaliesOpened(pairs: Array<{ id: string; anomaly_id: string }>, note: string, @MedusaContext() ctx: Context = {}): Promise<number> {
    if (!pairs.length) return 0
    const knex = knexOf(ctx)
    const now = new Date()
    let marked = 0
    for (let i = 0; i < pairs.length; i += 1000) {
      const chunk = pairs.slice(i, i + 1000)
      const values = chunk.map(() => "(?, ?)").join(", ")
      const r = await knex.raw(
        `update ${DIFFS} d set state = 'anomaly_opened', anomaly_id = v.anomaly_id, note = ?, resolved_at = ?, updated_at = ?
         from (values ${values}) as v(id, anomaly_id) where d.id = v.id and d.state = 'open' and d.deleted_at is null`,
        [note, now, now, ...chunk.flatMap((p) => [p.id, p.anomaly_id])]
      )
      marked += Number(r.rowCount ?? 0)
    }
    return marked
  }

  /** Undo a decision whose action failed (back to open, the order it had before). */
  @InjectTransactionManager()
  async reopenDifference(id: string, orderId: string | null, @MedusaContext() ctx: Context = {}) {
    await knexOf(ctx)(DIFFS).where({ id }).update({ state: "open", note: null, resolved_by: null, resolved_at: null, order_id: orderId, updated_at: new Date() })
  }
}
