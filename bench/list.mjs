// Order list benchmark (npm run bench; BENCH=list): the plugin's GET /admin/order-management/orders at 100,000 and
// 1,000,000 generated orders (BENCH_LIST_SIZES, comma-separated; the databases are generated once and kept, see
// bench/lib/orders-database.mjs), each filter alone and three combinations, p50 and p95 over BENCH_LIST_REQUESTS
// requests (default 40, after 5 warm-up ones), against Medusa's own GET /admin/orders for the filters it has (status,
// created date, customer) in the same run. Target at 1,000,000: every case p50 < 150 ms and p95 < 400 ms.
// Writes .bench-output/list.json ({ name, n, metrics, baselines, ratios } of the largest size, and every size under
// `sizes`) and fails when a target is missed or a case answers other than 200.
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import path from "node:path"
import net from "node:net"
import pgPkg from "pg"
import { run } from "../scripts/lib/run.mjs"
import { ordersDatabase } from "./lib/orders-database.mjs"

const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)) }) })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]

async function waitUp(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await fetch(url).then((r) => r.ok).catch(() => false)) return true
    await sleep(500)
  }
  return false
}

/** The cases: values picked from the generated data (a busy customer, the best seller and a tail product, …). */
async function cases(url) {
  const db = new pgPkg.Client({ connectionString: url })
  await db.connect()
  try {
    const one = async (sql) => (await db.query(sql)).rows[0]
    const busy = await one(`select customer_id from order_lifecycle where customer_id is not null group by customer_id order by count(*) desc limit 1`)
    const usual = await one(`select customer_id from order_lifecycle where customer_id like 'cus_GEN%' and customer_id > 'cus_GEN00000000000000000020000' order by customer_id limit 1`)
    const products = (await db.query(`select li.product_id, count(*)::int as n from order_line_item li where li.id like 'ordli_GEN%' group by li.product_id order by n desc`)).rows
    const best = products[0].product_id
    const tail = products[Math.floor(products.length * 0.8)].product_id
    const recent = await one(`select order_number from order_lifecycle order by placed_at desc limit 1 offset 500`)
    const now = new Date()
    const day = (d) => new Date(now.getTime() - d * 86400_000).toISOString().slice(0, 10)
    const ours = {
      no_filter: "",
      status_paid: "status=paid",
      status_pending: "status=pending",
      status_refunded: "status=refunded",
      created_this_week: `created_at[gte]=${day(6)}`,
      created_one_day: `created_at[gte]=${day(30)}&created_at[lte]=${day(30)}`,
      paid_last_month: `paid_at[gte]=${day(30)}`,
      provider_alipay: "payment_provider=pp_alipay_alipay",
      provider_crypto: "payment_provider=pp_nowpayments_nowpayments,pp_btcpay_btcpay",
      customer_busy: `customer_id=${busy.customer_id}`,
      customer_usual: `customer_id=${usual.customer_id}`,
      product_best_seller: `product_id=${best}`,
      product_tail: `product_id=${tail}`,
      amount_range_cny: "currency_code=cny&amount_min=100&amount_max=200",
      amount_paid_high_usd: "currency_code=usd&amount_field=paid&amount_min=300",
      search_order_number: `q=${recent.order_number}`,
      sort_total_desc: "sort=-total",
      sort_paid_at: "sort=-paid_at",
      combo_paid_alipay_week: `status=paid&payment_provider=pp_alipay_alipay&created_at[gte]=${day(6)}`,
      combo_product_amount: `product_id=${best}&currency_code=cny&amount_min=100&sort=-total`,
      combo_customer_refunded_month: `customer_id=${busy.customer_id}&status=completed,refunded&created_at[gte]=${day(30)}`,
    }
    // Medusa's own list for the filters it has (its status is the order's own: pending, completed, canceled)
    const medusa = {
      no_filter: "",
      status_pending: "status=pending",
      created_this_week: `created_at[$gte]=${day(6)}`,
      customer_busy: `customer_id=${busy.customer_id}`,
    }
    return { ours, medusa }
  } finally {
    await db.end()
  }
}

