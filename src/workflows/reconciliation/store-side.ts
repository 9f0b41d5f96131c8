import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { channelFeeMinor, channelFor } from "../../modules/order-management/options"
import type { StorePayment } from "../../modules/reconciliation/match"
import { toMinorUnits } from "../../utils/money"

// one statement over Medusa 2.21's payment, capture, refund, order_payment_collection and order tables and the
// plugin's payment_trade map (all in the store's database). `source` yields the payments to read (alias p) and their
// trade (alias t); captures and refunds are summed per payment through their payment_id indexes.
const select = (source: string) => `
select p.id as payment_id, p.provider_id, p.currency_code, p.amount::text as amount,
  coalesce(p.data->>'trade_no', p.data->>'transaction_id', p.data->>'platform_transaction_id', p.data->>'payment_id', p.data->>'invoice_id') as platform_trade_no,
  coalesce(t.out_trade_no, p.data->>'out_trade_no', p.data->>'order_id') as out_trade_no,
  coalesce(opc.order_id, t.order_id) as order_id, o.display_id,
  cap.captured, cap.captured_at, cap.captured_in_day, ref.refunded, ref.refunded_in_day
from ${source}
left join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null
left join "order" o on o.id = coalesce(opc.order_id, t.order_id)
left join lateral (
  select coalesce(sum(c.amount), 0)::text as captured, min(c.created_at) as captured_at,
    coalesce(sum(c.amount) filter (where c.created_at >= :from and c.created_at < :to), 0)::text as captured_in_day
  from capture c where c.payment_id = p.id and c.deleted_at is null) cap on true
left join lateral (
  select coalesce(sum(r.amount), 0)::text as refunded,
    coalesce(sum(r.amount) filter (where r.created_at >= :from and r.created_at < :to), 0)::text as refunded_in_day
  from refund r where r.payment_id = p.id and r.deleted_at is null) ref on true`

function toStorePayment(container: MedusaContainer, r: any): StorePayment {
  const cur = String(r.currency_code)
  const captured = toMinorUnits(r.captured ?? "0", cur)
  const channel = channelFor(r.provider_id, (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions())
  return {
    payment_id: r.payment_id ?? null,
    provider_id: r.provider_id,
    order_id: r.order_id ?? null,
    display_id: r.display_id === null || r.display_id === undefined ? null : Number(r.display_id),
    out_trade_no: r.out_trade_no ?? null,
    platform_trade_no: r.platform_trade_no ?? null,
    currency: cur.toUpperCase(),
    amount_minor: toMinorUnits(r.amount ?? "0", cur),
    captured_minor: captured,
    captured_at: r.captured_at ? new Date(r.captured_at).toISOString() : null,
    captured_in_day: toMinorUnits(r.captured_in_day ?? "0", cur) > 0,
    refunded_in_day_minor: toMinorUnits(r.refunded_in_day ?? "0", cur),
    refunded_minor: toMinorUnits(r.refunded ?? "0", cur),
    expected_fee_minor: channel?.fee && captured > 0 ? channelFeeMinor(captured, channel.fee) : null,
  }
}

/** The store's payments of `providerId` with a capture or a refund within the day (UTC range). */
export async function storePaymentsOfDay(container: MedusaContainer, providerId: string, range: { from: Date; to: Date }): Promise<StorePayment[]> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = await knex.raw(
    select(`(
      select p.* from payment p
      where p.deleted_at is null and p.provider_id = :provider and p.id in (
        select c.payment_id from capture c where c.deleted_at is null and c.created_at >= :from and c.created_at < :to
        union
        select r.payment_id from refund r where r.deleted_at is null and r.created_at >= :from and r.created_at < :to)
    ) p
    left join payment_trade t on t.session_id = p.payment_session_id and t.deleted_at is null`),
    { provider: providerId, from: range.from, to: range.to }
  )
  return rows.map((r: any) => toStorePayment(container, r))
}

