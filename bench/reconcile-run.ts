/**
 * BENCH=reconcile, in process (run by bench/reconcile.mjs with `medusa exec` on a throwaway copy of the shared
 * generated database, bench/lib/orders-database.mjs, 1,000,000 orders by default): a platform's bill of
 * BENCH_RECONCILE_ROWS rows (default 100,000) reconciled against the store.
 *
 * Store side (setup, not timed), on the generated orders' own payments: the captured CNY payments needed for the
 * bill (every payment of the provider captured or refunded on the day first, then the others most recently captured)
 * are re-pointed to the provider (BENCH_RECONCILE_PROVIDER: wechatpay, default, or alipay) and their captures moved
 * into the bill's day (Asia/Shanghai; two days ago, BENCH_RECONCILE_DAY), spread over it; each gets the provider's
 * payment data (out_trade_no, platform trade number) and a payment_trade row (the plugin's map from our
 * out-trade-number OM<session ULID> to the session) as the real provider would have written. Their orders, payment
 * collections, sessions and links stay the generator's. Refunds of those payments that fell on the day move to the
 * next day; the planted ones below are inserted. The rest of the database (the other ~830,000 payments and captures,
 * other providers' payments on the same day) is left as generated, so the store-side SQL runs against the whole table.
 *
 * The bill (setup, not timed), in the platform's real format: WeChat Pay's trade bill (bill_type ALL, tar_type GZIP:
 * header, 27 columns, every value backtick-prefixed, refund rows, the two summary lines; gzipped as the download is),
 * or Alipay's csv.zip (GBK entry names without the UTF-8 flag, the GBK 业务明细 detail with its # comment lines and
 * totals, and the 业务明细(汇总) summary). Rows in time order. The channel's fee is configured (0.6 %, rateBps 60) and
 * every row's fee is the platform's 0.6 % of the row's amount, so the fee comparison runs on every row.
 *
 * Planted differences (~1 % of the rows, Q = rows / 400, placed evenly over the day in a shuffled order):
 * - amount_mismatch: Q bill rows charging ~5 % more or less than the store captured (their fee follows the bill's
 *   amount, so a fee_mismatch is expected too wherever the rounded fees differ: counted exactly in advance);
 * - missing_in_store: Q paid rows the store has no payment for (4/5 unknown trade numbers, 1/5 trades the store has
 *   in payment_trade but never captured: the fallback lookup);
 * - missing_at_platform: Q store payments captured that day with no bill row;
 * - refunds: 0.6 Q refunded at the platform only (status_mismatch), 0.4 Q refunded in both with different amounts
 *   (refund_mismatch), plus 2 Q refunds equal on both sides (no difference).
 * The bill has exactly BENCH_RECONCILE_ROWS rows: payments of the store's payments, the missing_in_store payments and
 * the refund rows.
 *
 * Timed, in this process, one after the other: (a) the baseline, parsing only (the ParsedBill's rows iterated and
 * counted, the summary read), after one untimed warm-up parse; (b) the full reconciliation, `reconcileBill(container,
 * run, parsedBill)` on a run queued and started through the module (parse + the store lookups + matching +
 * completeRun storing the differences; the run is completed when it returns); (c) what executeRun and an upload do
 * right after it, `openDifferenceAnomalies` (a paid_not_received anomaly per payment missing in the store), timed
 * apart. Every SQL statement is timed through knex's query events and grouped; the services' steps are timed by
 * wrapping their methods. Afterwards (not timed) the store-side statements are EXPLAIN ANALYZEd at this size.
 * Prints one line `RECONCILE_RESULT {json}` for bench/reconcile.mjs. BENCH_RECONCILE_CPU_PROFILE=<path> writes a CPU
 * profile of (b).
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { gzipSync } from "node:zlib"
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { RECONCILIATION_MODULE } from "../src/modules/reconciliation"
import type ReconciliationModuleService from "../src/modules/reconciliation/service"
import { ORDER_MANAGEMENT_MODULE } from "../src/modules/order-management"
import { parseWechatTradeBill } from "../src/modules/reconciliation/bills/wechatpay"
import { parseAlipayTradeBill } from "../src/modules/reconciliation/bills/alipay"
import type { ParsedBill } from "../src/modules/reconciliation/bills/types"
import { reconcileBill } from "../src/workflows/reconciliation/run"
import { openDifferenceAnomalies } from "../src/workflows/reconciliation/anomalies"
import { dayRangeIn as dayRange } from "../src/utils/time-zone"
import { channelFeeMinor } from "../src/modules/order-management/options"
// the parser tests' writers of the real layouts (27-column backtick lines, Alipay's 25-column detail, the GBK ZIP)
import { ALIPAY_HEADER, WECHAT_ALL_HEADER, WECHAT_SUMMARY_HEADER, alipayLine, bt, gbk, wechatPayment, wechatRefund, zipOf } from "../src/modules/reconciliation/__tests__/fixtures"

const FEE = { rateBps: 60 }
const SHANGHAI_MS = 8 * 3600_000

type Role = "paid" | "missing_at_platform" | "amount" | "refund_platform_only" | "refund_mismatch" | "refund_matched"

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai. */
const shanghai = (ms: number) => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19).replace("T", " ")
/** fen → "12.34" (negative with a minus). */
const yuan = (fen: number) => `${fen < 0 ? "-" : ""}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, "0")}`
/** 1e-5 yuan → "0.07794" (WeChat's 5-decimal fee). */
const yuan5 = (u: number) => `${u < 0 ? "-" : ""}${Math.floor(Math.abs(u) / 100_000)}.${String(Math.abs(u) % 100_000).padStart(5, "0")}`

