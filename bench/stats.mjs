// Statistics benchmark (npm run bench; BENCH=stats): the statistics page (issue 15) at 100,000 and 1,000,000 generated
// orders (BENCH_STATS_SIZES, comma-separated, default 100000,1000000; the databases are generated once and kept, see
// bench/lib/orders-database.mjs). For each size, in one run:
//   1. the rebuild of the 90 days the generator covers (today − 89 … today in the store's time zone): `medusa exec
//      ./src/scripts/rebuild-statistics.ts <from> <to>` timed from spawn to exit (`rebuild_90d_s`; the command's own
//      figure, without the app's boot, is `rebuild_90d_compute_s`); it recomputes every day from the raw tables. One
//      not finished after BENCH_STATS_REBUILD_TIMEOUT_S (default 600) fails the bench: it is stopped, its statements
//      canceled, and the rollups computed again with PGOPTIONS work_mem=BENCH_STATS_FALLBACK_WORK_MEM (default 64MB),
//      timed apart as a workaround, so the page can still be measured.
//      The rollup tables are then vacuumed and analyzed (as autovacuum would; the benchmark's PostgreSQL may run
//      without it, and each rebuild leaves the replaced rows dead);
//   2. the page's one request, GET /admin/order-management/statistics?from=<today − 29>&to=<today>&currency_code=cny,
//      as an admin on a booted server: p50 and p95 over BENCH_STATS_REQUESTS requests (default 40, after 5 warm-up
//      ones); target at 1,000,000: p50 ≤ 300 ms;
//   3. at BENCH_STATS_MEMORY_SIZES (default 100000): the same numbers computed as the Medusa analytics plugins do,
//      query.graph over both periods' orders, payments, captures, refunds, carts and sessions aggregated in memory
//      (bench/stats-memory.ts, via `medusa exec`, BENCH_STATS_MEMORY_RUNS runs, default 2, the fastest counted);
//      its order count and revenue must equal the API's (both periods); target: ours ≥ 20× faster than it;
//   4. a single indexed SQL aggregate over the raw table from a pg client (count and sum of order_lifecycle's
//      CNY orders placed in the same 30 days, on the placed_at index), p50 over as many runs; target at 100,000:
//      our p50 within 3× of it (reported at every size).
// Writes .bench-output/stats.json ({ name, n, metrics, ratios, targets, load } of the run, every size under `sizes`),
// prints a table, and fails (exit 1 through run.mjs) when a target is missed, a request answers other than 200, the
// rollups are not current after the rebuild, or the in-memory baseline's numbers differ from the API's.
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { DateTime } from "luxon"
import pgPkg from "pg"
import { run } from "../scripts/lib/run.mjs"
import { ordersDatabase } from "./lib/orders-database.mjs"
import { timed } from "./lib/timed.mjs"

const TZ = "Asia/Shanghai" // the plugin's default timeZone option (medusa-config.ts does not set it)
const CURRENCY = "cny"
const TARGET_P50_MS = 300
const TARGET_SPEEDUP = 20
const TARGET_SLOWDOWN = 3
const AGGREGATE_SQL = `select count(*)::int as orders, coalesce(sum(total_minor), 0)::bigint as total_minor from order_lifecycle
  where deleted_at is null and currency_code = $1 and placed_at >= $2 and placed_at < $3`

const ROLLUP_TABLES = ["order_stats_daily", "cart_stats_daily", "product_stats_daily", "payment_time_daily", "customer_stats_daily", "product_stats_weekly", "payment_time_weekly", "customer_stats_weekly", "stats_day"]

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)) }) })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]
const round = (x, d = 1) => (x == null ? x : Number(x.toFixed(d)))
const load = () => os.loadavg().map((x) => round(x, 2))

async function waitUp(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await fetch(url).then((r) => r.ok).catch(() => false)) return true
    await sleep(500)
  }
  return false
}

