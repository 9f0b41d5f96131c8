// npm run bench: benchmarks on a throwaway database.
//   BENCH=unpaid (default: all) — the unpaid-order release job vs a bare cancel loop (BENCH_ORDERS, default 10000)
//   BENCH=callbacks             — signed Alipay notifies through the real route (BENCH_NOTIFIES, default 2000)
//   BENCH=ledger                — balance ledger postings vs plain inserts (BENCH_LEDGER_POSTINGS, default 20000)
import path from "node:path"
import { fileURLToPath } from "node:url"
import { ensurePostgres, throwawayDatabase } from "../scripts/lib/postgres.mjs"
import { run } from "../scripts/lib/run.mjs"
import { benchCallbacks } from "./callbacks.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const medusa = path.join(root, "node_modules/.bin/medusa")
const which = (process.env.BENCH ?? "all").split(",")
const want = (name) => which.includes("all") || which.includes(name)
const pg = await ensurePostgres(root)
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