export default async function reconcileBench({ container }: ExecArgs) {
  const N = Number(process.env.BENCH_RECONCILE_ROWS ?? 100_000)
  const platform = (process.env.BENCH_RECONCILE_PROVIDER ?? "wechatpay") as "wechatpay" | "alipay"
  if (!["wechatpay", "alipay"].includes(platform)) throw new Error(`BENCH_RECONCILE_PROVIDER: wechatpay or alipay, got ${platform}`)
  const providerId = `pp_${platform}_${platform}`
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const recon: ReconciliationModuleService = container.resolve(RECONCILIATION_MODULE)
  const log = (m: string) => console.log(`[reconcile] ${m}`)
  const one = async (sql: string, b: any = []) => (await knex.raw(sql, b)).rows[0]
  const today = new Date(Date.now() + SHANGHAI_MS).toISOString().slice(0, 10)
  const day = process.env.BENCH_RECONCILE_DAY || new Date(Date.parse(`${today}T00:00:00Z`) - 2 * 86400_000).toISOString().slice(0, 10)
  const range = dayRange(day, "Asia/Shanghai")
  const from = range.from.getTime()
  const dayMs = range.to.getTime() - from

  // the mix (Q = N / 400 each: ~1 % differences)
  const Q = Math.max(5, Math.round(N / 400))
  const plant = {
    amount: Q,
    missing_in_store_unknown: Math.round(Q * 0.8),
    missing_in_store_trade: Q - Math.round(Q * 0.8),
    missing_at_platform: Q,
    refund_platform_only: Math.round(Q * 0.6),
    refund_mismatch: Q - Math.round(Q * 0.6),
    refund_matched: 2 * Q,
  }
  const refundRows = plant.refund_platform_only + plant.refund_mismatch + plant.refund_matched
  const missingInStore = plant.missing_in_store_unknown + plant.missing_in_store_trade
  const billPaymentsOfStore = N - refundRows - missingInStore
  const S = billPaymentsOfStore + plant.missing_at_platform // the store's payments captured that day
  if (billPaymentsOfStore < 10 * Q) throw new Error(`BENCH_RECONCILE_ROWS ${N} is too small`)

  // 1. the store side: pick and re-point S captured payments
  let t = Date.now()
  const stats = await one(`select (select count(*) from payment where deleted_at is null)::int as payments, (select count(*) from capture where deleted_at is null)::int as captures, (select count(*) from refund where deleted_at is null)::int as refunds, (select count(*) from "order")::int as orders`)
  await knex.raw(`drop table if exists bench_recon_pick`)
  await knex.raw(
    `create table bench_recon_pick as
     with cand as (
       select p.id as payment_id, p.payment_session_id as session_id, p.payment_collection_id, p.captured_at as old_captured_at,
         (select round(sum(c.amount) * 100)::bigint from capture c where c.payment_id = p.id and c.deleted_at is null) as captured_fen,
         case when p.provider_id = :provider and (
           exists (select 1 from capture c where c.payment_id = p.id and c.deleted_at is null and c.created_at >= :from and c.created_at < :to)
           or exists (select 1 from refund r where r.payment_id = p.id and r.deleted_at is null and r.created_at >= :from and r.created_at < :to)) then 0 else 1 end as prio
       from payment p
       where p.deleted_at is null and p.currency_code = 'cny' and p.payment_session_id like 'payses\\_%'
         and exists (select 1 from capture c where c.payment_id = p.id and c.deleted_at is null)
     ), picked as (
       select * from cand where captured_fen > 0 order by prio, old_captured_at desc nulls last, payment_id limit :s
     )
     select row_number() over (order by payment_id)::int as k, picked.*, opc.order_id from picked
     left join order_payment_collection opc on opc.payment_collection_id = picked.payment_collection_id and opc.deleted_at is null`,
    { provider: providerId, from: range.from, to: range.to, s: S }
  )
  const picked = await one(`select count(*)::int as n, count(*) filter (where prio = 0)::int as native, count(order_id)::int as with_order from bench_recon_pick`)
  if (picked.n !== S) throw new Error(`only ${picked.n} captured CNY payments in the generated database for ${S} (use a bigger BENCH_RECONCILE_ORDERS)`)
  const nativeLeft = await one(
    `select count(*)::int as n from payment p where p.deleted_at is null and p.provider_id = :provider and not exists (select 1 from bench_recon_pick k where k.payment_id = p.id) and (
       exists (select 1 from capture c where c.payment_id = p.id and c.deleted_at is null and c.created_at >= :from and c.created_at < :to)
       or exists (select 1 from refund r where r.payment_id = p.id and r.deleted_at is null and r.created_at >= :from and r.created_at < :to))`,
    { provider: providerId, from: range.from, to: range.to }
  )
  if (nativeLeft.n) throw new Error(`${nativeLeft.n} payments of ${providerId} on ${day} were not picked; raise BENCH_RECONCILE_ROWS`)
  // numbered in capture-time order over the day; trade numbers as the providers make them
  const rnd = prng(N * 31 + 7)
  const offsets = Array.from({ length: S }, () => Math.floor(rnd() * (dayMs - 7200_000)) + 60_000).sort((a, b) => a - b)
  await knex.raw(`alter table bench_recon_pick add column captured_at timestamptz, add column out_trade_no text, add column platform_trade_no text`)
  await knex.raw(
    `update bench_recon_pick k set captured_at = to_timestamp(x.ms / 1000.0), out_trade_no = 'OM' || substr(k.session_id, 8),
       platform_trade_no = ${platform === "wechatpay" ? `'4200' || :ymd || lpad(k.k::text, 16, '0')` : `:ymd || '22001' || lpad(k.k::text, 15, '0')`}
     from (select unnest(:ms::bigint[]) as ms, generate_series(1, :s) as k) x where x.k = k.k`,
    { ms: offsets.map((o) => from + o), s: S, ymd: day.replace(/-/g, "") }
  )
  await knex.raw(`create unique index on bench_recon_pick (payment_id); create unique index on bench_recon_pick (k); analyze bench_recon_pick`)
  await knex.raw(
    `update payment p set provider_id = :provider, captured_at = k.captured_at, updated_at = k.captured_at,
       data = jsonb_build_object('session_id', k.session_id, 'out_trade_no', k.out_trade_no, ${platform === "wechatpay" ? `'transaction_id', k.platform_trade_no, 'trade_state', 'SUCCESS'` : `'trade_no', k.platform_trade_no, 'trade_status', 'TRADE_SUCCESS'`}, 'amount_minor', k.captured_fen, 'currency', 'CNY')
     from bench_recon_pick k where p.id = k.payment_id`,
    { provider: providerId }
  )
  await knex.raw(`update payment_session s set provider_id = :provider from bench_recon_pick k where s.id = k.session_id`, { provider: providerId })
  await knex.raw(`update capture c set created_at = k.captured_at, updated_at = k.captured_at from bench_recon_pick k where c.payment_id = k.payment_id and c.deleted_at is null`)
  const movedRefunds = (await knex.raw(`update refund r set created_at = r.created_at + interval '1 day', updated_at = r.created_at + interval '1 day' from bench_recon_pick k where r.payment_id = k.payment_id and r.deleted_at is null and r.created_at >= :from and r.created_at < :to`, { from: range.from, to: range.to })).rowCount
  await knex.raw(
    `insert into payment_trade (id, session_id, provider_id, out_trade_no, payment_collection_id, cart_id, order_id, amount_minor, raw_amount_minor, currency_code, data, created_at, updated_at)
     select 'ptrd_BENCH' || lpad(k.k::text, 21, '0'), k.session_id, :provider, k.out_trade_no, k.payment_collection_id, null, k.order_id, k.captured_fen,
       jsonb_build_object('value', k.captured_fen::text, 'precision', 20), 'cny', jsonb_build_object('out_trade_no', k.out_trade_no, 'session_id', k.session_id),
       k.captured_at - interval '2 minutes', k.captured_at
     from bench_recon_pick k
     on conflict do nothing`,
    { provider: providerId }
  )
  const store = (await knex.raw(`select k, out_trade_no, platform_trade_no, session_id, captured_fen::text as captured_fen, extract(epoch from captured_at) * 1000 as ms from bench_recon_pick order by k`)).rows.map((r: any) => ({
    k: r.k as number,
    out: r.out_trade_no as string,
    txn: r.platform_trade_no as string,
    session: r.session_id as string,
    fen: Number(r.captured_fen),
    ms: Math.round(Number(r.ms)),
    role: "paid" as Role,
  }))

  // the roles, spread evenly over the day in a shuffled order
  const roles: Role[] = []
  for (const [role, n] of [["missing_at_platform", plant.missing_at_platform], ["amount", plant.amount], ["refund_platform_only", plant.refund_platform_only], ["refund_mismatch", plant.refund_mismatch], ["refund_matched", plant.refund_matched]] as Array<[Role, number]>) for (let i = 0; i < n; i++) roles.push(role)
  for (let i = roles.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[roles[i], roles[j]] = [roles[j], roles[i]]
  }
  roles.forEach((role, j) => (store[Math.floor(((j + 0.5) * S) / roles.length)].role = role))

  // the store's refunds of the day (refund_mismatch and refund_matched: 30 % of the capture, an hour later at most)
  const refundAt = (s: (typeof store)[number]) => s.ms + Math.min(3600_000, Math.floor((from + dayMs - s.ms) / 2))
  const storeRefund = (s: (typeof store)[number]) => Math.max(1, Math.round(s.fen * 0.3))
  const refunded = store.filter((s) => s.role === "refund_mismatch" || s.role === "refund_matched")
  await knex.raw(
    `insert into refund (id, amount, raw_amount, payment_id, created_at, updated_at, note, created_by)
     select 'ref_BENCH' || lpad(x.k::text, 22, '0'), x.fen / 100.0, jsonb_build_object('value', (x.fen / 100.0)::text, 'precision', 20), k.payment_id, to_timestamp(x.ms / 1000.0), to_timestamp(x.ms / 1000.0), 'bench', 'bench'
     from (select unnest(:k::int[]) as k, unnest(:fen::bigint[]) as fen, unnest(:ms::bigint[]) as ms) x join bench_recon_pick k on k.k = x.k`,
    { k: refunded.map((s) => s.k), fen: refunded.map(storeRefund), ms: refunded.map(refundAt) }
  )
  // trades the store opened but never captured (missing_in_store through the payment_trade fallback)
  const unpaidTrades = Array.from({ length: plant.missing_in_store_trade }, (_, i) => `payses_BENCHNP${String(i + 1).padStart(19, "0")}`)
  await knex.raw(
    `insert into payment_trade (id, session_id, provider_id, out_trade_no, payment_collection_id, amount_minor, raw_amount_minor, currency_code, data, created_at, updated_at)
     select 'ptrd_BENCHNP' || lpad(i::text, 19, '0'), s, :provider, 'OM' || substr(s, 8), 'pay_col_BENCHNP' || lpad(i::text, 16, '0'), 9900, '{"value":"9900","precision":20}'::jsonb, 'cny', '{}'::jsonb, :at, :at
     from unnest(:s::text[]) with ordinality as u(s, i)`,
    { provider: providerId, s: unpaidTrades, at: new Date(from + 3600_000) }
  )
  await knex.raw(`analyze payment; analyze capture; analyze refund; analyze payment_trade; analyze payment_session`)
  const setupStore = (Date.now() - t) / 1000
  log(`store: ${stats.orders} orders, ${stats.payments} payments, ${stats.captures} captures, ${stats.refunds} refunds in the database; ${S} captured payments re-pointed to ${providerId} on ${day} (${picked.native} of them already ${platform}'s that day, ${picked.with_order} with an order), ${refunded.length} refunds that day, ${movedRefunds} earlier refunds moved off the day, in ${setupStore.toFixed(1)} s`)

  // 2. the bill
  t = Date.now()
  type Line = { ms: number; text: string }
  const lines: Line[] = []
  const expected = { amount_mismatch: 0, fee_mismatch: 0, missing_in_store: 0, missing_at_platform: 0, status_mismatch: 0, refund_mismatch: 0, currency_mismatch: 0 }
  let matched = 0
  const sum = { order: 0, settle: 0, refund: 0, fee5: 0, feeFen: 0, trades: 0, refunds: 0 }
  const fee5 = (fen: number) => fen * FEE.rateBps / 10 // 1e-5 yuan: fen × 0.006 × 1000
  let refundSeq = 0
  const payRow = (ms: number, txn: string, out: string, session: string, fen: number) => {
    sum.order += fen
    sum.settle += fen
    sum.trades++
    if (platform === "wechatpay") {
      sum.fee5 += fee5(fen)
      lines.push({ ms, text: wechatPayment({ time: shanghai(ms), txn, out, settle: yuan(fen), total: yuan(fen), fee: yuan5(fee5(fen)), attach: session }) })
    } else {
      const f = channelFeeMinor(fen, FEE)
      sum.feeFen -= f
      lines.push({ ms, text: alipayLine({ tradeNo: txn, outTradeNo: out, type: "交易", created: shanghai(ms - 20_000), finished: shanghai(ms), amount: yuan(fen), received: yuan(fen), fee: yuan(-f) }) })
    }
  }
  const refundRow = (ms: number, txn: string, out: string, fen: number) => {
    refundSeq++
    sum.refund += fen
    sum.refunds++
    if (platform === "wechatpay") {
      sum.fee5 -= fee5(fen)
      lines.push({ ms, text: wechatRefund({ time: shanghai(ms), txn, out, refundId: `50300${day.replace(/-/g, "")}${String(refundSeq).padStart(17, "0")}`, outRefund: `RF${out.slice(2, 20)}${refundSeq}`, refund: yuan(fen), applied: yuan(fen), fee: yuan5(-fee5(fen)) }) })
    } else {
      const f = channelFeeMinor(fen, FEE)
      sum.feeFen += f
      lines.push({ ms, text: alipayLine({ tradeNo: txn, outTradeNo: out, type: "退款", created: shanghai(ms - 3600_000), finished: shanghai(ms), amount: yuan(-fen), received: yuan(-fen), refundBatch: `RF${out.slice(2, 20)}${refundSeq}`, fee: yuan(f) }) })
    }
  }
  for (const s of store) {
    if (s.role === "missing_at_platform") {
      expected.missing_at_platform++
      continue
    }
    let fen = s.fen
    if (s.role === "amount") {
      const delta = Math.max(1, Math.round(s.fen * 0.05)) * (s.k % 2 ? 1 : -1)
      fen = s.fen + delta > 0 ? s.fen + delta : s.fen + Math.abs(delta)
      expected.amount_mismatch++
      // the fee follows the bill's amount: a fee difference where the rounded fees differ
      if (channelFeeMinor(fen, FEE) !== channelFeeMinor(s.fen, FEE)) expected.fee_mismatch++
    } else matched++
    payRow(s.ms, s.txn, s.out, s.session, fen)
    if (s.role === "refund_platform_only" || s.role === "refund_mismatch" || s.role === "refund_matched") {
      const r = s.role === "refund_mismatch" ? Math.max(1, Math.round(s.fen * 0.4)) : storeRefund(s)
      if (s.role === "refund_mismatch" && r === storeRefund(s)) throw new Error("a planted refund mismatch is equal")
      refundRow(refundAt(s), s.txn, s.out, r)
      if (s.role === "refund_platform_only") expected.status_mismatch++
      if (s.role === "refund_mismatch") expected.refund_mismatch++
    }
  }
  for (let i = 0; i < missingInStore; i++) {
    const ms = from + Math.floor(((i + 0.5) * dayMs) / missingInStore)
    const out = i < plant.missing_in_store_trade ? `OM${unpaidTrades[i].slice(7)}` : `OMBENCHUK${String(i).padStart(19, "0")}`
    const txn = platform === "wechatpay" ? `4200${day.replace(/-/g, "")}9${String(i).padStart(15, "0")}` : `${day.replace(/-/g, "")}22009${String(i).padStart(14, "0")}`
    payRow(ms, txn, out, out, 990 + (i % 50) * 100)
    expected.missing_in_store++
  }
  lines.sort((a, b) => a.ms - b.ms)
  if (lines.length !== N) throw new Error(`the bill has ${lines.length} rows, not ${N}`)
  let file: Buffer
  if (platform === "wechatpay") {
    const text = [WECHAT_ALL_HEADER, ...lines.map((l) => l.text), WECHAT_SUMMARY_HEADER, bt([String(N), yuan(sum.settle), yuan(sum.refund), "0.00", yuan5(sum.fee5), yuan(sum.order), yuan(sum.refund)]), ""].join("\n")
    file = gzipSync(Buffer.from(text, "utf8"))
  } else {
    const d = day.replace(/-/g, "")
    const cn = (ymd: string) => `${ymd.slice(0, 4)}年${ymd.slice(4, 6)}月${ymd.slice(6, 8)}日`
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10).replace(/-/g, "")
    const detail = [
      "#支付宝业务明细查询",
      "#账号：[20880211096256330156]",
      `#起始日期：[${cn(d)} 00:00:00]   终止日期：[${cn(next)} 00:00:00]`,
      "#-----------------------------------------业务明细列表----------------------------------------",
      ALIPAY_HEADER,
      ...lines.map((l) => l.text),
      "#-----------------------------------------业务明细列表结束------------------------------------",
      `#交易合计：${sum.trades}笔，商家实收共${yuan(sum.settle)}元，商家优惠共0.00元`,
      `#退款合计：${sum.refunds}笔，商家实收退款共${yuan(-sum.refund)}元，商家优惠退款共0.00元`,
      `#导出时间：[${cn(next)} 05:46:49]`,
      "",
    ].join("\r\n")
    const net = sum.settle - sum.refund
    const summary = [
      "#支付宝业务汇总查询",
      "#账号：[20880211096256330156]",
      `#起始日期：[${cn(d)} 00:00:00]   终止日期：[${cn(next)} 00:00:00]`,
      "#-----------------------------------------业务汇总列表----------------------------------------",
      "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）",
      `\t,\t,${sum.trades},${sum.refunds},${yuan(net)},${yuan(net)},0.00,0.00,0.00,${yuan(sum.feeFen)},0.00,${yuan(net + sum.feeFen)}`,
      `合计,,${sum.trades},${sum.refunds},${yuan(net)},${yuan(net)},0.00,0.00,0.00,${yuan(sum.feeFen)},0.00,${yuan(net + sum.feeFen)}`,
      "#-----------------------------------------业务汇总列表结束------------------------------------",
      `#导出时间：[${cn(next)} 05:46:49]`,
      "",
    ].join("\r\n")
    file = zipOf([
      { name: gbk(`20880211096256330156_${d}_业务明细(汇总).csv`), data: gbk(summary) },
      { name: gbk(`20880211096256330156_${d}_业务明细.csv`), data: gbk(detail) },
    ])
  }
  lines.length = 0
  const parse = (): ParsedBill => (platform === "wechatpay" ? parseWechatTradeBill(file) : parseAlipayTradeBill(file))
  const setupBill = (Date.now() - t) / 1000
  log(`bill: ${platform} ${day}, ${N} rows (${sum.trades} payments, ${sum.refunds} refunds), ${(file.length / 1024 / 1024).toFixed(1)} MB ${platform === "wechatpay" ? "gzip" : "zip"}, made in ${setupBill.toFixed(1)} s; planted ${JSON.stringify(expected)}`)

  // memory: a full GC before each phase (not timed; the bill's setup leaves garbage), then RSS and the JS heap sampled
  // every 100 ms
  setFlagsFromString("--expose-gc")
  const gc = runInNewContext("gc") as () => void
  let peak = 0
  let heapPeak = 0
  const sample = () => {
    const m = process.memoryUsage()
    peak = Math.max(peak, m.rss)
    heapPeak = Math.max(heapPeak, m.heapUsed)
  }
  const sampler = setInterval(sample, 100)
  const phase = async <T>(fn: () => Promise<T>) => {
    gc()
    const before = process.memoryUsage()
    peak = before.rss
    heapPeak = before.heapUsed
    const t0 = performance.now()
    const value = await fn()
    const ms = performance.now() - t0
    sample()
    return { value, ms, rss_before_mb: before.rss / 1048576, rss_peak_mb: peak / 1048576, heap_before_mb: before.heapUsed / 1048576, heap_peak_mb: heapPeak / 1048576 }
  }

  // 3a. warm-up (not timed), then the baseline: parse only
  const countRows = async () => {
    const bill = parse()
    let n = 0
    for await (const _ of bill.rows) n++
    return { n, summary: bill.summary() }
  }
  await countRows()
  const parsed = await phase(countRows)
  if (parsed.value.n !== N) throw new Error(`the parser read ${parsed.value.n} rows of ${N}`)
  log(`parse only: ${parsed.value.n} rows in ${(parsed.ms / 1000).toFixed(2)} s (${Math.round(N / (parsed.ms / 1000))} rows/s), RSS peak ${parsed.rss_peak_mb.toFixed(0)} MB`)

  // 3b. the full reconciliation, every statement and step timed
  const sqlByKind = new Map<string, { n: number; ms: number; rows: number; first: number; last: number }>()
  let fullStart = 0
  const samples = new Map<string, { sql: string; bindings: unknown[] }>()
  const started = new Map<string, { t: number; kind: string }>()
  const kindOf = (sql: string): string => {
    const s = sql.replace(/\s+/g, " ").toLowerCase()
    // store-side.ts's statements: they read payment with its captures and refunds
    const storeSide = s.includes("payment p") && s.includes("capture c")
    if (storeSide && !s.includes("any(")) return "store: the day's payments (storePaymentsOfDay)"
    if (storeSide && s.includes("any(")) return "store: payments by out_trade_no (storePaymentsByTradeNo)"
    if (s.includes("from payment_trade t left join")) return "store: payment_trade fallback (storePaymentsByTradeNo)"
    const w = /^(insert into|update|delete from)\s+"?([a-z_]+)"?/.exec(s)
    if (w) return `${w[1]} ${w[2]}`
    if (s.startsWith("select") || s.startsWith("with")) return `select ${/ from "?([a-z_]+)"?/.exec(s)?.[1] ?? "?"}`
    if (/^(begin|commit|rollback|savepoint|release)/.test(s)) return "transaction control"
    return s.slice(0, 30)
  }
  const onQuery = (q: any) => {
    if (!q.__knexQueryUid) return
    const kind = kindOf(String(q.sql ?? ""))
    started.set(q.__knexQueryUid, { t: performance.now(), kind })
    if (kind.startsWith("store:") && !samples.has(kind)) samples.set(kind, { sql: q.sql, bindings: q.bindings })
  }
  const onResponse = (resp: any, q: any) => {
    const s = started.get(q?.__knexQueryUid)
    if (!s) return
    started.delete(q.__knexQueryUid)
    const e = sqlByKind.get(s.kind) ?? { n: 0, ms: 0, rows: 0, first: s.t - fullStart, last: 0 }
    e.n++
    e.ms += performance.now() - s.t
    e.last = performance.now() - fullStart
    e.rows += Array.isArray(resp) ? resp.length : Array.isArray(resp?.rows) ? resp.rows.length : 0
    sqlByKind.set(s.kind, e)
  }
  knex.on("query", onQuery)
  knex.on("query-response", onResponse)
  knex.on("query-error", (_e: unknown, q: any) => started.delete(q?.__knexQueryUid))
  const steps = new Map<string, { n: number; ms: number; first: number; last: number }>()
  const wrap = (name: string, target: any, method: string) => {
    const orig = target[method].bind(target)
    target[method] = async (...a: unknown[]) => {
      const t0 = performance.now()
      try {
        return await orig(...a)
      } finally {
        const e = steps.get(name) ?? { n: 0, ms: 0, first: t0 - fullStart, last: 0 }
        e.n++
        e.ms += performance.now() - t0
        e.last = performance.now() - fullStart
        steps.set(name, e)
      }
    }
  }
  const om = container.resolve(ORDER_MANAGEMENT_MODULE) as any
  wrap("recon.completeRun (store the differences)", recon, "completeRun")
  wrap("recon.listDifferences (anomalies: read)", recon, "listDifferences")
  wrap("recon.decideDifference (anomalies: mark)", recon, "decideDifference")
  wrap("om.openAnomaly (anomalies: open)", om, "openAnomaly")
  wrap("recon.retrieveRun", recon, "retrieveRun")

  const queued = await recon.queueRun({ provider_id: providerId, date: day, source: "upload", file_name: platform === "wechatpay" ? `${day}_ALL.csv.gz` : `20880211096256330156_${day.replace(/-/g, "")}.csv.zip` })
  if (!(await recon.startRun(queued.id))) throw new Error("could not start the run")
  const run = await recon.retrieveRun(queued.id)
  steps.clear()
  sqlByKind.clear()
  // BENCH_RECONCILE_CPU_PROFILE=<file.cpuprofile>: a CPU profile of the full reconciliation (slows it down a little)
  const profileTo = process.env.BENCH_RECONCILE_CPU_PROFILE
  const inspector = profileTo ? new Session() : null
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => inspector!.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))))
  if (inspector) {
    inspector.connect()
    await post("Profiler.enable")
    await post("Profiler.setSamplingInterval", { interval: 500 })
    await post("Profiler.start")
  }
  fullStart = performance.now()
  const full = await phase(() => reconcileBill(container, run, parse()))
  if (inspector) {
    writeFileSync(profileTo!, JSON.stringify((await post("Profiler.stop")).profile))
    inspector.disconnect()
    log(`CPU profile of the full reconciliation written to ${profileTo}`)
  }
  const done = full.value
  log(`full reconciliation: ${done.rows} rows in ${(full.ms / 1000).toFixed(2)} s (${Math.round(N / (full.ms / 1000))} rows/s), RSS peak ${full.rss_peak_mb.toFixed(0)} MB; status ${done.status}, matched ${done.matched}, differences ${JSON.stringify(done.differences_by_type)}`)
  // 3c. what executeRun and an upload do right after reconcileBill: an anomaly for each payment missing in the store
  // (timed apart: the run is completed, its result visible, before these are opened)
  const stepsOfRun = new Map(steps)
  const sqlOfRun = new Map(sqlByKind)
  steps.clear()
  sqlByKind.clear()
  const anomalies = await phase(() => openDifferenceAnomalies(container, done))
  clearInterval(sampler)
  knex.removeListener("query", onQuery)
  knex.removeListener("query-response", onResponse)
  log(`anomalies for money missing in the store: ${(anomalies.ms / 1000).toFixed(2)} s`)

  // 4. checks (not timed)
  const stored = Object.fromEntries((await knex.raw(`select type, count(*)::int as n from reconciliation_difference where run_id = ? and deleted_at is null and present group by type`, [done.id])).rows.map((r: any) => [r.type, r.n]))
  const refundedOnly = Number((await one(`select count(*)::int as n from reconciliation_difference where run_id = ? and key like 'refunded_at_platform_only:%'`, [done.id])).n)
  const anomaliesOpened = Number((await one(`select count(*)::int as n from reconciliation_difference where run_id = ? and state = 'anomaly_opened' and anomaly_id is not null`, [done.id])).n)
  const expectedByType = Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0))
  const failures: string[] = []
  if (done.status !== "completed") failures.push(`run status ${done.status}: ${done.error}`)
  if (done.rows !== N) failures.push(`run rows ${done.rows}, expected ${N}`)
  if (done.matched !== matched) failures.push(`run matched ${done.matched}, expected ${matched}`)
  for (const type of new Set([...Object.keys(expectedByType), ...Object.keys(done.differences_by_type), ...Object.keys(stored)])) {
    const want = expectedByType[type] ?? 0
    if ((done.differences_by_type[type] ?? 0) !== want) failures.push(`${type}: the run counts ${done.differences_by_type[type] ?? 0}, planted ${want}`)
    if ((stored[type] ?? 0) !== want) failures.push(`${type}: ${stored[type] ?? 0} stored, planted ${want}`)
  }
  if (refundedOnly !== expected.status_mismatch) failures.push(`refunded at the platform only: ${refundedOnly}, planted ${expected.status_mismatch}`)
  if (anomaliesOpened !== expected.missing_in_store) failures.push(`anomalies opened for money missing in the store: ${anomaliesOpened}, expected ${expected.missing_in_store}`)
  const totals = done.totals as any
  if (totals?.bill_summary_agrees === false) failures.push(`the bill's rows do not add up to its summary (${JSON.stringify(totals.bill_summary)})`)

  // 5. the store-side statements at this size (not timed)
  const plans: Array<{ name: string; ms: number; seq_scans: string[]; plan: string }> = []
  // the statements as they were sent (knex's query event: the SQL with ? or $n placeholders and the bindings)
  const positional = (sql: string) => (/\$1\b/.test(sql) ? sql : sql.replace(/\?/g, (() => { let i = 0; return () => `$${++i}` })()))
  const conn = await knex.client.acquireConnection()
  for (const [name, s] of samples) {
    const rows = (await conn.query(`explain (analyze, buffers off, format text) ${positional(s.sql)}`, s.bindings)).rows.map((r: any) => r["QUERY PLAN"] as string)
    const ms = Number(/Execution Time: ([\d.]+)/.exec(rows.join("\n"))?.[1] ?? NaN)
    const seq = rows.filter((l: string) => /Seq Scan on (payment|capture|refund|payment_trade|order_payment_collection|"order")\b/.test(l)).map((l: string) => l.trim())
    plans.push({ name, ms, seq_scans: seq, plan: rows.join("\n") })
    log(`EXPLAIN ${name}: ${ms.toFixed(1)} ms${seq.length ? `  SEQ SCAN: ${seq.join(" | ")}` : ""}`)
    if (process.env.BENCH_RECONCILE_PLANS === "1") console.log(`--- ${name}\n${rows.join("\n")}`)
  }
  await knex.client.releaseConnection(conn)
  await knex.raw(`drop table if exists bench_recon_pick`)

  const round1 = (x: number) => Math.round(x * 10) / 10
  // the run's stretches (wall clock, ms): the day's store payments read; streaming the bill (parse, per-batch lookups,
  // matching) up to completeRun; completeRun; after it (the anomalies for money missing in the store, the run re-read)
  const timeline = () => {
    const day = sqlOfRun.get("store: the day's payments (storePaymentsOfDay)")
    const complete = stepsOfRun.get("recon.completeRun (store the differences)")
    if (!day || !complete) return null
    return {
      store_day_read_ms: round1(day.last),
      stream_and_match_ms: round1(complete.first - day.last),
      complete_run_ms: round1(complete.last - complete.first),
      after_complete_run_ms: round1(Math.max(0, full.ms - complete.last)),
    }
  }
  console.log(
    `RECONCILE_RESULT ${JSON.stringify({
      n: N,
      platform,
      provider_id: providerId,
      day,
      database: { ...stats, store_payments_of_day: S, native_of_day: picked.native },
      bill_bytes: file.length,
      setup_s: { store: setupStore, bill: setupBill },
      parse: { ms: parsed.ms, rows: parsed.value.n, rss_before_mb: parsed.rss_before_mb, rss_peak_mb: parsed.rss_peak_mb, heap_before_mb: parsed.heap_before_mb, heap_peak_mb: parsed.heap_peak_mb },
      full: { ms: full.ms, rss_before_mb: full.rss_before_mb, rss_peak_mb: full.rss_peak_mb, heap_before_mb: full.heap_before_mb, heap_peak_mb: full.heap_peak_mb, rows: done.rows, matched: done.matched, status: done.status },
      max_rss_mb: process.resourceUsage().maxRSS / 1024,
      expected: expectedByType,
      expected_matched: matched,
      found: done.differences_by_type,
      stored,
      anomalies_opened: anomaliesOpened,
      anomalies: {
        ms: anomalies.ms,
        rss_peak_mb: anomalies.rss_peak_mb,
        steps: [...steps.entries()].map(([name, v]) => ({ name, n: v.n, ms: round1(v.ms) })),
        sql: [...sqlByKind.entries()].map(([kind, v]) => ({ kind, n: v.n, ms: round1(v.ms) })).sort((a, b) => b.ms - a.ms).slice(0, 12),
      },
      bill_summary_agrees: totals?.bill_summary_agrees ?? null,
      // ms: summed over the calls (calls may overlap: subscribers run beside the run); first / last: when the first
      // call started and the last ended, ms since the full reconciliation started
      sql: [...sqlOfRun.entries()].map(([kind, v]) => ({ kind, n: v.n, ms: round1(v.ms), rows: v.rows, first: round1(v.first), last: round1(v.last) })).sort((a, b) => b.ms - a.ms),
      steps: [...stepsOfRun.entries()].map(([name, v]) => ({ name, n: v.n, ms: round1(v.ms), first: round1(v.first), last: round1(v.last) })),
      timeline: timeline(),
      plans: plans.map(({ name, ms, seq_scans }) => ({ name, ms, seq_scans })),
      failures,
    })}`
  )
}