/**
 * Cancels the statements still running on the bench database `url` (a killed `medusa exec` leaves its backends
 * running their statement: PostgreSQL notices the closed connection only when it next writes to it); returns what
 * they were running.
 */
async function cancelStatements(url) {
  const db = new pgPkg.Client({ connectionString: url })
  await db.connect()
  try {
    const { rows } = await db.query(
      `select pid, now() - query_start as running, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`
    )
    for (const r of rows) await db.query("select pg_cancel_backend($1)", [r.pid])
    return rows.map((r) => `${r.query} (running ${r.running.minutes ?? 0} min ${Math.round(r.running.seconds ?? 0)} s)`)
  } finally {
    await db.end()
  }
}

/** The days of the run: the generator's 90 (today − 89 … today) and the page's 30, with their instants. */
function days() {
  const today = DateTime.now().setZone(TZ).startOf("day")
  const iso = (d) => d.toISODate()
  return {
    today: iso(today),
    rebuildFrom: iso(today.minus({ days: 89 })),
    from: iso(today.minus({ days: 29 })),
    start: today.minus({ days: 29 }).toJSDate(),
    end: today.plus({ days: 1 }).toJSDate(),
  }
}

/** Field-by-field differences between the API's period and the in-memory baseline's (paths of what differs). */
function differences(api, mem) {
  const out = []
  const eq = (pathName, a, b) => {
    const same = typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : JSON.stringify(a) === JSON.stringify(b)
    if (!same) out.push(`${pathName}: API ${JSON.stringify(a)} vs memory ${JSON.stringify(b)}`)
  }
  eq("orders.count", api.orders.count, mem.orders.count)
  eq("orders.canceled", api.orders.canceled, mem.orders.canceled)
  for (const s of api.orders.series ?? []) eq(`orders.series[${s.date}]`, s.count, mem.orders.series[s.date] ?? 0)
  for (const k of ["paid_minor", "captured_minor", "refunded_minor", "paid_orders", "aov_minor"]) eq(`revenue.${k}`, api.revenue[k], mem.revenue[k])
  for (const k of ["carts", "checkouts", "orders", "cart_to_order_rate", "checkout_to_order_rate"]) eq(`conversion.${k}`, api.conversion[k], mem.conversion[k])
  for (const k of ["customers", "returning", "rate"]) eq(`repurchase.${k}`, api.repurchase[k], mem.repurchase[k])
  eq("payments.time_to_pay_p50_seconds", api.payments.time_to_pay_p50_seconds, mem.payments.time_to_pay_p50_seconds)
  eq("payments.time_to_pay_p90_seconds", api.payments.time_to_pay_p90_seconds, mem.payments.time_to_pay_p90_seconds)
  const memProviders = new Map(mem.payments.providers.map((p) => [p.provider_id, p]))
  eq("payments.providers", api.payments.providers.map((p) => p.provider_id).sort(), [...memProviders.keys()].sort())
  for (const p of api.payments.providers) {
    const m = memProviders.get(p.provider_id) ?? {}
    for (const k of ["orders", "placed_orders", "paid_minor", "share_count", "share_amount", "sessions", "paid_sessions", "success_rate", "time_to_pay_p50_seconds", "time_to_pay_p90_seconds"]) {
      eq(`payments.${p.provider_id}.${k}`, p[k], m[k])
    }
  }
  eq("products.revenue_minor", api.products.revenue_minor, mem.products.revenue_minor)
  const top = (list) => list.map((p) => [p.product_id, p.quantity, p.orders, p.revenue_minor])
  eq("products.best_sellers", top(api.products.best_sellers), top(mem.products.best_sellers.slice(0, api.products.best_sellers.length)))
  return out
}

/** The API's previous period in the shape of its current one (what differences() reads). */
const previousOf = (body) => ({
  orders: body.orders.previous,
  revenue: body.revenue.previous,
  conversion: body.conversion.previous,
  repurchase: body.repurchase.previous,
  payments: body.payments.previous,
  products: body.products.previous,
})

