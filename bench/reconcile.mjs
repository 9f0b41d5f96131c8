// Reconciliation benchmark (npm run bench; BENCH=reconcile): a platform's bill of 100,000 rows (BENCH_RECONCILE_ROWS)
// parsed streaming and reconciled against the store (issue #20: under 30 s on this machine).
//
// Store side: the shared generated database (bench/lib/orders-database.mjs, BENCH_RECONCILE_ORDERS, default 1,000,000
// orders: ~930,000 captured payments with their captures, ~53,000 refunds, over 90 days), copied so it stays as
// generated. Its orders already have Medusa's payments, captures, payment collections, sessions and order links, so the
// benchmark re-points the bill's store payments (99,250 for a 100,000-row bill: its payment rows of known trades plus
// the ones planted missing at the platform) to one provider (WeChat Pay by default, BENCH_RECONCILE_PROVIDER=alipay for
// Alipay) on one day, with the provider's payment data and a payment_trade row each, rather than inserting a store of
// its own: the store-side SQL (src/workflows/reconciliation/store-side.ts) then runs against realistically sized tables
// (a million orders and payments, every other provider and day still there), which a throwaway database holding only
// the day's payments would not show. See bench/reconcile-run.ts for the setup and the planted differences (~1 %:
// amount, missing in the store, missing at the platform, refunds) and for what is timed.
//
// The bill is generated here in the platform's real format (WeChat Pay: the gzipped 27-column backtick CSV with its
// summary lines; Alipay: the GBK csv.zip), not by the simulators.
//
// Measured in one process, one run: (a) baseline: parsing only (the ParsedBill's rows iterated and counted);
// (b) the full reconcileBill (parse + store lookups + matching + completeRun storing the differences: the run is
// completed); then, apart, (c) the anomalies executeRun and an upload open right after it for money missing in the
// store. Prints rows/s of (a) and (b), the ratio, seconds, (c)'s seconds, the differences found by type against the
// planted ones, peak RSS, where (b)'s time went (its stretches, SQL by statement, service steps) and the store-side
// query plans; writes .bench-output/reconcile.json.
//
// PASS: the full reconciliation (b) of the bill in at most RECONCILE_MAX_SECONDS (default 30) and every planted
// difference found, exactly (the count per type, stored, and after (c) an anomaly per payment missing in the store);
// otherwise it throws (bench/run.mjs exits 1): a failing result, not a number.
// BENCH_RECONCILE_KEEP=1 keeps the copied database afterwards (to EXPLAIN the store-side SQL by hand);
// BENCH_RECONCILE_PLANS=1 prints the store-side statements' full query plans; BENCH_RECONCILE_CPU_PROFILE=<path> writes
// a CPU profile of the full reconciliation (open it in Chrome DevTools).
import { spawn } from "node:child_process"
import { generateKeyPairSync, randomBytes } from "node:crypto"
import { mkdirSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import pgPkg from "pg"
import { ordersDatabase } from "./lib/orders-database.mjs"

/** PASS: the full reconciliation of the bill within this many seconds. */
const MAX_SECONDS = Number(process.env.RECONCILE_MAX_SECONDS ?? 30)
const r1 = (x) => Number(x.toFixed(1))
const r2 = (x) => Number(x.toFixed(2))

/** Runs `medusa exec ./bench/reconcile-run.ts`, echoing its progress lines; resolves with the RECONCILE_RESULT object. */
function runInProcess(medusa, root, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(medusa, ["exec", "./bench/reconcile-run.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    let result = null
    let buf = ""
    const tail = []
    child.stdout.on("data", (b) => {
      buf += b.toString("utf8")
      let i
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 1)
        if (line.startsWith("RECONCILE_RESULT ")) result = JSON.parse(line.slice("RECONCILE_RESULT ".length))
        else if (line.startsWith("[reconcile]") || line.startsWith("---") || process.env.BENCH_RECONCILE_PLANS === "1") console.log(line)
        tail.push(line)
        if (tail.length > 60) tail.shift()
      }
    })
    child.stderr.on("data", (b) => tail.push(b.toString("utf8")))
    child.on("error", reject)
    child.on("close", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`bench/reconcile-run.ts exited ${code}${result ? "" : " without a result"}\n${tail.join("\n").slice(-4000)}`))))
  })
}

