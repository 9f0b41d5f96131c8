// npm run test:e2e: boots the demo store on a throwaway database (port 9100),
// runs the browser tests in e2e/*.e2e.mjs with node:test in headless Chromium
// (CHROMIUM_PATH or /usr/bin/chromium), prints "N passed, N failed".
import { spawn } from "node:child_process"
import { appendFileSync, mkdirSync, readdirSync, existsSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { run } from "node:test"
import { ensurePostgres, throwawayDatabase } from "./lib/postgres.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const out = path.join(root, ".test-output")
mkdirSync(out, { recursive: true })
const port = Number(process.env.E2E_PORT || 9100)
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
if (!existsSync(chromium)) {
  console.error(`e2e: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`)
  console.log("0 passed, 1 failed")
  process.exit(1)
}

const pg = await ensurePostgres(root)
const db = await throwawayDatabase(pg, "om_e2e")
const env = {
  ...process.env,
  DATABASE_URL: db.url,
  PORT: String(port),
  E2E_BASE_URL: `http://localhost:${port}`,
  // the demo's payment simulators on free ports (a person's demo may hold 9201/9202)
  DEMO_ALIPAY_PORT: "0",
  DEMO_WECHAT_PORT: "0",
  DEMO_NOWPAYMENTS_PORT: "0",
  DEMO_BTCPAY_PORT: "0",
}

const demo = spawn(process.execPath, [path.join(root, "scripts/demo.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"], detached: true })
let ready = false
const readyPromise = new Promise((resolve, reject) => {
  demo.stdout.on("data", (b) => {
    const s = b.toString()
    if (process.env.E2E_VERBOSE) process.stdout.write(s)
    if (s.includes("Medusa with medusa-order-management is running")) { ready = true; resolve() }
  })
  demo.on("exit", (code) => !ready && reject(new Error(`demo exited ${code} before it was ready`)))
})

let passed = 0
let failed = 0
async function cleanup() {
  try { process.kill(-demo.pid, "SIGTERM") } catch {}
  await new Promise((r) => (demo.exitCode !== null ? r() : demo.once("exit", r)))
  await db.drop()
  await pg.stop()
}
try {
  await readyPromise
  // warm the dashboard once (Vite compiles it on first request)
  await fetch(`http://localhost:${port}/app`).catch(() => {})
  // npm run test:e2e -- balance  runs only the files whose name contains "balance"
  const only = process.argv.slice(2)
  const files = readdirSync(path.join(root, "e2e")).filter((f) => f.endsWith(".e2e.mjs") && (!only.length || only.some((o) => f.includes(o)))).map((f) => path.join(root, "e2e", f))
  process.env.E2E_BASE_URL = env.E2E_BASE_URL
  const stream = run({ files, concurrency: 1, timeout: 600_000 })
  stream.on("test:pass", (t) => { if (t.details?.type !== "suite" && t.nesting === 0) { passed++; console.log(`  ✓ ${t.name}`) } })
  stream.on("test:fail", (t) => {
    if (t.nesting === 0) { failed++; console.log(`  ✕ ${t.name}\n${t.details?.error?.cause?.stack ?? t.details?.error?.stack ?? t.details?.error}`) }
  })
  for await (const _ of stream) { /* drain */ }
} catch (e) {
  console.error(`e2e: ${e.message}`)
  failed++
} finally {
  await cleanup()
}
appendFileSync(path.join(out, "results.jsonl"), JSON.stringify({ runner: "e2e", passed, failed }) + "\n")
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
