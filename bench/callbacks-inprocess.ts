/**
 * The callback benchmark's in-process phases (run by bench/callbacks.mjs with `medusa exec`, the Alipay simulator
 * listening in the driver with every trade of BENCH_INPROCESS already paid): one order after another,
 * alternating one order of each (so both see the same tables, caches and garbage-collector state):
 *
 * - floor: Medusa's own payment processing, `processPaymentWorkflow` ("captured": authorize, which asks the
 *   platform, and capture), over sessions already paid at the simulator; the plugin's subscribers are off for this
 *   phase, so only Medusa's work is counted;
 * - plugin: the apply path of a verified Alipay notify, as a worker runs it: the stored event is claimed and applied
 *   (lock, checks, Medusa's capture, lifecycle, history, events, fee, review), with the plugin's subscribers on (their
 *   work is waited for and counted). Verifying the signed body and storing the event (the callback route's work,
 *   done by the server instance before it acknowledges) run untimed before each; their times are reported apart.
 *
 * Writes `{ floor: { n, seconds, per_s, statements_per_order }, plugin: { n, seconds, per_s, statements_per_order } }` to
 * BENCH_OUT. BENCH_SQL_LOG=<file>: the SQL statements of one further apply, in order, for profiling.
 */
import { readFileSync, writeFileSync } from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { processPaymentEvent, receivePlatformReport } from "../src/workflows/payment-inbox"
import { subscribersIdle } from "../src/utils/in-flight"

type Input = { floor: Array<{ session_id: string }>; plugin: Array<{ body: string }> }

export default async function inprocess({ container }: ExecArgs) {
  const input = JSON.parse(readFileSync(process.env.BENCH_INPROCESS!, "utf8")) as Input
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const payment = container.resolve(Modules.PAYMENT)
  // every statement the app sends through its knex connections (the modules share it)
  let statementCount = 0
  let log: string[] | null = null
  ;(pg as any).on?.("query", (q: any) => {
    statementCount++
    log?.push(String(q.sql))
  })
  const statements = async () => statementCount
  const { data: sessions } = await query.graph({ entity: "payment_session", fields: ["id", "amount"], filters: { id: input.floor.map((f) => f.session_id) } })
  const amount = new Map((sessions as any[]).map((s) => [s.id, s.amount]))
  // events of a finished workflow reach the subscribers on the next turns of the event loop
  const settled = async () => {
    await new Promise((r) => setImmediate(r))
    await new Promise((r) => setImmediate(r))
    await subscribersIdle()
  }
  /** The floor: Medusa's own processing of a paid session, with the plugin's subscribers off. */
  const floor = async (sessionId: string) => {
    process.env.OM_SUBSCRIBERS_OFF = "true"
    try {
      await processPaymentWorkflow(container).run({ input: { action: "captured", data: { session_id: sessionId, amount: amount.get(sessionId) } } as any })
      await settled()
    } finally {
      process.env.OM_SUBSCRIBERS_OFF = "false"
    }
  }
  /** The plugin: a verified notify stored, claimed and applied, and the subscriber work it starts. */
  // the acknowledgement side (verify, store: the callback route's work, done by the server instance in production)
  // is timed apart from the apply path (claim onwards: the worker's work), which is what is compared with the floor
  const parts = { verify: 0, store: 0, apply: 0, subscribers: 0 }
  const received = async (body: string) => {
    let t = performance.now()
    const lap = (k: keyof typeof parts) => {
      const now = performance.now()
      parts[k] += now - t
      t = now
    }
    const r: any = await payment.getWebhookActionAndData({ provider: "pp_alipay_alipay", payload: { data: {}, rawData: Buffer.from(body) as any, headers: {} } })
    const report = r.order_management?.report
    if (!report) throw new Error(`notify refused: ${JSON.stringify(r.order_management?.rejection)}`)
    lap("verify")
    const { event, claimed } = await receivePlatformReport(container, { ...report, provider: "pp_alipay_alipay" }, "callback")
    if (!claimed) throw new Error("notify already stored")
    lap("store")
    return event.id as string
  }
  /** The apply path: the stored event claimed and applied, and the subscriber work it starts. */
  const apply = async (eventId: string) => {
    let t = performance.now()
    const done = await processPaymentEvent(container, eventId)
    if (done.status !== "processed") throw new Error(`not applied: ${JSON.stringify(done)}`)
    parts.apply += performance.now() - t
    t = performance.now()
    await settled()
    parts.subscribers += performance.now() - t
  }

  // warm up both paths once (module caches, the simulator's keys), then alternate one order of each, so both see
  // the same tables, caches and garbage-collector state
  await floor(input.floor[0].session_id)
  await apply(await received(input.plugin[0].body))
  const pairs = Math.min(input.floor.length, input.plugin.length - (process.env.BENCH_SQL_LOG ? 1 : 0)) - 1
  for (const k of Object.keys(parts) as Array<keyof typeof parts>) parts[k] = 0
  const time = { floor: 0, plugin: 0 }
  const count = { floor: 0, plugin: 0 }
  for (let i = 1; i <= pairs; i++) {
    for (const side of ["floor", "plugin"] as const) {
      const eventId = side === "plugin" ? await received(input.plugin[i].body) : null
      const q = await statements()
      const t = performance.now()
      await (side === "floor" ? floor(input.floor[i].session_id) : apply(eventId!))
      time[side] += performance.now() - t
      count[side] += (await statements()) - q
    }
  }
  // BENCH_SQL_LOG=<file>: the statements of one more order, in order (for profiling the apply path)
  if (process.env.BENCH_SQL_LOG && input.plugin.length > 2) {
    log = []
    await apply(await received(input.plugin[input.plugin.length - 1].body))
    writeFileSync(process.env.BENCH_SQL_LOG, log.join("\n"))
    log = null
  }

  const side = (k: "floor" | "plugin") => ({ n: pairs, seconds: time[k] / 1000, per_s: pairs / (time[k] / 1000), statements_per_order: count[k] / pairs })
  const ms = (v: number) => Number((v / pairs).toFixed(1))
  const out = { floor: { ...side("floor"), ms_per_order: ms(time.floor) }, plugin: { ...side("plugin"), ms_per_order: ms(time.plugin), ms_per_part: { apply: ms(parts.apply), subscribers: ms(parts.subscribers) }, acknowledgement_ms: { verify: ms(parts.verify), store: ms(parts.store) } } }
  writeFileSync(process.env.BENCH_OUT!, JSON.stringify(out))
  console.log(`in-process: floor ${out.floor.per_s.toFixed(1)}/s, plugin ${out.plugin.per_s.toFixed(1)}/s (${(out.plugin.per_s / out.floor.per_s).toFixed(2)}x); SQL statements per order: floor ${out.floor.statements_per_order.toFixed(1)}, plugin ${out.plugin.statements_per_order.toFixed(1)}; ms per order: floor ${out.floor.ms_per_order}, plugin ${out.plugin.ms_per_order} (${Object.entries(out.plugin.ms_per_part).map(([k, v]) => `${k} ${v}`).join(", ")}; acknowledgement side, not counted: verify ${out.plugin.acknowledgement_ms.verify}, store ${out.plugin.acknowledgement_ms.store})`)
}