/** The provider's options in the environment medusa-config reads (keys made for this run; no gateway is called). */
function providerEnv() {
  const pem = (k, type) => k.export({ type, format: "pem" })
  const merchant = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const platform = generateKeyPairSync("rsa", { modulusLength: 2048 })
  return {
    OM_WECHAT_MCHID: "1900000109",
    OM_WECHAT_APPID: "wxd678efh567hg6787",
    OM_WECHAT_SERIAL: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
    OM_WECHAT_PRIVATE_KEY: pem(merchant.privateKey, "pkcs8"),
    OM_WECHAT_PLATFORM_KEYS: JSON.stringify({ PUB_KEY_ID_0000000000000000000000000000: pem(platform.publicKey, "spki") }),
    OM_WECHAT_REQUEST_SERIAL: "PUB_KEY_ID_0000000000000000000000000000",
    OM_WECHAT_APIV3_KEY: randomBytes(16).toString("hex"),
    OM_WECHAT_BASE_URL: "http://127.0.0.1:9",
    OM_WECHAT_NOTIFY_URL: "http://localhost:9000/hooks/order-management/wechatpay",
    OM_ALIPAY_APP_ID: "2021000000000001",
    OM_ALIPAY_PRIVATE_KEY: pem(merchant.privateKey, "pkcs8"),
    OM_ALIPAY_PUBLIC_KEY: pem(platform.publicKey, "spki"),
    OM_ALIPAY_SELLER_ID: "2088000000000001",
    OM_ALIPAY_GATEWAY_URL: "http://127.0.0.1:9/gateway.do",
    OM_ALIPAY_NOTIFY_URL: "http://localhost:9000/hooks/order-management/alipay",
    // the channels' fee (0.6 %, as both platforms charge): the reconciliation compares every row's fee with it
    OM_PAYMENT_CHANNELS: process.env.OM_PAYMENT_CHANNELS ?? JSON.stringify({ wechatpay: { fee: { rateBps: 60 } }, alipay: { fee: { rateBps: 60 } } }),
  }
}

