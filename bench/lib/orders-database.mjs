// The generated million-order database, kept between benchmark runs: one database per (N, generator version), named
// om_bench_orders_v<version>_<N>. A run reuses it when bench_generator says it is complete; BENCH_REBUILD=1 (or a
// different version) rebuilds it. See bench/generate-orders.ts for what it holds.
import path from "node:path"
import { readFileSync } from "node:fs"
import pgPkg from "pg"
import { run } from "../../scripts/lib/run.mjs"

/** The generator's version, read from its source (bench/lib/generator-shape.ts) so the two cannot disagree. */
export function generatorVersion(root) {
  const m = /GENERATOR_VERSION = (\d+)/.exec(readFileSync(path.join(root, "bench/lib/generator-shape.ts"), "utf8"))
  if (!m) throw new Error("bench/lib/generator-shape.ts: GENERATOR_VERSION not found")
  return Number(m[1])
}

/**
 * A database with `n` generated orders (1,000 … 1,000,000), built on first use and kept: returns `{ url, name, n,
 * reused, generation }` (generation: the bench_generator row, with seconds and rows per table). `pg` is what
 * ensurePostgres returned; `medusa` the CLI; `baseEnv` the environment for `medusa exec`.
 */
export async function ordersDatabase({ root, medusa, pg, baseEnv, n, rebuild = process.env.BENCH_REBUILD === "1" }) {
  if (!Number.isInteger(n) || n < 1000 || n > 1_000_000) throw new Error(`BENCH_ORDERS must be an integer from 1,000 to 1,000,000, got ${n}`)
  const version = generatorVersion(root)
  const name = `om_bench_orders_v${version}_${n}`
  const auth = pg.password ? `${pg.user}:${pg.password}` : pg.user
  const url = `postgres://${auth}@${pg.host}:${pg.port}/${name}`
  const admin = new pgPkg.Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: "postgres" })
  await admin.connect()
  try {
    const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount > 0
    if (exists && !rebuild) {
      const db = new pgPkg.Client({ connectionString: url })
      await db.connect()
      const done = await db.query("select * from bench_generator where version = $1 and n = $2", [version, n]).catch(() => ({ rows: [] }))
      await db.end()
      if (done.rows[0]) {
        console.log(`[generator] reusing ${name} (generated ${done.rows[0].generated_at.toISOString()} in ${done.rows[0].seconds} s; BENCH_REBUILD=1 rebuilds it)`)
        // the plugin's migrations written since the database was generated (new tables and indexes) apply to it too
        await run(medusa, ["db:migrate"], { cwd: root, env: { ...baseEnv, DATABASE_URL: url } })
        return { url, name, n, reused: true, generation: done.rows[0] }
      }
      console.log(`[generator] ${name} is incomplete: rebuilding`)
    }
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const env = { ...baseEnv, DATABASE_URL: url, BENCH_ORDERS: String(n) }
  await run(medusa, ["db:migrate"], { cwd: root, env })
  await run(medusa, ["exec", "./bench/generate-orders.ts"], { cwd: root, env, inherit: true })
  const db = new pgPkg.Client({ connectionString: url })
  await db.connect()
  const { rows: [generation] } = await db.query("select * from bench_generator where version = $1 and n = $2", [version, n])
  await db.end()
  if (!generation) throw new Error(`the generator did not finish ${name}`)
  return { url, name, n, reused: false, generation }
}
