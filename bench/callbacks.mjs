// Callback benchmark (npm run bench; BENCH=callbacks or all): BENCH_NOTIFIES (default 2000) signed Alipay
// notifies for distinct unpaid orders, BENCH_CONCURRENCY (default 16) at a time, through the real route of a
// running store (verify, inbox, lock, capture through Medusa's payment workflow, confirm). Baselines in the same
// run: the same notifies again (duplicates: verify + inbox hit) and GET /health. Target: p99 < 1 s, no errors.
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { generateKeyPairSync } from "node:crypto"
import { readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import net from "node:net"
import pg from "pg"
// server + worker over Redis: the topology a store runs in production (see README "Callback benchmark")

const require = createRequire(import.meta.url)
const { startAlipaySimulator } = require("../simulators/alipay")

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)) }) })
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]
const fmt = (ms) => `${ms.toFixed(1)} ms`

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "inherit", "inherit"] })
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited ${code}`))))
  })
}

async function pool(items, concurrency, fn) {
  const out = []
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }))
  return out
}

export async function benchCallbacks({ root, medusa, databaseUrl, baseEnv }) {
  const n = Number(process.env.BENCH_NOTIFIES ?? 2000)
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16)
  const app = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const sim = await startAlipaySimulator({ appId: "2021000000000001", sellerId: "2088000000000001", appPublicKey: app.publicKey.export({ type: "spki", format: "pem" }) })
  const port = await freePort()
  const out = path.join(tmpdir(), `om-bench-callbacks-${process.pid}.json`)
  const env = {
    ...baseEnv,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    OM_ALIPAY_APP_ID: "2021000000000001",
    OM_ALIPAY_PRIVATE_KEY: app.privateKey.export({ type: "pkcs8", format: "pem" }),
    OM_ALIPAY_PUBLIC_KEY: sim.alipayPublicKeyPem,
    OM_ALIPAY_SELLER_ID: "2088000000000001",
    OM_ALIPAY_GATEWAY_URL: sim.gatewayUrl,
    OM_ALIPAY_NOTIFY_URL: `http://127.0.0.1:${port}/hooks/order-management/alipay`,
    BENCH_NOTIFIES: String(n),
    BENCH_OUT: out,
  }
  let server = null
  let worker = null
  try {
    await run(medusa, ["exec", "./bench/callbacks-setup.ts"], { cwd: root, env })
    const orders = JSON.parse(readFileSync(out, "utf8"))
    // Medusa's production topology: a server instance answers HTTP (verify, inbox, acknowledge) and a worker
    // instance runs the subscribers that apply the payments, with events through Redis
    const redis = { OM_REDIS_EVENT_BUS: "true", REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379" }
    const workerPort = await freePort()
    server = spawn(medusa, ["develop"], { cwd: root, env: { ...env, ...redis, MEDUSA_WORKER_MODE: "server" }, stdio: ["ignore", "ignore", "inherit"], detached: true })
    worker = spawn(medusa, ["develop"], { cwd: root, env: { ...env, ...redis, MEDUSA_WORKER_MODE: "worker", PORT: String(workerPort) }, stdio: ["ignore", "ignore", "inherit"], detached: true })
    let up = false
    for (let i = 0; i < 480 && !up; i++) {
      up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false)
      if (!up) await new Promise((r) => setTimeout(r, 500))
    }
    if (!up) throw new Error("the store did not start within 4 minutes")
    // the worker is ready when it has loaded (its own health answer, or 60 s)
    for (let i = 0; i < 120; i++) {
      if (await fetch(`http://127.0.0.1:${workerPort}/health`).then((r) => r.ok).catch(() => false)) break
      await new Promise((r) => setTimeout(r, 500))
    }
    // the buyers pay; the notifies go out 16 at a time
    const notifyParams = orders.map((o) => {
      const t = sim.scan(o.out_trade_no)
      t.status = "TRADE_SUCCESS"
      t.gmt_payment = "2026-11-22 12:00:00"
      return sim.notifyParams(t)
    })
    const send = async (params) => {
      const t0 = performance.now()
      const r = await sim.deliver(env.OM_ALIPAY_NOTIFY_URL, params, [])
      return { ms: performance.now() - t0, ok: r.status === 200 && r.body === "success", detail: `${r.status} ${r.body}` }
    }
    const wall0 = performance.now()
    const first = await pool(notifyParams, concurrency, send)
    const wall = (performance.now() - wall0) / 1000
    const dupes = await pool(notifyParams, concurrency, send)
    const health = await pool(orders, concurrency, async () => {
      const t0 = performance.now()
      const r = await fetch(`http://127.0.0.1:${port}/health`)
      await r.text()
      return { ms: performance.now() - t0, ok: r.ok }
    })
    // the worker drains what the server acknowledged: wait (bounded) until every order is confirmed
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const confirmed = async () => (await client.query("select count(*)::int as n from order_lifecycle where payment_status = 'confirmed' and order_id = any($1)", [orders.map((o) => o.order_id)])).rows[0]
    let c = await confirmed()
    for (let i = 0; i < 1200 && c.n < n; i++) {
      await new Promise((r) => setTimeout(r, 500))
      c = await confirmed()
    }
    const drained = (performance.now() - wall0) / 1000
    await client.end()
    const line = (name, xs) => {
      const ms = xs.map((x) => x.ms)
      return `${name}: p50 ${fmt(pct(ms, 50))}, p99 ${fmt(pct(ms, 99))}, max ${fmt(Math.max(...ms))}, errors ${xs.filter((x) => !x.ok).length}`
    }
    const errors = first.filter((x) => !x.ok)
    console.log(`BENCH callbacks: ${n} signed Alipay notifies for distinct orders at ${concurrency} concurrent acknowledged in ${wall.toFixed(1)} s (${(n / wall).toFixed(1)}/s); the worker confirmed ${c.n} orders ${drained.toFixed(1)} s after the first notify (${(c.n / drained).toFixed(1)}/s)`)
    console.log(`BENCH ${line("first delivery (verify, inbox, acknowledge; applied by the worker)", first)}`)
    console.log(`BENCH ${line("duplicate delivery (verify, inbox hit)", dupes)}`)
    console.log(`BENCH ${line("GET /health", health)}`)
    console.log(`BENCH ratio first/duplicate p50: ${(pct(first.map((x) => x.ms), 50) / pct(dupes.map((x) => x.ms), 50)).toFixed(2)}x; p99 target < 1000 ms: ${pct(first.map((x) => x.ms), 99) < 1000 ? "met" : "NOT met"}`)
    if (errors.length) console.log(`BENCH first errors: ${[...new Set(errors.map((e) => e.detail))].slice(0, 3).join(" | ")}`)
    if (c.n !== n - errors.length) throw new Error(`${c.n} orders confirmed, expected ${n - errors.length}`)
  } finally {
    for (const p of [server, worker]) if (p) try { process.kill(-p.pid, "SIGTERM") } catch {}
    await sim.close()
  }
}
