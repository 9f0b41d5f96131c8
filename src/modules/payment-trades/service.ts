import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import PaymentTrade from "./models/payment-trade"
import PaymentChannelError from "./models/payment-channel-error"

export type TradeRegistration = {
  session_id: string
  provider_id: string
  out_trade_no: string | null
  payment_collection_id: string
  cart_id: string | null
  order_id: string | null
  /** integer minor units */
  amount_minor: number
  currency_code: string
  data: Record<string, unknown> | null
}

export type RegisteredTrade = TradeRegistration & { id: string; session_deleted_at: Date | null; created_at: Date; updated_at: Date }

const TABLE = "payment_trade"

function rowOf(r: any): RegisteredTrade {
  const { raw_amount_minor, deleted_at, ...rest } = r
  return { ...rest, amount_minor: Number(r.amount_minor) }
}

/** The trade map (see the model). Writes are idempotent upserts keyed by the session id. */
export type ChannelErrorRecord = {
  provider_id: string
  operation: string | null
  failure: string | null
  platform_code: string | null
  http_status: number | null
  retryable: boolean
  key_serial: string | null
  out_trade_no: string | null
  order_id: string | null
  source: "release_job" | "pending_payment_job" | "sync" | "callback"
  message: string
}

/** How many errors a channel keeps (older ones are dropped when a new one is recorded). */
const ERRORS_KEPT_PER_CHANNEL = 50

export default class PaymentTradesModuleService extends MedusaService({ PaymentTrade, PaymentChannelError }) {
  private knex(ctx: Context) {
    const m = (ctx.transactionManager ?? ctx.manager) as any
    const k = m?.getTransactionContext?.() ?? m?.getKnex?.()
    if (!k) throw new Error("payment_trades: no database context")
    return k
  }

  /**
   * Register sessions (insert, or refresh what changed: a new revision's trade number, the amount, the order once
   * placed). A registration never forgets an order or cart it already knew.
   */
  @InjectTransactionManager()
  async register(trades: TradeRegistration[], @MedusaContext() ctx: Context = {}): Promise<void> {
    if (!trades.length) return
    const knex = this.knex(ctx)
    const now = new Date()
    await knex(TABLE)
      .insert(trades.map((t) => ({
        id: generateEntityId(undefined, "ptrd"),
        session_id: t.session_id,
        provider_id: t.provider_id,
        out_trade_no: t.out_trade_no,
        payment_collection_id: t.payment_collection_id,
        cart_id: t.cart_id,
        order_id: t.order_id,
        amount_minor: t.amount_minor,
        raw_amount_minor: JSON.stringify({ value: String(t.amount_minor), precision: 20 }),
        currency_code: t.currency_code.toLowerCase(),
        data: t.data ? JSON.stringify(t.data) : null,
        created_at: now,
        updated_at: now,
      })))
      .onConflict(knex.raw("(session_id) where deleted_at is null"))
      .merge({
        out_trade_no: knex.raw("coalesce(excluded.out_trade_no, payment_trade.out_trade_no)"),
        amount_minor: knex.raw("excluded.amount_minor"),
        raw_amount_minor: knex.raw("excluded.raw_amount_minor"),
        cart_id: knex.raw("coalesce(excluded.cart_id, payment_trade.cart_id)"),
        order_id: knex.raw("coalesce(excluded.order_id, payment_trade.order_id)"),
        data: knex.raw("coalesce(excluded.data, payment_trade.data)"),
        updated_at: now,
      })
  }

  /** The trade registered for a session (also once Medusa deleted the session), or null. */
  @InjectManager()
  async findBySession(sessionId: string, @MedusaContext() ctx: Context = {}): Promise<RegisteredTrade | null> {
    const r = await this.knex(ctx)(TABLE).where({ session_id: sessionId }).whereNull("deleted_at").first()
    return r ? rowOf(r) : null
  }

  /** The trade with our out-trade-number (any revision registered last), or null. */
  @InjectManager()
  async findByOutTradeNo(outTradeNo: string, @MedusaContext() ctx: Context = {}): Promise<RegisteredTrade | null> {
    const r = await this.knex(ctx)(TABLE).where({ out_trade_no: outTradeNo }).whereNull("deleted_at").orderBy("created_at", "desc").first()
    return r ? rowOf(r) : null
  }

  /** Note that Medusa no longer has this session (found by a report for it). */
  @InjectTransactionManager()
  async markSessionDeleted(sessionId: string, @MedusaContext() ctx: Context = {}): Promise<void> {
    await this.knex(ctx)(TABLE).where({ session_id: sessionId }).whereNull("session_deleted_at").update({ session_deleted_at: new Date(), updated_at: new Date() })
  }

  /** Record a channel's indefinite answer; keeps the newest ERRORS_KEPT_PER_CHANNEL per channel. */
  @InjectTransactionManager()
  async recordChannelError(e: ChannelErrorRecord, @MedusaContext() ctx: Context = {}): Promise<void> {
    const knex = this.knex(ctx)
    const now = new Date()
    await knex("payment_channel_error").insert({ id: generateEntityId(undefined, "pcerr"), ...e, message: e.message.slice(0, 2000), created_at: now, updated_at: now })
    await knex.raw(
      `delete from payment_channel_error where provider_id = ? and id in (select id from payment_channel_error where provider_id = ? order by created_at desc offset ?)`,
      [e.provider_id, e.provider_id, ERRORS_KEPT_PER_CHANNEL]
    )
  }

  /** A channel's newest recorded errors. */
  @InjectManager()
  async recentChannelErrors(providerId: string, limit = 10, @MedusaContext() ctx: Context = {}) {
    return this.knex(ctx)("payment_channel_error").where({ provider_id: providerId }).whereNull("deleted_at").orderBy("created_at", "desc").limit(limit)
  }
}
