// Callback benchmark (npm run bench; BENCH=callbacks): how fast paid orders are confirmed, on the same generated data
// in one run (see docs/payments-china.md "Callback benchmark"):
//   1. in process, one order after another: the floor — Medusa's own processPaymentWorkflow over sessions already
//      paid at the simulator — against the plugin's whole apply path for a verified notify (inbox claim, lock,
//      checks, Medusa's capture, lifecycle, history, events, fee, review); target ≥ 0.8× the floor's orders/s;
//   2. production topology on one Redis (Medusa's Redis event bus, workflow engine and locking): a server instance
//      answers the notifies (BENCH_NOTIFIES signed Alipay notifies, BENCH_CONCURRENCY at a time) and one worker
//      confirms them; then the same with two workers (target ≥ 1.7× one); each phase waits until every order is
//      confirmed or BENCH_DRAIN_LIMIT_S passes;
//   3. a kill -9 of one of the two workers in the middle of BENCH_KILL_ORDERS notifies: every order is still
//      confirmed (the other worker, or the retry job for events the dead one had claimed), none twice.
// Writes .bench-output/callbacks.json and exits 0 only when every order was confirmed exactly once and the targets
// hold.
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { generateKeyPairSync } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { availableParallelism, tmpdir } from "node:os"
import path from "node:path"
import net from "node:net"
import pg from "pg"
import { run as runChild } from "../scripts/lib/run.mjs"

const require = createRequire(import.meta.url)
const { startAlipaySimulator } = require("../simulators/alipay")

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)) }) })
/** The machine's CPU time since boot from /proc/stat, in seconds: busy (user, nice, system, irq, softirq) and steal. */
function machineCpu() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number)
  const [user, nice, system, , , irq, softirq, steal] = f
  return { busy: (user + nice + system + irq + softirq) / 100, steal: (steal ?? 0) / 100 }
}
/**
 * CPU seconds used so far by each group of processes: the instances this benchmark started (by process group),
 * Redis ("redis-server") and this driver with the simulated platform ("driver"); from
 * /proc/<pid>/stat (utime + stime; children that already exited are not counted).
 */
function cpuByGroup(groups) {
  const out = { driver: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 }
  const tick = 100
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let stat
    try { stat = readFileSync(`/proc/${pid}/stat`, "utf8") } catch { continue }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    const pgid = Number(f[2])
    const seconds = (Number(f[11]) + Number(f[12])) / tick
    // PostgreSQL's backends come and go with their connections (an exited one takes its CPU time with it): the
    // database is counted as the machine's total less everything named here
    const group = Object.entries(groups).find(([, g]) => g === pgid)?.[0] ?? (comm.startsWith("redis-server") ? "redis" : null)
    if (group && Number(pid) !== process.pid) out[group] = (out[group] ?? 0) + seconds
  }
  return out
}
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]
const cores = availableParallelism()
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const run = (cmd, args, opts) => runChild(cmd, args, { ...opts, inherit: true })

async function pool(items, concurrency, fn) {
  const out = []
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }))
  return out
}

async function waitUp(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await fetch(url).then((r) => r.ok).catch(() => false)) return true
    await sleep(500)
  }
  return false
}