async function measure(base, headers, qs, requests) {
  const times = []
  let status = 200
  let body = null
  for (let i = 0; i < requests + 5; i++) {
    const t0 = performance.now()
    const r = await fetch(`${base}${qs ? `${base.includes("?") ? "&" : "?"}${qs}` : ""}`, { headers })
    body = await r.json()
    const ms = performance.now() - t0
    if (r.status !== 200) status = r.status
    if (i >= 5) times.push(ms)
  }
  return { p50: pct(times, 50), p95: pct(times, 95), status, body }
}

export async function benchList({ root, medusa, pg, baseEnv }) {
  const sizes = (process.env.BENCH_LIST_SIZES ?? "100000,1000000").split(",").map(Number)
  const requests = Number(process.env.BENCH_LIST_REQUESTS ?? 40)
  const results = {}
  const failures = []
  for (const n of sizes) {
    const db = await ordersDatabase({ root, medusa, pg, baseEnv, n })
    const port = await freePort()
    const env = { ...baseEnv, DATABASE_URL: db.url, PORT: String(port), MEDUSA_WORKER_MODE: "server" }
    const email = "bench-admin@example.com"
    await run(medusa, ["user", "-e", email, "-p", "bench-password"], { cwd: root, env }).catch(() => {}) // exists on a reused database
    const server = spawn(medusa, ["develop"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"], detached: true })
    try {
      if (!(await waitUp(`http://127.0.0.1:${port}/health`, 240))) throw new Error("the server did not start within 4 minutes")
      const login = await fetch(`http://127.0.0.1:${port}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "bench-password" }) }).then((r) => r.json())
      const headers = { authorization: `Bearer ${login.token}` }
      const { ours, medusa: theirs } = await cases(db.url)
      const metrics = {}
      const baselines = {}
      const ratios = {}
      const counts = {}
      for (const [name, qs] of Object.entries(ours)) {
        const r = await measure(`http://127.0.0.1:${port}/admin/order-management/orders`, headers, qs, requests)
        if (r.status !== 200) failures.push(`${n}: ${name} answered ${r.status}`)
        metrics[`${name}_p50_ms`] = Number(r.p50.toFixed(1))
        metrics[`${name}_p95_ms`] = Number(r.p95.toFixed(1))
        counts[name] = `${r.body?.count_exact === false ? "over " : ""}${r.body?.count}`
        console.log(`BENCH list ${n}: ${name.padEnd(30)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  count ${counts[name]}`)
        if (n >= 1_000_000 && (r.p50 >= 150 || r.p95 >= 400)) failures.push(`${n}: ${name} p50 ${r.p50.toFixed(0)} ms / p95 ${r.p95.toFixed(0)} ms (target < 150 / < 400)`)
      }
      for (const [name, qs] of Object.entries(theirs)) {
        const r = await measure(`http://127.0.0.1:${port}/admin/orders?limit=20`, headers, qs, Math.max(5, Math.round(requests / 4)))
        if (r.status !== 200) failures.push(`${n}: Medusa's ${name} answered ${r.status}`)
        baselines[`medusa_${name}_p50_ms`] = Number(r.p50.toFixed(1))
        ratios[`${name}_speedup_vs_medusa`] = Number((r.p50 / metrics[`${name}_p50_ms`]).toFixed(1))
        console.log(`BENCH list ${n}: Medusa's GET /admin/orders ${name.padEnd(18)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms: ours ${ratios[`${name}_speedup_vs_medusa`]}x faster`)
      }
      results[n] = { name: "list", n, metrics, baselines, ratios, counts, generation: { seconds: Number(db.generation.seconds), rows: db.generation.rows, database_bytes: Number(db.generation.database_bytes) } }
    } finally {
      try { process.kill(-server.pid, "SIGTERM") } catch {}
    }
  }
  const largest = results[Math.max(...sizes)]
  mkdirSync(path.join(root, ".bench-output"), { recursive: true })
  writeFileSync(path.join(root, ".bench-output", "list.json"), JSON.stringify({ ...largest, sizes: results }, null, 2))
  if (failures.length) throw new Error(failures.join("; "))
}
