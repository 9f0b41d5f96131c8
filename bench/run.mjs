// npm run bench: benchmarks on a throwaway database (BENCH_ORDERS=N, default 10000).
import { spawnSync } from "node:child_process"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pgPkg from "pg"
import { ensurePostgres } from "../scripts/lib/postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const medusa = path.join(root, "node_modules/.bin/medusa")
const pg = await ensurePostgres(root)
const db = `om_bench_${Date.now()}`
const admin = new pgPkg.Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: "postgres" })
await admin.connect()
await admin.query(`create database ${db}`)
const auth = pg.password ? `${pg.user}:${pg.password}` : pg.user
const env = { ...process.env, DATABASE_URL: `postgres://${auth}@${pg.host}:${pg.port}/${db}`, OM_RELEASE_UNPAID: "false", MEDUSA_ADMIN_DISABLE: "true", LOG_LEVEL: "warn" }
let rc = 0
try {
  for (const args of [["db:migrate"], ["exec", "./bench/unpaid-release.bench.ts"]]) {
    const r = spawnSync(medusa, args, { cwd: root, env, stdio: args[0] === "exec" ? "inherit" : "ignore" })
    if (r.status !== 0) { rc = r.status ?? 1; console.error(`medusa ${args.join(" ")} exited ${r.status}`); break }
  }
} finally {
  await admin.query(`drop database if exists ${db} with (force)`).catch(() => {})
  await admin.end()
  await pg.stop()
}
process.exit(rc)