export async function benchCallbacks({ root, medusa, databaseUrl, baseEnv }) {
  const n = Number(process.env.BENCH_NOTIFIES ?? 2000)
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16)
  const nIn = Number(process.env.BENCH_INPROCESS_ORDERS ?? 200)
  const nKill = Number(process.env.BENCH_KILL_ORDERS ?? 400)
  const limit = Number(process.env.BENCH_DRAIN_LIMIT_S ?? 900)
  const app = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const sim = await startAlipaySimulator({ appId: "2021000000000001", sellerId: "2088000000000001", appPublicKey: app.publicKey.export({ type: "spki", format: "pem" }) })
  const port = await freePort()
  const tmp = (name) => path.join(tmpdir(), `om-bench-callbacks-${process.pid}-${name}.json`)
  const env = {
    ...baseEnv,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    OM_ALIPAY_APP_ID: "2021000000000001",
    OM_ALIPAY_PRIVATE_KEY: app.privateKey.export({ type: "pkcs8", format: "pem" }),
    OM_ALIPAY_PUBLIC_KEY: sim.alipayPublicKeyPem,
    OM_ALIPAY_SELLER_ID: "2088000000000001",
    OM_ALIPAY_GATEWAY_URL: sim.gatewayUrl,
    OM_ALIPAY_NOTIFY_URL: `http://127.0.0.1:${port}/hooks/order-management/alipay`,
    // the retry job re-claims an event a dead worker held after 2 minutes: leave it on
    OM_MANUAL_REVIEW_PROVIDERS: "bank-transfer",
  }
  const processes = []
  const kill = (p, signal = "SIGTERM") => { try { process.kill(-p.pid, signal) } catch {} }
  const client = new pg.Client({ connectionString: databaseUrl })
  try {
    const total = process.env.BENCH_PHASES === "inprocess" ? 2 * nIn : 2 * nIn + 2 * n + nKill
    await run(medusa, ["exec", "./bench/callbacks-setup.ts"], { cwd: root, env: { ...env, BENCH_NOTIFIES: String(total), BENCH_OUT: tmp("orders") } })
    const orders = JSON.parse(readFileSync(tmp("orders"), "utf8"))
    const sets = { floor: orders.slice(0, nIn), plugin: orders.slice(nIn, 2 * nIn), one: orders.slice(2 * nIn, 2 * nIn + n), two: orders.slice(2 * nIn + n, 2 * nIn + 2 * n), kill: orders.slice(2 * nIn + 2 * n) }
    // the buyers pay: every trade paid at the simulator, its signed notify prepared
    const paid = (o) => {
      const t = sim.scan(o.out_trade_no)
      t.status = "TRADE_SUCCESS"
      t.gmt_payment = "2026-11-22 12:00:00"
      return sim.notifyParams(t)
    }
    const form = (params) => new URLSearchParams(params).toString()

    // 1. in process: the floor and the plugin's apply path, one order after another
    writeFileSync(tmp("inprocess-in"), JSON.stringify({ floor: sets.floor.map((o) => (paid(o), { session_id: o.session_id })), plugin: sets.plugin.map((o) => ({ body: form(paid(o)) })) }))
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the in-process phase (open it in Chrome's DevTools)
    const prof = process.env.BENCH_CPU_PROF ? [process.execPath, ["--cpu-prof", "--cpu-prof-dir", path.resolve(process.env.BENCH_CPU_PROF), medusa]] : [medusa, []]
    await run(prof[0], [...prof[1], "exec", "./bench/callbacks-inprocess.ts"], { cwd: root, env: { ...env, BENCH_INPROCESS: tmp("inprocess-in"), BENCH_OUT: tmp("inprocess-out") } })
    const inproc = JSON.parse(readFileSync(tmp("inprocess-out"), "utf8"))
    // BENCH_PHASES=inprocess: only the floor and the apply path (for profiling the apply path)
    if (process.env.BENCH_PHASES === "inprocess") {
      console.log(`BENCH callbacks: in process, Medusa's processPaymentWorkflow ${inproc.floor.per_s.toFixed(2)}/s, the plugin's apply path ${inproc.plugin.per_s.toFixed(2)}/s: ${(inproc.plugin.per_s / inproc.floor.per_s).toFixed(2)}x, ${inproc.plugin.statements_per_order.toFixed(1)} SQL statements per order`)
      return
    }

    // 2. server + one worker, then + a second worker, on one Redis
    await client.connect()
    /** The benchmark database's own counters (pg_stat_database): transactions and rows, to compare per order. */
    const dbStats = async () => {
      const { rows: [r] } = await client.query("select xact_commit, xact_rollback, tup_fetched, tup_inserted, tup_updated, tup_deleted, deadlocks from pg_stat_database where datname = current_database()")
      return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]))
    }
    /** Redis commands processed so far (INFO stats), over a plain socket. */
    const redisCalls = () => new Promise((resolve) => {
      const u = new URL(process.env.REDIS_URL || "redis://127.0.0.1:6379")
      const s = net.connect(Number(u.port || 6379), u.hostname)
      let buf = ""
      s.on("data", (d) => { buf += d; const m = /total_commands_processed:(\d+)/.exec(buf); if (m) { s.end(); resolve(Number(m[1])) } })
      s.on("error", () => resolve(0))
      s.write("INFO stats\r\n")
    })
    const confirmedOf = async (set) => (await client.query("select count(*)::int as n from order_lifecycle where payment_status = 'confirmed' and order_id = any($1)", [set.map((o) => o.order_id)])).rows[0].n
    const redis = { OM_REDIS: "true", REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379", OM_REDIS_NAMESPACE: `om-bench-${process.pid}-${Date.now()}` }
    const groups = {}
    const start = async (mode, extraPort) => {
      const p = spawn(medusa, ["develop"], { cwd: root, env: { ...env, ...redis, MEDUSA_WORKER_MODE: mode, ...(extraPort ? { PORT: String(extraPort) } : {}) }, stdio: ["ignore", "ignore", "inherit"], detached: true })
      processes.push(p)
      groups[mode === "server" ? "server" : `worker ${Object.keys(groups).length}`] = p.pid
      if (!(await waitUp(`http://127.0.0.1:${extraPort ?? port}/health`, 240))) throw new Error(`the ${mode} instance did not start within 4 minutes`)
      return p
    }
    await start("server")
    await start("worker", await freePort())

    const send = async (params) => {
      const t0 = performance.now()
      const r = await sim.deliver(env.OM_ALIPAY_NOTIFY_URL, params, [])
      return { ms: performance.now() - t0, ok: r.status === 200 && r.body === "success", detail: `${r.status} ${r.body}` }
    }
    /** Send a set's notifies, then wait (bounded) until every order is confirmed; times from the first notify. */
    const phase = async (name, set, during) => {
      const params = set.map(paid)
      const cpu0 = machineCpu()
      const byGroup0 = cpuByGroup(groups)
      const db0 = await dbStats()
      const redis0 = await redisCalls()
      const t0 = performance.now()
      const acks = await pool(params, concurrency, send)
      const ackSeconds = (performance.now() - t0) / 1000
      let confirmed = await confirmedOf(set)
      while (confirmed < set.length && (performance.now() - t0) / 1000 < limit) {
        await during?.(confirmed)
        await sleep(250)
        confirmed = await confirmedOf(set)
      }
      const drain = (performance.now() - t0) / 1000
      // all the machine's CPU the phase used (server, workers, PostgreSQL, Redis, the simulated platform, this
      // driver), per confirmed order: what bounds the orders per second any number of workers can reach here
      const cpu1 = machineCpu()
      const cpuMsPerOrder = confirmed ? ((cpu1.busy - cpu0.busy) * 1000) / confirmed : null
      const stealPct = (100 * (cpu1.steal - cpu0.steal)) / (drain * cores)
      const byGroup1 = cpuByGroup(groups)
      const cpuByProcess = Object.fromEntries(Object.keys(byGroup1).map((k) => [k, confirmed ? Number((((byGroup1[k] - (byGroup0[k] ?? 0)) * 1000) / confirmed).toFixed(1)) : null]))
      if (confirmed) cpuByProcess["database and the rest"] = Number((cpuMsPerOrder - Object.values(cpuByProcess).reduce((a, b) => a + b, 0)).toFixed(1))
      const db1 = await dbStats()
      const redis1 = await redisCalls()
      const dbPerOrder = Object.fromEntries(Object.keys(db1).map((k) => [k, confirmed ? Number(((db1[k] - db0[k]) / confirmed).toFixed(1)) : null]))
      const errors = acks.filter((a) => !a.ok)
      console.log(`BENCH callbacks ${name}: ${set.length} notifies acknowledged in ${ackSeconds.toFixed(1)} s (ack p50 ${pct(acks.map((a) => a.ms), 50).toFixed(0)} ms, p99 ${pct(acks.map((a) => a.ms), 99).toFixed(0)} ms, ${errors.length} errors); ${confirmed} of ${set.length} confirmed ${drain.toFixed(1)} s after the first notify: ${(confirmed / drain).toFixed(2)} orders/s`)
      if (errors.length) console.log(`BENCH callbacks ${name}: ack errors ${[...new Set(errors.map((e) => e.detail))].slice(0, 3).join(" | ")}`)
      if (cpuMsPerOrder) console.log(`BENCH callbacks ${name}: ${cpuMsPerOrder.toFixed(0)} ms of machine CPU per confirmed order (all processes; ${stealPct.toFixed(1)}% stolen by the host): at most ${((cores * 1000) / cpuMsPerOrder).toFixed(2)} orders/s on ${cores} cores`)
      if (confirmed) console.log(`BENCH callbacks ${name}: CPU ms per confirmed order by process: ${Object.entries(cpuByProcess).map(([k, v]) => `${k} ${v}`).join(", ")}`)
      if (confirmed) console.log(`BENCH callbacks ${name}: per confirmed order, database: ${Object.entries(dbPerOrder).map(([k, v]) => `${k} ${v}`).join(", ")}; Redis commands ${((redis1 - redis0) / confirmed).toFixed(1)}`)
      return { acks, ackSeconds, confirmed, drain, perSecond: confirmed / drain, errors: errors.length, cpuMsPerOrder, stealPct, cpuByProcess }
    }

    const one = await phase("1 worker", sets.one)
    // the same notifies again: duplicates (verify + inbox hit), and /health, as baselines for the acknowledgement
    const dupes = await pool(sets.one.map(paid), concurrency, send)
    const health = await pool(sets.one.slice(0, 500), concurrency, async () => { const t0 = performance.now(); await (await fetch(`http://127.0.0.1:${port}/health`)).text(); return { ms: performance.now() - t0 } })
    const second = await start("worker", await freePort())
    const two = await phase("2 workers", sets.two)

    // 3. kill -9 one worker a third of the way through
    let killedAt = null
    const killed = await phase("2 workers, one killed", sets.kill, async (confirmed) => {
      if (killedAt === null && confirmed >= sets.kill.length / 3) {
        kill(second, "SIGKILL")
        killedAt = confirmed
        console.log(`BENCH callbacks: kill -9 of the second worker after ${confirmed} of ${sets.kill.length} confirmed`)
      }
    })

    // every order confirmed exactly once: one capture per order, no capture beyond the order's price
    const all = [...sets.one, ...sets.two, ...sets.kill]
    const twice = (await client.query(`
      select opc.order_id, count(c.id)::int as captures from order_payment_collection opc
      join payment p on p.payment_collection_id = opc.payment_collection_id and p.deleted_at is null
      join capture c on c.payment_id = p.id and c.deleted_at is null
      where opc.order_id = any($1) group by opc.order_id having count(c.id) <> 1`, [all.map((o) => o.order_id)])).rows

    const metrics = {
      ack_p50_ms: Number(pct(one.acks.map((a) => a.ms), 50).toFixed(1)),
      ack_p99_ms: Number(pct(one.acks.map((a) => a.ms), 99).toFixed(1)),
      duplicate_ack_p50_ms: Number(pct(dupes.map((a) => a.ms), 50).toFixed(1)),
      health_p50_ms: Number(pct(health.map((a) => a.ms), 50).toFixed(1)),
      confirm_per_s_1_worker: Number(one.perSecond.toFixed(2)),
      confirm_per_s_2_workers: Number(two.perSecond.toFixed(2)),
      drain_s: Number(one.drain.toFixed(1)),
      drain_s_2_workers: Number(two.drain.toFixed(1)),
      kill_drain_s: Number(killed.drain.toFixed(1)),
      floor_per_s: Number(inproc.floor.per_s.toFixed(2)),
      apply_path_per_s: Number(inproc.plugin.per_s.toFixed(2)),
      statements_per_order: Number(inproc.plugin.statements_per_order.toFixed(1)),
      floor_statements_per_order: Number(inproc.floor.statements_per_order.toFixed(1)),
      cpu_ms_per_order_1_worker: one.cpuMsPerOrder === null ? null : Number(one.cpuMsPerOrder.toFixed(1)),
      cpu_ms_per_order_2_workers: two.cpuMsPerOrder === null ? null : Number(two.cpuMsPerOrder.toFixed(1)),
      cpu_bound_per_s: one.cpuMsPerOrder ? Number(((cores * 1000) / one.cpuMsPerOrder).toFixed(2)) : null,
      cores,
      steal_pct_2_workers: Number(two.stealPct.toFixed(1)),
      cpu_ms_per_order_by_process_1_worker: one.cpuByProcess,
      cpu_ms_per_order_by_process_2_workers: two.cpuByProcess,
    }
    const ratios = {
      vs_bare_processing: Number((inproc.plugin.per_s / inproc.floor.per_s).toFixed(2)),
      two_workers_vs_one: Number((two.perSecond / one.perSecond).toFixed(2)),
    }
    mkdirSync(path.join(root, ".bench-output"), { recursive: true })
    writeFileSync(path.join(root, ".bench-output", "callbacks.json"), JSON.stringify({ name: "callbacks", n, metrics, ratios }, null, 2))
    console.log(`BENCH callbacks: in process, Medusa's processPaymentWorkflow ${metrics.floor_per_s}/s, the plugin's apply path ${metrics.apply_path_per_s}/s: ${ratios.vs_bare_processing}x (target ≥ 0.8), ${metrics.statements_per_order} SQL statements per order`)
    console.log(`BENCH callbacks: 1 worker ${metrics.confirm_per_s_1_worker}/s, 2 workers ${metrics.confirm_per_s_2_workers}/s: ${ratios.two_workers_vs_one}x (target ≥ 1.7); ack p50 ${metrics.ack_p50_ms} ms, p99 ${metrics.ack_p99_ms} ms; duplicate p50 ${metrics.duplicate_ack_p50_ms} ms; /health p50 ${metrics.health_p50_ms} ms`)
    if (metrics.cpu_bound_per_s) console.log(`BENCH callbacks: the whole machine spends ${metrics.cpu_ms_per_order_1_worker} ms of CPU per order with 1 worker, ${metrics.cpu_ms_per_order_2_workers} ms with 2: ${cores} cores confirm at most ${metrics.cpu_bound_per_s} orders/s = ${(metrics.cpu_bound_per_s / metrics.confirm_per_s_1_worker).toFixed(2)}x one worker's rate, whatever the number of workers`)
    console.log(`BENCH callbacks: with one worker killed: ${killed.confirmed} of ${sets.kill.length} confirmed in ${metrics.kill_drain_s} s; orders captured other than once: ${twice.length}`)

    const failures = [
      one.confirmed < sets.one.length && `1 worker: ${one.confirmed} of ${sets.one.length} confirmed`,
      two.confirmed < sets.two.length && `2 workers: ${two.confirmed} of ${sets.two.length} confirmed`,
      killed.confirmed < sets.kill.length && `kill -9: ${killed.confirmed} of ${sets.kill.length} confirmed`,
      one.errors + two.errors + killed.errors > 0 && `${one.errors + two.errors + killed.errors} notifies not acknowledged`,
      twice.length > 0 && `${twice.length} orders captured other than once`,
      ratios.vs_bare_processing < 0.8 && `apply path ${ratios.vs_bare_processing}x the floor (target ≥ 0.8)`,
      ratios.two_workers_vs_one < 1.7 && `two workers ${ratios.two_workers_vs_one}x one (target ≥ 1.7)`,
    ].filter(Boolean)
    if (failures.length) throw new Error(failures.join("; "))
  } finally {
    for (const p of processes) kill(p)
    await client.end().catch(() => {})
    await sim.close()
  }
}
