// npm run bench: benchmarks on a throwaway database (BENCH_ORDERS=N, default 10000).
import { spawnSync } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { ensurePostgres, throwawayDatabase } from "../scripts/lib/postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const medusa = path.join(root, "node_modules/.bin/medusa")
const pg = await ensurePostgres(root)
const db = await throwawayDatabase(pg, "om_bench")
const env = { ...process.env, DATABASE_URL: db.url, OM_RELEASE_UNPAID: "false", MEDUSA_ADMIN_DISABLE: "true", LOG_LEVEL: "warn" }
let rc = 0
try {
  for (const args of [["db:migrate"], ["exec", "./bench/unpaid-release.bench.ts"]]) {
    const r = spawnSync(medusa, args, { cwd: root, env, stdio: args[0] === "exec" ? "inherit" : "ignore" })
    if (r.status !== 0) { rc = r.status ?? 1; console.error(`medusa ${args.join(" ")} exited ${r.status}`); break }
  }
} finally {
  await db.drop()
  await pg.stop()
}
process.exit(rc)
