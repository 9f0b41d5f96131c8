import { InjectManager, InjectTransactionManager, MedusaContext, MedusaError, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import BalanceAccount from "./models/balance-account"
import BalanceEntry, { ENTRY_DIRECTIONS, ENTRY_SOURCES } from "./models/balance-entry"
import { formatMinor } from "../../utils/money"

export type EntryDirection = (typeof ENTRY_DIRECTIONS)[number]
export type EntrySource = (typeof ENTRY_SOURCES)[number]

export type PostEntryInput = {
  customer_id: string
  /** ISO 4217, any case; stored lower case like Medusa's */
  currency_code: string
  direction: EntryDirection
  /** whole minor units, > 0 */
  amount_minor: number
  source_type: EntrySource
  /** what the entry is for: a payment session, a Medusa refund, an adjustment's idempotency key */
  source_id: string
  reason?: string | null
  actor: { type: string; id?: string | null }
  order_id?: string | null
  metadata?: Record<string, unknown> | null
}

export type LedgerEntry = {
  id: string
  account_id: string
  customer_id: string
  currency_code: string
  seq: number
  direction: EntryDirection
  amount_minor: number
  balance_after_minor: number
  source_type: EntrySource
  source_id: string
  reason: string | null
  actor_type: string
  actor_id: string | null
  order_id: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
}

export type PostResult = { entry: LedgerEntry; balance_minor: number; duplicate: boolean }

export type AccountBalance = { account_id: string; customer_id: string; currency_code: string; balance_minor: number; entry_count: number; updated_at: Date | null }

const ACCOUNTS = "balance_account"
const ENTRIES = "balance_entry"

function entryOf(r: any, account: { customer_id: string; currency_code: string }): LedgerEntry {
  return {
    id: r.id,
    account_id: r.account_id,
    customer_id: account.customer_id,
    currency_code: account.currency_code,
    seq: Number(r.seq),
    direction: r.direction,
    amount_minor: Number(r.amount_minor),
    balance_after_minor: Number(r.balance_after_minor),
    source_type: r.source_type,
    source_id: r.source_id,
    reason: r.reason ?? null,
    actor_type: r.actor_type,
    actor_id: r.actor_id ?? null,
    order_id: r.order_id ?? null,
    metadata: r.metadata ?? null,
    created_at: r.created_at,
  }
}

const raw = (v: number) => JSON.stringify({ value: String(v), precision: 20 })

/**
 * Customer balances as an append-only ledger: one account per customer and
 * currency, entries that are only ever added. Every posting locks the
 * account row, reads the newest entry, refuses to go below zero, and appends
 * the next entry with its running balance; a (source_type, source_id) posted
 * before returns the first posting instead of a second one.
 */
class BalanceModuleService extends MedusaService({ BalanceAccount, BalanceEntry }) {
  private knex(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    const k = m?.getTransactionContext?.() ?? m?.getKnex?.()
    if (!k) throw new Error("balance: no database context")
    return k
  }

  @InjectTransactionManager()
  async post(input: PostEntryInput, @MedusaContext() ctx: Context = {}): Promise<PostResult> {
    const amount = input.amount_minor
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `amount must be a whole number of minor units above 0, got ${amount}`)
    }
    if (!ENTRY_DIRECTIONS.includes(input.direction)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `direction must be credit or debit`)
    if (!ENTRY_SOURCES.includes(input.source_type)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `source_type must be one of ${ENTRY_SOURCES.join(", ")}`)
    if (!input.customer_id || !input.source_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "customer_id and source_id are required")
    const currency = String(input.currency_code ?? "").toLowerCase()
    if (!/^[a-z]{3}$/.test(currency)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `currency_code must be a 3-letter code, got ${input.currency_code}`)

    const knex = this.knex(ctx)
    const now = new Date()
    // the lock: every posting to this account waits here for the one before it (an account is created once, on
    // its first posting; a concurrent first posting loses the insert race and locks the winner's row)
    const lockAccount = () => knex.raw(`select * from ${ACCOUNTS} where customer_id = ? and currency_code = ? and deleted_at is null for update`, [input.customer_id, currency])
    let { rows: [account] } = await lockAccount()
    if (!account) {
      await knex.raw(
        `insert into ${ACCOUNTS} (id, customer_id, currency_code, created_at, updated_at) values (?, ?, ?, ?, ?)
         on conflict (customer_id, currency_code) where deleted_at is null do nothing`,
        [generateEntityId(undefined, "bacc"), input.customer_id, currency, now, now]
      )
      account = (await lockAccount()).rows[0]
    }

    // one read: an entry already posted for this source, and the account's newest entry
    const { rows: [read] } = await knex.raw(
      `select (select row_to_json(e) from ${ENTRIES} e where e.source_type = ? and e.source_id = ? and e.deleted_at is null) as existing,
              (select row_to_json(l) from (select seq, balance_after_minor, created_at from ${ENTRIES} where account_id = ? and deleted_at is null order by seq desc limit 1) l) as last`,
      [input.source_type, input.source_id, account.id]
    )
    const existing = read.existing
    const last = read.last
    if (existing) {
      if (existing.account_id !== account.id || existing.direction !== input.direction || Number(existing.amount_minor) !== amount) {
        throw new MedusaError(MedusaError.Types.CONFLICT, `${input.source_type} ${input.source_id} was already posted as a ${existing.direction} of ${formatMinor(Number(existing.amount_minor), currency)}`)
      }
      return { entry: entryOf({ ...existing, created_at: new Date(existing.created_at) }, account), balance_minor: last ? Number(last.balance_after_minor) : 0, duplicate: true }
    }

    const before = last ? Number(last.balance_after_minor) : 0
    const after = input.direction === "credit" ? before + amount : before - amount
    if (after < 0) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Insufficient balance: ${formatMinor(before, currency)} available, ${formatMinor(amount, currency)} needed`)
    }
    if (!Number.isSafeInteger(after)) throw new MedusaError(MedusaError.Types.INVALID_DATA, "the balance would exceed what can be stored exactly")
    // the posting time is taken here, under the account's lock, so it follows seq (a time taken before the lock can
    // be earlier than the entry a concurrent posting wrote meanwhile, and the newest-first ledger would misorder them)
    const postedAt = new Date(Math.max(Date.now(), last?.created_at ? new Date(last.created_at).getTime() : 0))
    const row = {
      id: generateEntityId(undefined, "bent"),
      account_id: account.id,
      seq: (last ? Number(last.seq) : 0) + 1,
      direction: input.direction,
      amount_minor: amount,
      raw_amount_minor: raw(amount),
      balance_after_minor: after,
      raw_balance_after_minor: raw(after),
      source_type: input.source_type,
      source_id: input.source_id,
      reason: input.reason ?? null,
      actor_type: input.actor.type,
      actor_id: input.actor.id ?? null,
      order_id: input.order_id ?? null,
      metadata: input.metadata ? JSON.stringify(input.metadata) : null,
      created_at: postedAt,
      updated_at: postedAt,
    }
    const [inserted] = await knex(ENTRIES).insert(row).returning("*")
    return { entry: entryOf(inserted, account), balance_minor: after, duplicate: false }
  }

  private async current(knex: any, accountId: string): Promise<number> {
    const { rows: [last] } = await knex.raw(`select balance_after_minor from ${ENTRIES} where account_id = ? and deleted_at is null order by seq desc limit 1`, [accountId])
    return last ? Number(last.balance_after_minor) : 0
  }

  /** The balance in minor units (0 for a customer with no account in that currency). */
  @InjectManager()
  async balanceOf(customerId: string, currencyCode: string, @MedusaContext() ctx: Context = {}): Promise<number> {
    const knex = this.knex(ctx)
    const account = await knex(ACCOUNTS).where({ customer_id: customerId, currency_code: currencyCode.toLowerCase() }).whereNull("deleted_at").first()
    return account ? this.current(knex, account.id) : 0
  }

  /** Every currency a customer holds a balance in, with the balance and the number of entries. */
  @InjectManager()
  async listBalances(customerId: string, @MedusaContext() ctx: Context = {}): Promise<AccountBalance[]> {
    const { rows } = await this.knex(ctx).raw(
      `select a.id, a.customer_id, a.currency_code,
              (select max(e.created_at) from ${ENTRIES} e where e.account_id = a.id and e.deleted_at is null) as updated_at,
              coalesce((select e.balance_after_minor from ${ENTRIES} e where e.account_id = a.id and e.deleted_at is null order by e.seq desc limit 1), 0) as balance,
              (select count(*) from ${ENTRIES} e where e.account_id = a.id and e.deleted_at is null) as entry_count
       from ${ACCOUNTS} a where a.customer_id = ? and a.deleted_at is null order by a.currency_code`,
      [customerId]
    )
    return rows.map((r: any) => ({ account_id: r.id, customer_id: r.customer_id, currency_code: r.currency_code, balance_minor: Number(r.balance), entry_count: Number(r.entry_count), updated_at: r.updated_at }))
  }

  /** A customer's ledger, newest first, optionally in one currency. */
  @InjectManager()
  async listLedger(
    filter: { customer_id: string; currency_code?: string | null },
    page: { limit?: number; offset?: number } = {},
    @MedusaContext() ctx: Context = {}
  ): Promise<{ entries: LedgerEntry[]; count: number }> {
    const knex = this.knex(ctx)
    const base = knex(`${ENTRIES} as e`)
      .join(`${ACCOUNTS} as a`, "a.id", "e.account_id")
      .where("a.customer_id", filter.customer_id)
      .whereNull("e.deleted_at")
      .whereNull("a.deleted_at")
    if (filter.currency_code) base.andWhere("a.currency_code", filter.currency_code.toLowerCase())
    const [{ count }] = await base.clone().count({ count: "*" })
    const rows = await base
      .clone()
      .select("e.*", "a.customer_id", "a.currency_code")
      .orderBy([{ column: "e.created_at", order: "desc" }, { column: "e.seq", order: "desc" }])
      .limit(page.limit ?? 20)
      .offset(page.offset ?? 0)
    return { entries: rows.map((r: any) => entryOf(r, r)), count: Number(count) }
  }

  /** The entry posted for a source, if any. */
  @InjectManager()
  async findEntryBySource(sourceType: EntrySource, sourceId: string, @MedusaContext() ctx: Context = {}): Promise<LedgerEntry | null> {
    const r = await this.knex(ctx)(`${ENTRIES} as e`)
      .join(`${ACCOUNTS} as a`, "a.id", "e.account_id")
      .where({ "e.source_type": sourceType, "e.source_id": sourceId })
      .whereNull("e.deleted_at")
      .select("e.*", "a.customer_id", "a.currency_code")
      .first()
    return r ? entryOf(r, r) : null
  }
}

export default BalanceModuleService
