// Risk benchmark (npm run bench; BENCH=risk): the latency the plugin's risk checks add to cart completion, with
// 10,000 blacklist entries (BENCH_RISK_BLACKLIST) and 100,000 recent orders (BENCH_RISK_ORDERS: the shared generated
// database, bench/lib/orders-database.mjs, copied so it stays as generated) and a checkout assessment per order,
// against cart completion without the risk checks, in the same process and run (interleaved). See bench/risk-run.ts
// for what is timed. p50 / p99 of both, the added ms and the ratio; writes .bench-output/risk.json and fails when
// the pass condition is missed (see PASS below; docs/risk.md#benchmark says why): every checkout completed, no
// statement of the assessment scans a big table, and the checks add at most 30 % to Medusa's completion at the median.
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import path from "node:path"
import pgPkg from "pg"
import { ordersDatabase } from "./lib/orders-database.mjs"

/** PASS: cart completion with the risk checks at most this many times Medusa's own, at the median. */
const MAX_P50_RATIO = Number(process.env.RISK_MAX_P50_RATIO ?? 1.3)
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]
const r1 = (x) => Number(x.toFixed(1))
const r2 = (x) => Number(x.toFixed(2))

/** Runs `medusa exec ./bench/risk-run.ts`, echoing its progress lines; resolves with the RISK_RESULT object. */
function runInProcess(medusa, root, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(medusa, ["exec", "./bench/risk-run.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    let result = null
    let buf = ""
    const tail = []
    child.stdout.on("data", (b) => {
      buf += b.toString("utf8")
      let i
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 1)
        if (line.startsWith("RISK_RESULT ")) result = JSON.parse(line.slice("RISK_RESULT ".length))
        else if (line.startsWith("[risk]") || line.startsWith("---") || process.env.BENCH_RISK_PLANS === "1") console.log(line)
        tail.push(line)
        if (tail.length > 60) tail.shift()
      }
    })
    child.stderr.on("data", (b) => tail.push(b.toString("utf8")))
    child.on("error", reject)
    child.on("close", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`bench/risk-run.ts exited ${code}${result ? "" : " without a result"}\n${tail.join("\n").slice(-4000)}`))))
  })
}

export async function benchRisk({ root, medusa, pg, baseEnv }) {
  const n = Number(process.env.BENCH_RISK_ORDERS ?? 100_000)
  const source = await ordersDatabase({ root, medusa, pg, baseEnv, n })
  // a copy to write on: the generated database is shared by the other benchmarks
  const name = `om_bench_risk_${Date.now()}`
  const admin = new pgPkg.Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: "postgres" })
  await admin.connect()
  try {
    await admin.query(`create database ${name} template ${source.name}`)
    const auth = pg.password ? `${pg.user}:${pg.password}` : pg.user
    const url = `postgres://${auth}@${pg.host}:${pg.port}/${name}`
    const r = await runInProcess(medusa, root, { ...baseEnv, DATABASE_URL: url, BENCH_RISK_CHECKOUTS: process.env.BENCH_RISK_CHECKOUTS ?? "100" })
    const m = {
      p50_ms: r1(pct(r.with_rules, 50)),
      p99_ms: r1(pct(r.with_rules, 99)),
      baseline_p50_ms: r1(pct(r.baseline, 50)),
      baseline_p99_ms: r1(pct(r.baseline, 99)),
    }
    const metrics = {
      ...m,
      added_p50_ms: r1(m.p50_ms - m.baseline_p50_ms),
      added_p99_ms: r1(m.p99_ms - m.baseline_p99_ms),
      // the risk checks' own time per checkout (blacklist + rules + the stored assessment), measured directly
      checks_p50_ms: r1(pct(r.rules_only, 50)),
      checks_p99_ms: r1(pct(r.rules_only, 99)),
      blacklist_entries: r.blacklist_entries,
      recent_orders: r.recent_orders,
      assessments: r.assessments_before,
      rules: r.rules,
      checkouts_per_arm: r.checkouts,
    }
    const ratios = { p50_vs_baseline: r2(m.p50_ms / m.baseline_p50_ms), p99_vs_baseline: r2(m.p99_ms / m.baseline_p99_ms) }
    console.log(`BENCH risk: cart completion with ${r.blacklist_entries} blacklist entries, ${r.recent_orders} recent orders, ${r.rules} rules; ${r.checkouts} checkouts per arm`)
    console.log(`BENCH risk: with the risk checks  p50 ${m.p50_ms} ms  p99 ${m.p99_ms} ms`)
    console.log(`BENCH risk: without (baseline)    p50 ${m.baseline_p50_ms} ms  p99 ${m.baseline_p99_ms} ms`)
    console.log(`BENCH risk: added                 p50 ${metrics.added_p50_ms} ms  p99 ${metrics.added_p99_ms} ms; ratio p50 ${ratios.p50_vs_baseline}x  p99 ${ratios.p99_vs_baseline}x`)
    console.log(`BENCH risk: the checks' own time  p50 ${metrics.checks_p50_ms} ms  p99 ${metrics.checks_p99_ms} ms`)
    console.log(`BENCH risk: pass when the p50 ratio <= ${MAX_P50_RATIO} and no statement scans a big table`)
    console.log(`BENCH risk: assessments ${JSON.stringify(r.actions)}; plans: ${r.plans.map((p) => `${p.name} ${p.ms} ms${p.seq_scans.length ? " (seq scan)" : ""}`).join(", ")}`)
    mkdirSync(path.join(root, ".bench-output"), { recursive: true })
    writeFileSync(path.join(root, ".bench-output", "risk.json"), JSON.stringify({ name: "risk", n: r.recent_orders, metrics, ratios, target: { max_p50_ratio: MAX_P50_RATIO, seq_scans: 0 }, blacklist_by_type: r.blacklist_by_type, actions: r.actions, plans: r.plans }, null, 2))
    const failures = []
    if (ratios.p50_vs_baseline > MAX_P50_RATIO) failures.push(`completion with the risk checks is ${ratios.p50_vs_baseline}x Medusa's own at p50 (target <= ${MAX_P50_RATIO}x)`)
    const seq = r.plans.filter((p) => p.seq_scans.length)
    if (seq.length) failures.push(`sequential scans: ${seq.map((p) => p.name).join(", ")}`)
    if (failures.length) throw new Error(failures.join("; "))
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {})
    await admin.end()
  }
}