export async function benchReconcile({ root, medusa, pg, baseEnv }) {
  const rows = Number(process.env.BENCH_RECONCILE_ROWS ?? 100_000)
  const n = Number(process.env.BENCH_RECONCILE_ORDERS ?? 1_000_000)
  const source = await ordersDatabase({ root, medusa, pg, baseEnv, n })
  // a copy to write on: the generated database is shared by the other benchmarks
  const name = `om_bench_reconcile_${Date.now()}`
  const admin = new pgPkg.Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: "postgres" })
  await admin.connect()
  try {
    let t = Date.now()
    await admin.query(`create database ${name} template ${source.name}`)
    console.log(`[reconcile] copied ${source.name} in ${((Date.now() - t) / 1000).toFixed(1)} s`)
    const auth = pg.password ? `${pg.user}:${pg.password}` : pg.user
    const url = `postgres://${auth}@${pg.host}:${pg.port}/${name}`
    const load = os.loadavg().map((x) => x.toFixed(2)).join(", ")
    const r = await runInProcess(medusa, root, { ...baseEnv, ...providerEnv(), DATABASE_URL: url, BENCH_RECONCILE_ROWS: String(rows) })
    const loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(", ")
    const parseS = r.parse.ms / 1000
    const fullS = r.full.ms / 1000
    const metrics = {
      parse_rows_per_s: Math.round(r.n / parseS),
      reconcile_rows_per_s: Math.round(r.n / fullS),
      reconcile_s: r2(fullS),
      parse_s: r2(parseS),
      rss_mb: r1(r.full.rss_peak_mb),
      parse_rss_mb: r1(r.parse.rss_peak_mb),
      rss_before_mb: r1(r.full.rss_before_mb),
      heap_mb: r1(r.full.heap_peak_mb),
      heap_before_mb: r1(r.full.heap_before_mb),
      parse_heap_mb: r1(r.parse.heap_peak_mb),
      max_rss_mb: r1(r.max_rss_mb),
      // executeRun / an upload open these right after the run completed (not in reconcile_s)
      anomalies_s: r2(r.anomalies.ms / 1000),
      anomalies_opened: r.anomalies_opened,
      reconcile_and_anomalies_s: r2(fullS + r.anomalies.ms / 1000),
      differences: r.found,
      planted: r.expected,
      matched: r.full.matched,
      rows: r.full.rows,
      store_payments_of_day: r.database.store_payments_of_day,
      database: { orders: r.database.orders, payments: r.database.payments, captures: r.database.captures, refunds: r.database.refunds },
      bill_bytes: r.bill_bytes,
      load_before: load,
      load_after: loadAfter,
    }
    const ratios = { reconcile_vs_parse: r2(fullS / parseS) }
    const byType = (o) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(", ") || "none"
    console.log(`BENCH reconcile: ${r.platform} bill of ${r.n} rows for ${r.day} (${(r.bill_bytes / 1048576).toFixed(1)} MB), store: ${r.database.store_payments_of_day} payments captured that day among ${r.database.payments} payments / ${r.database.orders} orders`)
    console.log(`BENCH reconcile: parse only (baseline)   ${metrics.parse_s} s  ${metrics.parse_rows_per_s} rows/s  RSS peak ${metrics.parse_rss_mb} MB, JS heap peak ${metrics.parse_heap_mb} MB (before ${r1(r.parse.heap_before_mb)} MB)`)
    console.log(`BENCH reconcile: full reconcileBill      ${metrics.reconcile_s} s  ${metrics.reconcile_rows_per_s} rows/s  RSS peak ${metrics.rss_mb} MB (before ${metrics.rss_before_mb} MB), JS heap peak ${metrics.heap_mb} MB (before ${metrics.heap_before_mb} MB)`)
    console.log(`BENCH reconcile: full ÷ parse            ${ratios.reconcile_vs_parse}x`)
    console.log(`BENCH reconcile: differences found       ${byType(r.found)}; planted ${byType(r.expected)}; matched ${r.full.matched} (expected ${r.expected_matched}); anomalies opened ${r.anomalies_opened}; bill summary agrees ${r.bill_summary_agrees}`)
    const tl = r.timeline
    if (tl) console.log(`BENCH reconcile: reconcileBill's stretches: the day's store payments read ${r2(tl.store_day_read_ms / 1000)} s; the bill streamed, looked up and matched ${r2(tl.stream_and_match_ms / 1000)} s; completeRun ${r2(tl.complete_run_ms / 1000)} s; after it ${r2(tl.after_complete_run_ms / 1000)} s`)
    console.log(`BENCH reconcile: then the anomalies (executeRun/upload, after the run completed): ${r2(r.anomalies.ms / 1000)} s for ${r.anomalies_opened}; ${r.anomalies.steps.map((s) => `${s.name} ${s.n}× ${s.ms} ms`).join("; ")}; SQL ${r.anomalies.sql.slice(0, 5).map((s) => `${s.kind} ${s.n}× ${s.ms} ms`).join("; ")}`)
    console.log(`BENCH reconcile: where the time went: SQL ${r.sql.slice(0, 6).map((s) => `${s.kind} ${s.n}× ${s.ms} ms`).join("; ")}`)
    console.log(`BENCH reconcile: steps ${r.steps.map((s) => `${s.name} ${s.n}× ${s.ms} ms`).join("; ")}`)
    console.log(`BENCH reconcile: plans ${r.plans.map((p) => `${p.name} ${p.ms} ms${p.seq_scans.length ? ` (seq scan: ${p.seq_scans.join(" | ")})` : ""}`).join("; ")}`)
    console.log(`BENCH reconcile: load average ${load} before, ${loadAfter} after (${os.cpus().length} cores); pass when the full reconciliation takes <= ${MAX_SECONDS} s and every planted difference is found`)
    mkdirSync(path.join(root, ".bench-output"), { recursive: true })
    writeFileSync(
      path.join(root, ".bench-output", "reconcile.json"),
      JSON.stringify({ name: "reconcile", n: r.n, metrics, ratios, target: { max_seconds: MAX_SECONDS, differences: "every planted one, exactly" }, platform: r.platform, day: r.day, setup_s: r.setup_s, timeline: r.timeline, sql: r.sql, steps: r.steps, plans: r.plans, failures: r.failures }, null, 2)
    )
    const failures = [...r.failures]
    if (fullS > MAX_SECONDS) failures.unshift(`the full reconciliation of ${r.n} rows took ${metrics.reconcile_s} s (target <= ${MAX_SECONDS} s)`)
    if (failures.length) throw new Error(failures.join("; "))
  } finally {
    // BENCH_RECONCILE_KEEP=1 keeps the copy (the day's payments, the run and its differences) to profile with psql
    if (process.env.BENCH_RECONCILE_KEEP === "1") console.log(`[reconcile] kept database ${name} (drop it when done: drop database ${name})`)
    else await admin.query(`drop database if exists ${name} with (force)`).catch(() => {})
    await admin.end()
  }
}
