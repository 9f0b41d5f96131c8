// npm run test:pack: the packaging check. Packs the built plugin (run
// `npm run build` first), installs the tarball into a fresh throwaway store
// with its own package.json and medusa-config, migrates, builds and boots it,
// and checks that the plugin's module, routes and admin extension loaded.
import { spawn } from "node:child_process"
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import pgPkg from "pg"
import { ensurePostgres, throwawayDatabase } from "./lib/postgres.mjs"
import { run } from "./lib/run.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"))
const results = []
const check = (name, ok, detail = "") => {
  results.push({ name, ok })
  console.log(`  ${ok ? "✓" : "✕"} ${name}${detail ? ` — ${detail}` : ""}`)
}
// never spawnSync: a blocked event loop keeps a connection the server closed meanwhile (scripts/lib/run.mjs)
const sh = (cmd, args, cwd, env = process.env) => run(cmd, args, { cwd, env })

if (!existsSync(path.join(root, ".medusa/server/src/admin/index.mjs"))) {
  console.error("pack-check: build the plugin first (npm run build)")
  process.exit(1)
}

const work = mkdtempSync(path.join(os.tmpdir(), "om-host-"))
const pg = await ensurePostgres(root)
const db = await throwawayDatabase(pg, "om_pack")
const dbName = db.name
let server = null
try {
  const tgzName = (await sh("npm", ["pack", "--pack-destination", work, "--silent"], root)).trim().split("\n").pop()
  const tgz = path.join(work, tgzName)
  const files = (await sh("tar", ["-tzf", tgz], work)).split("\n").filter(Boolean)
  check("tarball ships only the built plugin", files.every((f) => f.startsWith("package/.medusa/server/") || /^package\/(package\.json|README\.md|LICENSE)$/.test(f)) && !files.some((f) => /medusa-config|__tests__|integration-tests/.test(f)), `${files.length} files`)

  const host = path.join(work, "store")
  mkdirSync(host)
  const medusaVersion = pkg.devDependencies["@medusajs/medusa"]
  writeFileSync(path.join(host, "package.json"), JSON.stringify({
    name: "throwaway-store", private: true, version: "0.0.0",
    dependencies: {
      "@medusajs/medusa": medusaVersion, "@medusajs/framework": medusaVersion, "@medusajs/cli": medusaVersion,
      "@medusajs/admin-sdk": medusaVersion, "@medusajs/draft-order": medusaVersion, "@medusajs/icons": medusaVersion,
      "@medusajs/js-sdk": medusaVersion, "@medusajs/ui": pkg.devDependencies["@medusajs/ui"],
      "@swc/core": pkg.devDependencies["@swc/core"], "react": "^18.3.1", "react-dom": "^18.3.1",
      "typescript": pkg.devDependencies.typescript, "ts-node": pkg.devDependencies["ts-node"], "vite": pkg.devDependencies.vite,
      "medusa-order-management": `file:${tgz}`,
    },
  }, null, 2))
  writeFileSync(path.join(host, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2021", esModuleInterop: true, module: "Node16", moduleResolution: "Node16",
      emitDecoratorMetadata: true, experimentalDecorators: true, skipLibCheck: true, declaration: false,
      outDir: "./.medusa/server", rootDir: "./", jsx: "react-jsx", resolveJsonModule: true, strictNullChecks: true,
    },
    "ts-node": { swc: true },
    include: ["**/*", ".medusa/types/*"],
    exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
  }, null, 2))
  writeFileSync(path.join(host, "medusa-config.ts"), `
import { defineConfig } from "@medusajs/framework/utils"
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    cookieOptions: { secure: false },
    http: { jwtSecret: "host-secret", cookieSecret: "host-secret", adminCors: "*", storeCors: "*", authCors: "*" },
  },
  plugins: [{ resolve: "medusa-order-management", options: { autoCompleteAfterDays: 3, orderNumber: { prefix: "HOST" } } }],
  // two of the plugin's providers, by package path as a store registers them
  modules: [{ resolve: "@medusajs/medusa/payment", options: { providers: [
    { resolve: "medusa-order-management/providers/balance", id: "balance", options: {} },
    { resolve: "medusa-order-management/providers/bank-transfer", id: "bank-transfer", options: { accounts: [{ bank_name: "Host Bank", account_name: "Host Ltd", account_number: "6222 0000 1111 2222" }] } },
  ] } }],
})
`)
  console.log(`[pack] installing the tarball into ${host}`)
  await sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], host)
  const env = { ...process.env, DATABASE_URL: db.url, NODE_ENV: "production", PORT: "9200" }
  const medusa = path.join(host, "node_modules/.bin/medusa")
  console.log("[pack] migrating")
  await sh(medusa, ["db:migrate"], host, env)
  const c = new pgPkg.Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: dbName })
  await c.connect()
  const t = await c.query("select table_name from information_schema.tables where table_schema='public' and table_name in ('order_lifecycle','order_lifecycle_event','order_note','balance_account','balance_entry')")
  check("db:migrate creates the plugin's tables (both modules)", t.rows.length === 5, t.rows.map((r) => r.table_name).join(", "))
  const linkTable = await c.query("select table_name from information_schema.tables where table_schema='public' and table_name like '%order_management%order_lifecycle%'")
  check("db:migrate syncs the order ⇄ lifecycle link", linkTable.rows.length === 1)
  await c.end()

  console.log("[pack] building the store (backend and admin)")
  await sh(medusa, ["build"], host, env)
  const assets = path.join(host, ".medusa/server/public/admin/assets")
  const bundle = readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => readFileSync(path.join(assets, f), "utf8")).join("\n")
  check("the store's admin build contains the lifecycle widget", bundle.includes("medusa-order-management.order-lifecycle") && bundle.includes("om-lifecycle-widget"))
  check("the store's admin build contains the balance widget and the payment-channels settings page", bundle.includes("om-balance-widget") && bundle.includes("om-channels-page"))
  // recharts and csv-stringify are the plugin's dependencies: the store's admin build bundles them from its install
  check("the store's admin build contains the statistics page with its charts and CSV", bundle.includes("om-stats-page") && bundle.includes("recharts-line-curve") && bundle.includes("record_delimiter"))

  console.log("[pack] starting the built store")
  server = spawn(path.join(host, "node_modules/.bin/medusa"), ["start"], { cwd: path.join(host, ".medusa/server"), env, detached: true, stdio: "ignore" })
  let up = false
  for (let i = 0; i < 120 && !up; i++) {
    up = await fetch("http://localhost:9200/health").then((r) => r.ok).catch(() => false)
    if (!up) await new Promise((r) => setTimeout(r, 500))
  }
  check("the store boots with the plugin", up)
  const anon = await fetch("http://localhost:9200/admin/order-management/orders")
  check("the plugin's admin route is mounted and authenticated", anon.status === 401, `status ${anon.status}`)
  await sh(medusa, ["user", "-e", "pack@example.com", "-p", "pack-password"], host, env)
  const login = await fetch("http://localhost:9200/auth/user/emailpass", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "pack@example.com", password: "pack-password" }) })
  const { token } = await login.json()
  const list = await fetch("http://localhost:9200/admin/order-management/orders", { headers: { authorization: `Bearer ${token}` } })
  const body = await list.json()
  check("the plugin's module answers through its route", list.status === 200 && body.count === 0, `status ${list.status}`)
  const auth = { headers: { authorization: `Bearer ${token}` } }
  const channels = await (await fetch("http://localhost:9200/admin/order-management/payment-channels", auth)).json()
  const configured = (channels.channels ?? []).filter((x) => x.configured).map((x) => x.provider_id).sort()
  check("the settings route finds the providers the store registered by package path", configured.join(",") === "pp_balance_balance,pp_bank-transfer_bank-transfer", configured.join(", "))
  const tested = await fetch("http://localhost:9200/admin/order-management/payment-channels/pp_balance_balance/check", { method: "POST", ...auth })
  const test = await tested.json().catch(() => ({}))
  check("the balance provider reaches the balance module in the built store", test.ok === true, test.summary ?? `HTTP ${tested.status}`)
  const app = await fetch("http://localhost:9200/app")
  check("the dashboard is served", app.status === 200)
} catch (e) {
  console.error(e.message)
  check("packaging check ran to the end", false)
} finally {
  if (server) { try { process.kill(-server.pid, "SIGTERM") } catch {} }
  await db.drop()
  await pg.stop()
  if (server) await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)))
  if (!process.env.KEEP_PACK_STORE) rmSync(work, { recursive: true, force: true })
}
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
mkdirSync(path.join(root, ".test-output"), { recursive: true })
appendFileSync(path.join(root, ".test-output/results.jsonl"), JSON.stringify({ runner: "pack", passed, failed }) + "\n")
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
