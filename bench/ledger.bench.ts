/**
 * Benchmark: balance ledger postings (`BENCH=ledger npm run bench`). N debits
 * spread over K customers, C at a time, through the module's post() (lock the
 * account, read the newest entry on a fresh snapshot, check, append), against
 * two baselines in the same run on a copy of the entry table without its
 * checks, trigger and indexes but one on (account_id, seq): (a) plain INSERTs, no lock, no read — a ledger
 * with none of its guarantees; (b) the same statement shape as post() in a
 * bare knex transaction (BEGIN, SELECT … FOR UPDATE of the account, SELECT of
 * the newest entry, INSERT, COMMIT) — the round trips the guarantees need.
 * Then N/10 debits all on one account (every posting waits for the one
 * before). Balances are checked against the ledger's sums at the end.
 * Target: post() ≤ 2.5× baseline (b)'s time (what the module, Medusa's
 * transaction handling, the indexes and checks add); the ratio to (a) is
 * printed too: the cost of the guarantees themselves (five round trips
 * instead of one — they cannot be fewer: under read committed a read in the
 * locking statement would see the snapshot from before the lock).
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { BALANCE_MODULE } from "../src/modules/balance"
import type BalanceModuleService from "../src/modules/balance/service"
import { measure } from "./lib/memory"

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0
  const latencies: number[] = []
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const item = items[next++]
      const t0 = process.hrtime.bigint()
      await fn(item)
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
  }))
  latencies.sort((a, b) => a - b)
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1)
  return { p50: q(0.5), p99: q(0.99) }
}

export default async function bench({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_LEDGER_POSTINGS ?? 20000)
  const k = Number(process.env.BENCH_LEDGER_CUSTOMERS ?? 1000)
  const c = Number(process.env.BENCH_LEDGER_CONCURRENCY ?? 16)
  const ledger: BalanceModuleService = container.resolve(BALANCE_MODULE)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const customers = Array.from({ length: k }, (_, i) => `cus_bench_${i}`)
  const actor = { type: "system", id: "bench" }
  await pool(customers, c, async (id) => {
    await ledger.post({ customer_id: id, currency_code: "cny", direction: "credit", amount_minor: 10_000_000, source_type: "adjustment", source_id: `open-${id}`, actor })
  })
  const debits = Array.from({ length: n }, (_, i) => ({ customer: customers[i % k], i }))

  // baseline: the same rows, plain INSERTs into a copy of the table without its indexes, checks or trigger
  await knex.raw("create table bench_plain_entry (like balance_entry including defaults)")
  // the one index baseline (b)'s read needs
  await knex.raw("create index on bench_plain_entry (account_id, seq)")
  const plain = await measure(() => pool(debits, c, async ({ customer, i }) => {
    await knex("bench_plain_entry").insert({ id: `bplain_${i}`, account_id: customer, seq: i, direction: "debit", amount_minor: 100, raw_amount_minor: "{}", balance_after_minor: 0, raw_balance_after_minor: "{}", source_type: "payment", source_id: `plain-${i}`, actor_type: "system" })
  }))
  const shaped = await measure(() => pool(debits, c, async ({ customer, i }) => {
    await knex.transaction(async (trx: any) => {
      await trx.raw("select id from balance_account where customer_id = ? and currency_code = 'cny' for update", [customer])
      const { rows: [last] } = await trx.raw("select seq from bench_plain_entry where account_id = ? order by seq desc limit 1", [customer])
      await trx("bench_plain_entry").insert({ id: `bshape_${i}`, account_id: customer, seq: (last?.seq ?? 0) + 1, direction: "debit", amount_minor: 100, raw_amount_minor: "{}", balance_after_minor: 0, raw_balance_after_minor: "{}", source_type: "payment", source_id: `shape-${i}`, actor_type: "system" })
    })
  }))
  const spread = await measure(() => pool(debits, c, async ({ customer, i }) => {
    await ledger.post({ customer_id: customer, currency_code: "cny", direction: "debit", amount_minor: 100, source_type: "payment", source_id: `payses_bench_${i}`, actor })
  }))
  const hotN = Math.max(1, Math.floor(n / 10))
  const hot = await measure(() => pool(Array.from({ length: hotN }, (_, i) => i), c, async (i) => {
    await ledger.post({ customer_id: customers[0], currency_code: "cny", direction: "debit", amount_minor: 1, source_type: "payment", source_id: `payses_hot_${i}`, actor })
  }))
  await knex.raw("drop table bench_plain_entry")

  // every balance is the sum of its entries
  const { rows: bad } = await knex.raw(`
    select a.customer_id from balance_account a
    where (select balance_after_minor from balance_entry e where e.account_id = a.id order by seq desc limit 1)
       <> (select sum(case when direction = 'credit' then amount_minor else -amount_minor end) from balance_entry e where e.account_id = a.id)`)
  if (bad.length) throw new Error(`${bad.length} balances differ from their ledger`)
  const expectFirst = 10_000_000 - 100 * Math.ceil(n / k) - hotN
  const first = await ledger.balanceOf(customers[0], "cny")
  if (first !== expectFirst) throw new Error(`hot account: balance ${first}, expected ${expectFirst}`)

  const rate = (x: number, s: number) => Math.round(x / s)
  const lines = [
    `plain INSERT (no lock, no read): ${n} rows in ${plain.seconds.toFixed(1)} s = ${rate(n, plain.seconds)}/s, p50 ${plain.result.p50} ms, p99 ${plain.result.p99} ms`,
    `bare transaction of the same shape (lock, read, insert): ${n} rows in ${shaped.seconds.toFixed(1)} s = ${rate(n, shaped.seconds)}/s, p50 ${shaped.result.p50} ms, p99 ${shaped.result.p99} ms`,
    `ledger post, ${k} accounts: ${n} debits in ${spread.seconds.toFixed(1)} s = ${rate(n, spread.seconds)}/s, p50 ${spread.result.p50} ms, p99 ${spread.result.p99} ms; peak RSS ${spread.peakRssMb} MB`,
    `ledger post, one account: ${hotN} debits in ${hot.seconds.toFixed(1)} s = ${rate(hotN, hot.seconds)}/s, p50 ${hot.result.p50} ms, p99 ${hot.result.p99} ms`,
    `ratio ledger/bare-transaction time: ${(spread.seconds / shaped.seconds).toFixed(2)}x (target ≤ 2.50x); ledger/plain-insert: ${(spread.seconds / plain.seconds).toFixed(2)}x; every balance equals its ledger's sum`,
  ]
  for (const l of lines) console.log(`BENCH ${l}`)
}