async function measureApi(url, headers, requests) {
  const times = []
  let status = 200
  let body = null
  for (let i = 0; i < requests + 5; i++) {
    const t0 = performance.now()
    const r = await fetch(url, { headers })
    body = await r.json()
    const ms = performance.now() - t0
    if (r.status !== 200) status = r.status
    if (i >= 5) times.push(ms)
  }
  return { p50: pct(times, 50), p95: pct(times, 95), min: Math.min(...times), status, body }
}

async function measureAggregate(url, d, requests) {
  const db = new pgPkg.Client({ connectionString: url })
  await db.connect()
  try {
    const times = []
    let row = null
    for (let i = 0; i < requests + 5; i++) {
      const t0 = performance.now()
      row = (await db.query(AGGREGATE_SQL, [CURRENCY, d.start, d.end])).rows[0]
      const ms = performance.now() - t0
      if (i >= 5) times.push(ms)
    }
    const plan = (await db.query(`explain (analyze, buffers) ${AGGREGATE_SQL}`, [CURRENCY, d.start, d.end])).rows.map((r) => r["QUERY PLAN"])
    return { p50: pct(times, 50), p95: pct(times, 95), row, plan }
  } finally {
    await db.end()
  }
}

export async function benchStats({ root, medusa, pg, baseEnv }) {
  const sizes = (process.env.BENCH_STATS_SIZES ?? "100000,1000000").split(",").map(Number)
  const memorySizes = (process.env.BENCH_STATS_MEMORY_SIZES ?? "100000").split(",").filter(Boolean).map(Number)
  const requests = Number(process.env.BENCH_STATS_REQUESTS ?? 40)
  const memoryRuns = Number(process.env.BENCH_STATS_MEMORY_RUNS ?? 2)
  const rebuildTimeoutS = Number(process.env.BENCH_STATS_REBUILD_TIMEOUT_S ?? 600)
  const fallbackWorkMem = process.env.BENCH_STATS_FALLBACK_WORK_MEM ?? "64MB"
  const startLoad = load()
  console.log(`BENCH stats: load average ${startLoad.join(" ")} at start (${os.cpus().length} cores)`)
  const results = {}
  const failures = []
  for (const n of sizes) {
    const db = await ordersDatabase({ root, medusa, pg, baseEnv, n })
    const env = { ...baseEnv, DATABASE_URL: db.url }
    const d = days()
    const r = { n, load: { start: load() }, window: { from: d.from, to: d.today, currency_code: CURRENCY }, rebuild: { from: d.rebuildFrom, to: d.today } }
    results[n] = r

    // 1. the rebuild of the 90 days
    const rebuildArgs = ["exec", "./src/scripts/rebuild-statistics.ts", d.rebuildFrom, d.today]
    const parse = (x) => {
      const own = /statistics: (\d+) days, (\d+) rows in ([\d.]+) s/.exec(x.out)
      return { wall_s: round(x.ms / 1000), compute_s: own ? Number(own[3]) : null, days: own ? Number(own[1]) : null, rows: own ? Number(own[2]) : null, months_done: [...x.out.matchAll(/statistics: (\S+) – (\S+) recomputed/g)].map((m) => `${m[1]} – ${m[2]}`) }
    }
    const rebuild = await timed(medusa, rebuildArgs, { cwd: root, env: { ...env, LOG_LEVEL: "info" }, timeoutMs: rebuildTimeoutS * 1000 })
    Object.assign(r.rebuild, parse(rebuild))
    if (rebuild.timedOut) {
      r.rebuild.timed_out = true
      r.rebuild.canceled = await cancelStatements(db.url)
      failures.push(`${n}: the 90-day rebuild did not finish in ${rebuildTimeoutS} s (done: ${r.rebuild.months_done.join(", ") || "nothing"}; still running: ${r.rebuild.canceled.join(" | ") || "–"})`)
      console.log(`BENCH stats ${n}: rebuild of ${d.rebuildFrom} … ${d.today}: NOT FINISHED after ${rebuildTimeoutS} s (months done: ${r.rebuild.months_done.join(", ") || "none"}); canceled: ${r.rebuild.canceled.join(" | ")}`)
      // the page needs the rollups: compute them again with a larger work_mem (a workaround, reported apart)
      const fallback = await timed(medusa, rebuildArgs, { cwd: root, env: { ...env, LOG_LEVEL: "info", PGOPTIONS: `-c work_mem=${fallbackWorkMem}` }, timeoutMs: rebuildTimeoutS * 1000 })
      r.rebuild.fallback = { work_mem: fallbackWorkMem, ...parse(fallback), timed_out: !!fallback.timedOut }
      if (fallback.timedOut) r.rebuild.fallback.canceled = await cancelStatements(db.url)
      console.log(`BENCH stats ${n}: rebuild again with work_mem=${fallbackWorkMem} (workaround, not the default): ${fallback.timedOut ? `NOT FINISHED after ${rebuildTimeoutS} s` : `${r.rebuild.fallback.wall_s} s (own figure ${r.rebuild.fallback.compute_s} s, ${r.rebuild.fallback.rows} rows)`}; load ${load().join(" ")}`)
    } else {
      console.log(`BENCH stats ${n}: rebuild of ${d.rebuildFrom} … ${d.today}: ${r.rebuild.wall_s} s (the command's own figure ${r.rebuild.compute_s} s for ${r.rebuild.days} days, ${r.rebuild.rows} rows; load ${load().join(" ")})`)
      if (r.rebuild.compute_s == null) failures.push(`${n}: the rebuild did not print its summary`)
    }

    // the rollup tables as autovacuum leaves them after a rebuild (this benchmark's PostgreSQL may run without it):
    // the rebuild's deletes would otherwise pile up as dead rows, run after run, under the page's reads
    const vac = new pgPkg.Client({ connectionString: db.url })
    await vac.connect()
    const tv = performance.now()
    await vac.query(`vacuum analyze ${ROLLUP_TABLES.join(", ")}`).finally(() => vac.end())
    r.rebuild.vacuum_analyze_s = round((performance.now() - tv) / 1000, 2)

    // 2. the page's request on a booted server
    const port = await freePort()
    const serverEnv = { ...env, PORT: String(port), MEDUSA_WORKER_MODE: "server" }
    const email = "bench-admin@example.com"
    await run(medusa, ["user", "-e", email, "-p", "bench-password"], { cwd: root, env: serverEnv }).catch(() => {}) // exists on a reused database
    const server = spawn(medusa, ["develop"], { cwd: root, env: serverEnv, stdio: ["ignore", "ignore", "inherit"], detached: true })
    let api
    try {
      if (!(await waitUp(`http://127.0.0.1:${port}/health`, 240))) throw new Error("the server did not start within 4 minutes")
      const login = await fetch(`http://127.0.0.1:${port}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "bench-password" }) }).then((x) => x.json())
      const headers = { authorization: `Bearer ${login.token}` }
      r.load.api = load()
      api = await measureApi(`http://127.0.0.1:${port}/admin/order-management/statistics?from=${d.from}&to=${d.today}&currency_code=${CURRENCY}`, headers, requests)
      // the floor under any admin request of this server (authentication, Medusa's middleware): for reading the ratio
      const floor = await measureApi(`http://127.0.0.1:${port}/admin/users/me`, headers, requests)
      r.floor = { request: "GET /admin/users/me", p50_ms: round(floor.p50), p95_ms: round(floor.p95), status: floor.status }
    } finally {
      try { process.kill(-server.pid, "SIGTERM") } catch {}
    }
    const body = api.body
    r.api = { p50_ms: round(api.p50), p95_ms: round(api.p95), min_ms: round(api.min), status: api.status, pending_days: body?.pending_days, orders: body?.orders?.count, paid_minor: body?.revenue?.paid_minor, previous_orders: body?.orders?.previous?.count, previous_paid_minor: body?.revenue?.previous?.paid_minor, response_bytes: JSON.stringify(body ?? {}).length }
    console.log(`BENCH stats ${n}: GET …/statistics (30 days, CNY) p50 ${r.api.p50_ms} ms  p95 ${r.api.p95_ms} ms over ${requests}; an admin request's floor (GET /admin/users/me) p50 ${r.floor?.p50_ms} ms (orders ${r.api.orders}, paid ${r.api.paid_minor} fen; previous ${r.api.previous_orders}, ${r.api.previous_paid_minor} fen; pending days ${r.api.pending_days}; load ${r.load.api.join(" ")})`)
    if (api.status !== 200) failures.push(`${n}: GET …/statistics answered ${api.status}: ${JSON.stringify(body).slice(0, 300)}`)
    else if (body.pending_days !== 0) failures.push(`${n}: ${body.pending_days} days still pending after the rebuild`)
    if (n >= 1_000_000 && !(api.p50 <= TARGET_P50_MS)) failures.push(`${n}: dashboard p50 ${round(api.p50)} ms (target ≤ ${TARGET_P50_MS} ms)`)
    if (api.status !== 200) continue

    // 4. the single indexed aggregate over the raw table
    r.load.aggregate = load()
    const agg = await measureAggregate(db.url, d, requests)
    r.aggregate = { sql: AGGREGATE_SQL.replace(/\s+/g, " "), p50_ms: round(agg.p50, 2), p95_ms: round(agg.p95, 2), orders: agg.row.orders, total_minor: Number(agg.row.total_minor), plan: agg.plan }
    r.slowdown_vs_single_aggregate = round(api.p50 / agg.p50, 2)
    console.log(`BENCH stats ${n}: single aggregate over order_lifecycle p50 ${r.aggregate.p50_ms} ms (${agg.row.orders} orders; ${agg.plan.find((l) => /Scan/.test(l))?.trim()}): ours ${r.slowdown_vs_single_aggregate}× its time`)
    if (agg.row.orders !== body.orders.count) failures.push(`${n}: the aggregate counts ${agg.row.orders} orders, the API ${body.orders.count}`)
    if (n === 100_000 && !(r.slowdown_vs_single_aggregate <= TARGET_SLOWDOWN)) failures.push(`${n}: ours is ${r.slowdown_vs_single_aggregate}× the single aggregate (target ≤ ${TARGET_SLOWDOWN}×)`)

    // 3. the in-memory baseline
    if (memorySizes.includes(n)) {
      r.load.memory = load()
      const mem = await timed(medusa, ["exec", "./bench/stats-memory.ts", d.from, d.today, CURRENCY, String(memoryRuns)], {
        cwd: root,
        env: { ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=6144`.trim() },
      })
      const line = mem.out.split("\n").find((l) => l.startsWith("BENCH_STATS_MEMORY_RESULT "))
      if (!line) throw new Error(`bench/stats-memory.ts printed no result:\n${mem.out.slice(-3000)}`)
      const m = JSON.parse(line.slice("BENCH_STATS_MEMORY_RESULT ".length))
      const best = Math.min(...m.runs_ms)
      const diffs = { current: differences(body, m.current), previous: differences(previousOf(body), m.previous) }
      r.memory = {
        runs_ms: m.runs_ms,
        ms: best,
        rows: { current: m.current.rows, previous: m.previous.rows },
        orders: m.current.orders.count,
        paid_minor: m.current.revenue.paid_minor,
        previous_orders: m.previous.orders.count,
        previous_paid_minor: m.previous.revenue.paid_minor,
        differences: diffs,
      }
      r.speedup_vs_memory = round(best / api.p50, 1)
      console.log(`BENCH stats ${n}: in memory from query.graph: ${m.runs_ms.join(" / ")} ms (${memoryRuns} runs; rows ${JSON.stringify(m.current.rows)} + ${JSON.stringify(m.previous.rows)}; load ${r.load.memory.join(" ")}): ours ${r.speedup_vs_memory}× faster`)
      console.log(`BENCH stats ${n}: same numbers? orders ${body.orders.count} (API) vs ${m.current.orders.count} (memory), revenue ${body.revenue.paid_minor} vs ${m.current.revenue.paid_minor} fen; previous period orders ${body.orders.previous.count} vs ${m.previous.orders.count}, revenue ${body.revenue.previous.paid_minor} vs ${m.previous.revenue.paid_minor} fen`)
      for (const [which, list] of Object.entries(diffs)) {
        console.log(`BENCH stats ${n}: ${which} period: ${list.length ? `${list.length} other numbers differ: ${list.slice(0, 12).join("; ")}` : "every compared number equal (orders, canceled, series, revenue, AOV, conversion, repurchase, providers, time to pay, best sellers)"}`)
      }
      const key = [["orders.count", body.orders.count, m.current.orders.count], ["revenue.paid_minor", body.revenue.paid_minor, m.current.revenue.paid_minor], ["previous orders.count", body.orders.previous.count, m.previous.orders.count], ["previous revenue.paid_minor", body.revenue.previous.paid_minor, m.previous.revenue.paid_minor]]
      for (const [name, a, b] of key) if (a !== b) failures.push(`${n}: ${name} differs: API ${a}, in memory ${b}`)
      if (n === 100_000 && !(r.speedup_vs_memory >= TARGET_SPEEDUP)) failures.push(`${n}: ours is ${r.speedup_vs_memory}× faster than in memory (target ≥ ${TARGET_SPEEDUP}×)`)
    }
    r.load.end = load()
    r.generation = { seconds: Number(db.generation.seconds), rows: db.generation.rows, database_bytes: Number(db.generation.database_bytes), reused: db.reused }
  }

  // the recorded figures: the rebuild and the page at the largest size, the ratios at 100,000 (the issue's)
  const largest = results[Math.max(...sizes)]
  const at100k = results[100_000]
  const at1m = results[1_000_000]
  const metrics = {
    rebuild_90d_s: largest.rebuild.timed_out ? null : largest.rebuild.wall_s,
    rebuild_90d_compute_s: largest.rebuild.timed_out ? null : largest.rebuild.compute_s,
    ...(largest.rebuild.timed_out && { rebuild_90d_timed_out_after_s: largest.rebuild.wall_s, rebuild_90d_work_mem_workaround_s: largest.rebuild.fallback?.timed_out ? null : largest.rebuild.fallback?.wall_s }),
    dashboard_p50_ms: largest.api?.p50_ms,
    dashboard_p95_ms: largest.api?.p95_ms,
    single_aggregate_p50_ms: largest.aggregate?.p50_ms,
    ...(at100k && {
      rebuild_90d_s_at_100k: at100k.rebuild.wall_s,
      dashboard_p50_ms_at_100k: at100k.api?.p50_ms,
      dashboard_p95_ms_at_100k: at100k.api?.p95_ms,
      single_aggregate_p50_ms_at_100k: at100k.aggregate?.p50_ms,
      memory_ms_at_100k: at100k.memory?.ms,
    }),
  }
  const ratios = {
    ...(at100k && { speedup_vs_memory_at_100k: at100k.speedup_vs_memory, slowdown_vs_single_aggregate: at100k.slowdown_vs_single_aggregate }),
    ...(at1m && { slowdown_vs_single_aggregate_at_1m: at1m.slowdown_vs_single_aggregate }),
  }
  const targets = [
    ...sizes.map((n) => ({ name: `90-day rebuild at ${n.toLocaleString("en")} finishes within ${rebuildTimeoutS} s`, value: results[n].rebuild.timed_out ? `not finished after ${results[n].rebuild.wall_s} s` : `${results[n].rebuild.wall_s} s`, pass: !results[n].rebuild.timed_out })),
    at1m && { name: "dashboard_p50_ms at 1,000,000 ≤ 300", value: at1m.api?.p50_ms, pass: at1m.api?.p50_ms <= TARGET_P50_MS },
    at100k?.memory && { name: "speedup_vs_memory_at_100k ≥ 20", value: at100k.speedup_vs_memory, pass: at100k.speedup_vs_memory >= TARGET_SPEEDUP },
    at100k && { name: "slowdown_vs_single_aggregate (100,000) ≤ 3", value: at100k.slowdown_vs_single_aggregate, pass: at100k.slowdown_vs_single_aggregate <= TARGET_SLOWDOWN },
    at100k?.memory && { name: "in-memory order count and revenue = the API's", value: failures.some((f) => /differs/.test(f)) ? "differ" : "equal", pass: !failures.some((f) => /differs/.test(f)) },
  ].filter(Boolean)

  const cell = (v, unit = "") => (v == null ? "–" : `${v}${unit}`)
  const rowsOut = [
    ["size", ...sizes.map((n) => n.toLocaleString("en"))],
    ["rebuild 90 days (wall / own)", ...sizes.map((n) => (results[n].rebuild.timed_out ? `not finished in ${results[n].rebuild.wall_s} s` : `${cell(results[n].rebuild.wall_s, " s")} / ${cell(results[n].rebuild.compute_s, " s")}`))],
    ...(sizes.some((n) => results[n].rebuild.fallback) ? [[`rebuild, work_mem=${fallbackWorkMem} (workaround)`, ...sizes.map((n) => (!results[n].rebuild.fallback ? "–" : results[n].rebuild.fallback.timed_out ? `not finished in ${results[n].rebuild.fallback.wall_s} s` : `${cell(results[n].rebuild.fallback.wall_s, " s")} / ${cell(results[n].rebuild.fallback.compute_s, " s")}`))]] : []),
    ["page request p50 / p95", ...sizes.map((n) => `${cell(results[n].api?.p50_ms)} / ${cell(results[n].api?.p95_ms, " ms")}`)],
    ["floor: GET /admin/users/me p50", ...sizes.map((n) => cell(results[n].floor?.p50_ms, " ms"))],
    ["single aggregate p50", ...sizes.map((n) => cell(results[n].aggregate?.p50_ms, " ms"))],
    ["ours ÷ single aggregate", ...sizes.map((n) => cell(results[n].slowdown_vs_single_aggregate, "×"))],
    ["in memory (query.graph)", ...sizes.map((n) => cell(results[n].memory?.ms, " ms"))],
    ["in memory ÷ ours", ...sizes.map((n) => cell(results[n].speedup_vs_memory, "×"))],
    ["load avg (api)", ...sizes.map((n) => cell(results[n].load.api?.join(" ")))],
  ]
  const widths = rowsOut[0].map((_, i) => Math.max(...rowsOut.map((row) => String(row[i]).length)))
  console.log("\nBENCH stats:")
  for (const row of rowsOut) console.log(`  ${row.map((c, i) => String(c).padEnd(widths[i])).join("  │  ")}`)
  for (const t of targets) console.log(`  ${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.value}`)

  mkdirSync(path.join(root, ".bench-output"), { recursive: true })
  writeFileSync(
    path.join(root, ".bench-output", "stats.json"),
    JSON.stringify({ name: "stats", n: largest.n, metrics, ratios, targets, load: { start: startLoad, end: load() }, failures, sizes: results }, null, 2)
  )
  if (failures.length) throw new Error(failures.join("; "))
}
