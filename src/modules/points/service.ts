import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import PointsAccount from "./models/points-account"
import PointsEntryModel, { POINTS_DIRECTIONS, POINTS_SOURCES } from "./models/points-entry"
import { resolvePointsOptions, type PointsOptions, type ResolvedPointsOptions } from "./options"

export type PointsDirection = (typeof POINTS_DIRECTIONS)[number]
export type PointsSource = (typeof POINTS_SOURCES)[number]

export type PostPointsInput = {
  customer_id: string
  direction: PointsDirection
  /** whole points, > 0 */
  points: number
  source_type: PointsSource
  /** what the entry is for: an order, a Medusa refund, an idempotency key */
  source_id: string
  reason?: string | null
  actor: { type: string; id?: string | null }
  order_id?: string | null
  metadata?: Record<string, unknown> | null
  /**
   * Debits only: take at most what the balance holds instead of refusing (a refund's reversal of points already
   * spent). The entry records `metadata.wanted` and `metadata.shortfall` (what could not be taken); it may be 0 points.
   */
  clamp?: boolean
}

export type PointsEntry = {
  id: string
  account_id: string
  customer_id: string
  seq: number
  direction: PointsDirection
  points: number
  balance_after: number
  source_type: PointsSource
  source_id: string
  reason: string | null
  actor_type: string
  actor_id: string | null
  order_id: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
}

export type PostPointsResult = { entry: PointsEntry; balance: number; duplicate: boolean }

const ACCOUNTS = "points_account"
const ENTRIES = "points_entry"

function entryOf(r: any, customerId: string): PointsEntry {
  return {
    id: r.id,
    account_id: r.account_id,
    customer_id: customerId,
    seq: Number(r.seq),
    direction: r.direction,
    points: Number(r.points),
    balance_after: Number(r.balance_after),
    source_type: r.source_type,
    source_id: r.source_id,
    reason: r.reason ?? null,
    actor_type: r.actor_type,
    actor_id: r.actor_id ?? null,
    order_id: r.order_id ?? null,
    metadata: r.metadata ?? null,
    created_at: new Date(r.created_at),
  }
}

/**
 * Customer points as an append-only ledger, on the balance module's footing: one account per customer, entries only
 * ever added. Every posting locks the account row (`SELECT … FOR UPDATE`), reads the newest entry, refuses to go
 * below zero ("Insufficient points: 120 available, 500 needed", NOT_ALLOWED), and appends the next entry with its
 * running balance; a (source_type, source_id) posted before returns the first posting (`duplicate: true`; the same
 * source with another amount or direction is a CONFLICT).
 */
class PointsModuleService extends MedusaService({ PointsAccount, PointsEntry: PointsEntryModel }) {
  private readonly pointsOptions_: ResolvedPointsOptions

