/**
 * Benchmark: the unpaid-order release job against a bare loop of Medusa's
 * cancelOrderWorkflow, on identically generated data in the same run
 * (`npm run bench`; BENCH_ORDERS sets N, default 10000).
 * Target: job time ≤ 1.2 × the bare loop's, memory flat in N.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import { seedStore } from "../integration-tests/helpers/seed-store"
import { releaseUnpaidOrders } from "../src/workflows/release-unpaid-orders"
import { generateUnpaidOrders } from "./lib/generate-unpaid-orders"
import { measure } from "./lib/memory"

export default async function bench({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_ORDERS ?? 10000)
  const store = await seedStore(container, { stock: 10_000_000 })
  const gen = await measure(async () => ({
    job: await generateUnpaidOrders(container, store, n, { withLifecycle: true }),
    bare: await generateUnpaidOrders(container, store, n, { withLifecycle: false }),
  }))
  console.log(`generated 2 × ${n} expired unpaid orders with reservations in ${gen.seconds.toFixed(1)} s (${Math.round((2 * n) / gen.seconds)} orders/s)`)

  const bare = await measure(async () => {
    for (const id of gen.result.bare) await cancelOrderWorkflow(container).run({ input: { order_id: id } })
    return gen.result.bare.length
  })
  const job = await measure(() => releaseUnpaidOrders(container, { budgetMs: Number.MAX_SAFE_INTEGER }))
  if (job.result.canceled !== n || job.result.failed.length) {
    throw new Error(`the job canceled ${job.result.canceled} of ${n} (${job.result.failed.length} failed: ${job.result.failed[0]?.message})`)
  }
  const rate = (k: number, s: number) => (k / s).toFixed(1)
  const lines = [
    `bare cancelOrderWorkflow loop: ${n} orders in ${bare.seconds.toFixed(1)} s = ${rate(n, bare.seconds)} orders/s; peak RSS ${bare.peakRssMb} MB, heap by quarter ${bare.heapQuartersMb.join("/")} MB`,
    `release job (query + close + cancel + history): ${n} orders in ${job.seconds.toFixed(1)} s = ${rate(n, job.seconds)} orders/s in ${job.result.batches} batches; peak RSS ${job.peakRssMb} MB, heap by quarter ${job.heapQuartersMb.join("/")} MB`,
    `ratio job/bare time: ${(job.seconds / bare.seconds).toFixed(2)}x (target ≤ 1.20x)`,
  ]
  for (const l of lines) console.log(`BENCH ${l}`)
}
