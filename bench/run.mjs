// npm run bench: benchmarks on a throwaway database.
//   BENCH=unpaid (default: all) — the unpaid-order release job vs a bare cancel loop (BENCH_ORDERS, default 10000)
//   BENCH=callbacks             — signed Alipay notifies through the real route (BENCH_NOTIFIES, default 2000)
//   BENCH=ledger                — balance ledger postings vs plain inserts (BENCH_LEDGER_POSTINGS, default 20000)
//   BENCH=generate              — only build (or find) the generated database of BENCH_ORDERS orders (default 1,000,000)
//   BENCH=list                  — the order list at BENCH_LIST_SIZES generated orders (default 100000,1000000) vs Medusa's
//   BENCH=stats                 — the statistics page at BENCH_STATS_SIZES generated orders (default 100000,1000000): the
//                                 90-day rebuild, the page's request, vs in-memory query.graph and a single SQL aggregate
//   BENCH=export                — order export at BENCH_EXPORT_SIZES (default 100000,1000000): CSV/XLSX vs COPY, RSS,
//                                 vs Medusa's own export at 100,000, a PDF of 10,000 rows
//   BENCH=risk                  — the risk checks' added latency at cart completion (10,000 blacklist entries, 100,000
//                                 generated orders; BENCH_RISK_CHECKOUTS per arm, default 100) vs completion without them
//   BENCH=reconcile             — a WeChat Pay bill of BENCH_RECONCILE_ROWS rows (default 100,000; BENCH_RECONCILE_PROVIDER=alipay
//                                 for Alipay's ZIP) reconciled against ~99,250 payments of one day in a copy of the generated
//                                 BENCH_RECONCILE_ORDERS database (default 1,000,000): full reconcileBill vs parsing only, rows/s,
//                                 every planted difference found, <= RECONCILE_MAX_SECONDS (30)
// The generated databases are kept between runs (one per size and generator version; BENCH_REBUILD=1 rebuilds).
import path from "node:path"
import { fileURLToPath } from "node:url"
import { ensurePostgres, throwawayDatabase } from "../scripts/lib/postgres.mjs"
import { run } from "../scripts/lib/run.mjs"
import { benchCallbacks } from "./callbacks.mjs"
import { benchList } from "./list.mjs"
import { benchStats } from "./stats.mjs"
import { benchExport } from "./export.mjs"
import { benchRisk } from "./risk.mjs"
import { benchReconcile } from "./reconcile.mjs"
import { ordersDatabase } from "./lib/orders-database.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const medusa = path.join(root, "node_modules/.bin/medusa")
const which = (process.env.BENCH ?? "all").split(",")
const want = (name) => which.includes("all") || which.includes(name)
// persistent: an embedded PostgreSQL keeps its data directory, so the generated databases survive the run
const pg = await ensurePostgres(root, { persistent: true, dir: "bench-pg" })
const baseEnv = { ...process.env, OM_RELEASE_UNPAID: "false", MEDUSA_ADMIN_DISABLE: "true", LOG_LEVEL: "warn" }
let rc = 0

async function onDatabase(prefix, fn) {
  const db = await throwawayDatabase(pg, prefix)
  try {
    await run(medusa, ["db:migrate"], { cwd: root, env: { ...baseEnv, DATABASE_URL: db.url } })
    await fn(db.url)
  } catch (e) {
    rc = 1
    console.error(`bench ${prefix}: ${e.message}`)
  } finally {
    await db.drop()
  }
}

try {
  if (which.includes("generate")) {
    try {
      const db = await ordersDatabase({ root, medusa, pg, baseEnv, n: Number(process.env.BENCH_ORDERS ?? 1_000_000) })
      console.log(`BENCH generate: ${db.name}: ${db.n} orders, ${db.reused ? "reused" : `generated in ${db.generation.seconds} s`}; rows ${JSON.stringify(db.generation.rows)}; ${(Number(db.generation.database_bytes) / 1024 ** 3).toFixed(2)} GiB`)
    } catch (e) {
      rc = 1
      console.error(`bench generate: ${e.message}`)
    }
  }
  if (want("list")) {
    try {
      await benchList({ root, medusa, pg, baseEnv })
    } catch (e) {
      rc = 1
      console.error(`bench list: ${e.message}`)
    }
  }
  if (want("stats")) {
    try {
      await benchStats({ root, medusa, pg, baseEnv })
    } catch (e) {
      rc = 1
      console.error(`bench stats: ${e.message}`)
    }
  }
  if (want("export")) {
    try {
      await benchExport({ root, medusa, pg, baseEnv })
    } catch (e) {
      rc = 1
      console.error(`bench export: ${e.message}`)
    }
  }
  if (want("risk")) {
    try {
      await benchRisk({ root, medusa, pg, baseEnv })
    } catch (e) {
      rc = 1
      console.error(`bench risk: ${e.message}`)
    }
  }
  if (want("reconcile")) {
    try {
      await benchReconcile({ root, medusa, pg, baseEnv })
    } catch (e) {
      rc = 1
      console.error(`bench reconcile: ${e.message}`)
    }
  }
  if (want("callbacks")) {
    await onDatabase("om_bench_cb", (url) => benchCallbacks({ root, medusa, databaseUrl: url, baseEnv }))
  }
  if (want("ledger")) {
    await onDatabase("om_bench_ledger", async (url) => {
      await run(medusa, ["exec", "./bench/ledger.bench.ts"], { cwd: root, env: { ...baseEnv, DATABASE_URL: url }, inherit: true })
    })
  }
  if (want("unpaid")) {
    await onDatabase("om_bench", async (url) => {
      await run(medusa, ["exec", "./bench/unpaid-release.bench.ts"], { cwd: root, env: { ...baseEnv, DATABASE_URL: url }, inherit: true })
    })
  }
} finally {
  await pg.stop()
}
process.exit(rc)