/**
 * The store's record of the trades with these out-trade-numbers (any day), for bill rows of trades the store did not
 * capture within the day: Medusa's payment when there is one, else the plugin's trade (the session the store
 * created, never paid in the store). Keyed by out_trade_no; the captured payment wins when a trade has several.
 */
export async function storePaymentsByTradeNo(container: MedusaContainer, providerId: string, outTradeNos: string[], range: { from: Date; to: Date }): Promise<Map<string, StorePayment>> {
  const out = new Map<string, StorePayment>()
  if (!outTradeNos.length) return out
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  // from the trade map by its out_trade_no index, then Medusa's payment by its payment_session_id index
  const { rows } = await knex.raw(
    select(`(select * from payment_trade where deleted_at is null and provider_id = :provider and out_trade_no = any(:nos)) t
    join payment p on p.payment_session_id = t.session_id and p.deleted_at is null`),
    { provider: providerId, nos: outTradeNos, from: range.from, to: range.to }
  )
  for (const r of rows) {
    const s = toStorePayment(container, r)
    const prev = s.out_trade_no ? out.get(s.out_trade_no) : undefined
    if (s.out_trade_no && (!prev || s.captured_minor > prev.captured_minor)) out.set(s.out_trade_no, s)
  }
  const missing = outTradeNos.filter((n) => !out.has(n))
  if (missing.length) {
    const { rows: trades } = await knex.raw(
      `select t.out_trade_no, t.provider_id, t.order_id, t.currency_code, t.amount_minor::text as amount_minor, o.display_id, t.data->>'trade_no' as platform_trade_no
       from payment_trade t left join "order" o on o.id = t.order_id
       where t.deleted_at is null and t.provider_id = :provider and t.out_trade_no = any(:nos)
       order by t.created_at desc`,
      { provider: providerId, nos: missing }
    )
    for (const t of trades) {
      if (out.has(t.out_trade_no)) continue
      out.set(t.out_trade_no, {
        payment_id: null,
        provider_id: t.provider_id,
        order_id: t.order_id ?? null,
        display_id: t.display_id === null || t.display_id === undefined ? null : Number(t.display_id),
        out_trade_no: t.out_trade_no,
        platform_trade_no: t.platform_trade_no ?? null,
        currency: String(t.currency_code).toUpperCase(),
        amount_minor: Number(t.amount_minor),
        captured_minor: 0,
        captured_at: null,
        captured_in_day: false,
        refunded_in_day_minor: 0,
        refunded_minor: 0,
        expected_fee_minor: null,
      })
    }
  }
  return out
}

/**
 * Medusa's payments of `providerId` whose own data carries these out-trade-numbers (`data.out_trade_no`, or the crypto
 * platforms' `data.order_id`): payments made before the plugin kept its trade map. One statement that reads the
 * provider's payments (no index on the data), so reconcileBill calls it once per bill for the rows still unresolved.
 */
export async function storePaymentsByPaymentData(container: MedusaContainer, providerId: string, outTradeNos: string[], range: { from: Date; to: Date }): Promise<Map<string, StorePayment>> {
  const out = new Map<string, StorePayment>()
  if (!outTradeNos.length) return out
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const { rows } = await knex.raw(
    select(`(select * from payment where deleted_at is null and provider_id = :provider and coalesce(data->>'out_trade_no', data->>'order_id') = any(:nos)) p
    left join payment_trade t on t.session_id = p.payment_session_id and t.deleted_at is null`),
    { provider: providerId, nos: outTradeNos, from: range.from, to: range.to }
  )
  for (const r of rows) {
    const s = toStorePayment(container, r)
    const prev = s.out_trade_no ? out.get(s.out_trade_no) : undefined
    if (s.out_trade_no && (!prev || s.captured_minor > prev.captured_minor)) out.set(s.out_trade_no, s)
  }
  return out
}
