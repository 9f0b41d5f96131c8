/**
 * Setup of the callback benchmark (run by bench/run.mjs with `medusa exec`,
 * the Alipay simulator already listening): BENCH_NOTIFIES unpaid Alipay QR
 * orders with real trades at the simulator, written to BENCH_OUT for the
 * driver to pay and notify through the real HTTP route.
 */
import { writeFileSync } from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { seedStore } from "../integration-tests/helpers/seed-store"
import { generateUnpaidOrders, lastSessionIds } from "./lib/generate-unpaid-orders"

export default async function setup({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_NOTIFIES ?? 2000)
  const store = await seedStore(container, { stock: 10_000_000, cnyProviders: ["pp_alipay_alipay"] })
  const t0 = Date.now()
  const orders = await generateUnpaidOrders(container, store, n, { withLifecycle: true, withCarts: true, provider: "pp_alipay_alipay", placedAt: new Date(), sessionData: () => ({ method: "qr" }) })
  const sessions = await container.resolve(Modules.PAYMENT).listPaymentSessions({ id: lastSessionIds }, { select: ["id", "data"] })
  const byId = new Map(sessions.map((s) => [s.id, (s.data as any).out_trade_no as string]))
  // planner statistics for the tables the setup filled, as autovacuum keeps them on a live store (it is off on some
  // servers, CI's among them): without them every lookup by order, cart or collection scans the whole table
  await container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw("analyze")
  writeFileSync(process.env.BENCH_OUT!, JSON.stringify(orders.map((order_id, i) => ({ order_id, session_id: lastSessionIds[i], out_trade_no: byId.get(lastSessionIds[i]) }))))
  console.log(`generated ${n} unpaid Alipay QR orders with trades at the simulator in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
}