  constructor(container: Record<string, unknown>, options?: { points?: PointsOptions }) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.pointsOptions_ = resolvePointsOptions(options?.points)
  }

  /** The resolved `points` options (defaults filled in). */
  getPointsOptions(): ResolvedPointsOptions {
    return this.pointsOptions_
  }

  private knex(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    const k = m?.getTransactionContext?.() ?? m?.getKnex?.()
    if (!k) throw new Error("points: no database context")
    return k
  }

  /**
   * Append one entry, in one transaction under the account's row lock.
   * @throws MedusaError INVALID_DATA for points that are not a whole number > 0, an unknown direction or source
   * @throws MedusaError NOT_ALLOWED when a debit would take the balance below zero
   * @throws MedusaError CONFLICT when the source was posted before with another amount or direction
   */
  @InjectTransactionManager()
  async post(input: PostPointsInput, @MedusaContext() ctx: Context = {}): Promise<PostPointsResult> {
    const wanted = input.points
    const clamp = !!input.clamp && input.direction === "debit"
    if (!Number.isSafeInteger(wanted) || wanted < 0 || (wanted === 0 && !clamp)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `points must be a whole number above 0, got ${wanted}`)
    if (!POINTS_DIRECTIONS.includes(input.direction)) throw new MedusaError(MedusaError.Types.INVALID_DATA, "direction must be credit or debit")
    if (!POINTS_SOURCES.includes(input.source_type)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `source_type must be one of ${POINTS_SOURCES.join(", ")}`)
    if (!input.customer_id || !input.source_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "customer_id and source_id are required")

    const knex = this.knex(ctx)
    const now = new Date()
    const lockAccount = () => knex.raw(`select * from ${ACCOUNTS} where customer_id = ? and deleted_at is null for update`, [input.customer_id])
    let { rows: [account] } = await lockAccount()
    if (!account) {
      await knex.raw(
        `insert into ${ACCOUNTS} (id, customer_id, created_at, updated_at) values (?, ?, ?, ?) on conflict (customer_id) where deleted_at is null do nothing`,
        [generateEntityId(undefined, "pacc"), input.customer_id, now, now]
      )
      account = (await lockAccount()).rows[0]
    }

    const { rows: [read] } = await knex.raw(
      `select (select row_to_json(e) from ${ENTRIES} e where e.source_type = ? and e.source_id = ? and e.deleted_at is null) as existing,
              (select row_to_json(l) from (select seq, balance_after, created_at from ${ENTRIES} where account_id = ? and deleted_at is null order by seq desc limit 1) l) as last`,
      [input.source_type, input.source_id, account.id]
    )
    const { existing, last } = read
    if (existing) {
      const postedWanted = clamp ? Number(existing.metadata?.wanted ?? existing.points) : Number(existing.points)
      if (existing.account_id !== account.id || existing.direction !== input.direction || postedWanted !== wanted) {
        throw new MedusaError(MedusaError.Types.CONFLICT, `${input.source_type} ${input.source_id} was already posted as a ${existing.direction} of ${existing.points} points`)
      }
      return { entry: entryOf(existing, input.customer_id), balance: last ? Number(last.balance_after) : 0, duplicate: true }
    }

    const before = last ? Number(last.balance_after) : 0
    const points = clamp ? Math.min(wanted, before) : wanted
    const metadata = clamp ? { ...(input.metadata ?? {}), wanted, shortfall: wanted - points } : input.metadata
    const after = input.direction === "credit" ? before + points : before - points
    if (after < 0) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Insufficient points: ${before} available, ${points} needed`)
    if (!Number.isSafeInteger(after) || after > 2_147_483_647) throw new MedusaError(MedusaError.Types.INVALID_DATA, "the points balance would exceed what can be stored")
    const postedAt = new Date(Math.max(Date.now(), last?.created_at ? new Date(last.created_at).getTime() : 0))
    const [inserted] = await knex(ENTRIES)
      .insert({
        id: generateEntityId(undefined, "pent"),
        account_id: account.id,
        seq: (last ? Number(last.seq) : 0) + 1,
        direction: input.direction,
        points,
        balance_after: after,
        source_type: input.source_type,
        source_id: input.source_id,
        reason: input.reason ?? null,
        actor_type: input.actor.type,
        actor_id: input.actor.id ?? null,
        order_id: input.order_id ?? null,
        metadata: metadata ? JSON.stringify(metadata) : null,
        created_at: postedAt,
        updated_at: postedAt,
      })
      .returning("*")
    return { entry: entryOf(inserted, input.customer_id), balance: after, duplicate: false }
  }

  /** The customer's points balance (0 without an account). */
  @InjectManager()
  async balanceOf(customerId: string, @MedusaContext() ctx: Context = {}): Promise<number> {
    const { rows: [r] } = await this.knex(ctx).raw(
      `select e.balance_after from ${ENTRIES} e join ${ACCOUNTS} a on a.id = e.account_id
       where a.customer_id = ? and a.deleted_at is null and e.deleted_at is null order by e.seq desc limit 1`,
      [customerId]
    )
    return r ? Number(r.balance_after) : 0
  }

  /** A customer's ledger, newest first, with the total count. */
  @InjectManager()
  async listLedger(customerId: string, page: { limit?: number; offset?: number } = {}, @MedusaContext() ctx: Context = {}): Promise<{ entries: PointsEntry[]; count: number }> {
    const knex = this.knex(ctx)
    const base = knex(`${ENTRIES} as e`).join(`${ACCOUNTS} as a`, "a.id", "e.account_id").where("a.customer_id", customerId).whereNull("e.deleted_at").whereNull("a.deleted_at")
    const [{ count }] = await base.clone().count({ count: "*" })
    const rows = await base.clone().select("e.*").orderBy([{ column: "e.seq", order: "desc" }]).limit(page.limit ?? 20).offset(page.offset ?? 0)
    return { entries: rows.map((r: any) => entryOf(r, customerId)), count: Number(count) }
  }

  /** Every entry of an order (any customer), oldest first. */
  @InjectManager()
  async entriesOfOrder(orderId: string, @MedusaContext() ctx: Context = {}): Promise<PointsEntry[]> {
    const rows = await this.knex(ctx)(`${ENTRIES} as e`).join(`${ACCOUNTS} as a`, "a.id", "e.account_id").where("e.order_id", orderId).whereNull("e.deleted_at").select("e.*", "a.customer_id").orderBy("e.created_at", "asc")
    return rows.map((r: any) => entryOf(r, r.customer_id))
  }

  /** The entry posted for a source, if any. */
  @InjectManager()
  async findEntryBySource(sourceType: PointsSource, sourceId: string, @MedusaContext() ctx: Context = {}): Promise<PointsEntry | null> {
    const r = await this.knex(ctx)(`${ENTRIES} as e`).join(`${ACCOUNTS} as a`, "a.id", "e.account_id").where({ "e.source_type": sourceType, "e.source_id": sourceId }).whereNull("e.deleted_at").select("e.*", "a.customer_id").first()
    return r ? entryOf(r, r.customer_id) : null
  }
}

export default PointsModuleService
