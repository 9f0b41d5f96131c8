/**
 * Demo data for `npm run demo` (run by `medusa exec`): a China (CNY) and a US
 * (USD) region, a warehouse with managed stock, products, a publishable key,
 * customers, an admin, and orders spread across the lifecycle. Does nothing
 * when the demo store is already seeded.
 *
 * First, 90 days of history for the Statistics page: the million-order
 * generator (bench/generate-orders.ts) with DEMO_HISTORY_ORDERS orders (default
 * 2,000; 0 skips it) builds the store itself (seedStore, the same regions,
 * warehouse, products and key the demo uses) plus 50 generated products (two
 * of them low on stock), 300 customers, the orders over 90 days and abandoned
 * carts; the demo's own orders are then placed today on that store, and the
 * statistics of the last 400 days are built (src/scripts/rebuild-statistics.ts), and two exports written (a masked CSV
 * of the paid orders, the last 30 days' reconciliation) so the Exports page shows finished ones.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createCustomerAccountWorkflow, createCustomersWorkflow, updateInventoryLevelsWorkflow, updateRegionsWorkflow } from "@medusajs/medusa/core-flows"
import { seedStore } from "../integration-tests/helpers/seed-store"
import { payOrder, placeOrder } from "../integration-tests/helpers/place-order"
import { syncOrder } from "../src/workflows/sync-order"
import { runLifecycleAction } from "../src/workflows/run-lifecycle-action"
import { applyPlatformPayment } from "../src/workflows/apply-platform-payment"
import { adjustBalanceWorkflow } from "../src/workflows/adjust-balance"
import { adjustPointsWorkflow, earnPointsForOrderWorkflow } from "../src/workflows/points"
import { ORDER_MANAGEMENT_MODULE } from "../src/modules/order-management"
import type OrderManagementModuleService from "../src/modules/order-management/service"
import generateOrders from "../bench/generate-orders"
import rebuildStatistics from "../src/scripts/rebuild-statistics"
import { ORDER_EXPORT_MODULE } from "../src/modules/export"
import { DEFAULT_FIELDS } from "../src/modules/export/fields"
import { writeExport } from "../src/workflows/export/write-export"
import { DateTime } from "luxon"
import { writeFileSync, mkdirSync } from "node:fs"
import path from "node:path"
import { requestRefundWorkflow } from "../src/workflows/after-sales/request-refund"
import { approveRefundRequest, rejectRefundRequest } from "../src/workflows/after-sales/review-refund"
import { seedDemoRisk } from "./seed-demo-risk"
import { seedDemoPromotions } from "./seed-demo-promotions"
import { seedDemoReconciliation } from "./seed-demo-reconciliation"
import { assignAnomaly, openMaliciousOrderAnomaly, transitionAnomaly } from "../src/workflows/anomalies"

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const regions = await container.resolve(Modules.REGION).listRegions({ name: "China" })
  const out = path.join(process.cwd(), ".medusa", "demo-info.json")
  // Alipay and WeChat Pay (against the local simulators npm run demo starts) are offered in the China region
  const cnProviders = [
    "pp_bank-transfer_bank-transfer",
    "pp_balance_balance",
    process.env.OM_ALIPAY_APP_ID && "pp_alipay_alipay",
    process.env.OM_WECHAT_MCHID && "pp_wechatpay_wechatpay",
    process.env.OM_NOWPAYMENTS_API_KEY && "pp_nowpayments_nowpayments",
    process.env.OM_BTCPAY_URL && "pp_btcpay_btcpay",
  ].filter(Boolean) as string[]
  if (regions.length) {
    await offerInChina(container, cnProviders)
    // keep .medusa/demo-info.json about this database (another demo run may have rewritten it)
    const [key] = await container.resolve(Modules.API_KEY).listApiKeys({ type: "publishable", title: "Web store" })
    const all = await container.resolve(Modules.REGION).listRegions({})
    const byCurrency = (c: string) => all.find((r) => r.currency_code === c)?.id
    mkdirSync(path.dirname(out), { recursive: true })
    writeFileSync(out, JSON.stringify({ publishableKey: key?.token, regions: { cny: byCurrency("cny"), usd: byCurrency("usd") }, wallet: await ensureWalletCustomer(container) }, null, 2))
    logger.info("demo: store already seeded, keeping its data")
    return
  }
  const history = Number(process.env.DEMO_HISTORY_ORDERS ?? 2000)
  const store = history > 0 ? await seedHistory(container, history, cnProviders) : await seedStore(container, { cnyProviders: cnProviders })
  const { result: customers } = await createCustomersWorkflow(container).run({
    input: {
      customersData: [
        { email: "li.wei@example.com", first_name: "Wei", last_name: "Li" },
        { email: "zhang.min@example.com", first_name: "Min", last_name: "Zhang" },
        { email: "alice@example.com", first_name: "Alice", last_name: "Walker" },
      ],
    },
  })
  const users = await container.resolve(Modules.USER).listUsers({ email: "admin@medusa-demo.test" })
  const admin = { type: "user" as const, id: users[0]?.id ?? null }
  const [li, zhang, alice] = customers

  const place = async (o: Parameters<typeof placeOrder>[2]) => {
    const placed = await placeOrder(container, store, o)
    await syncOrder(container, placed.order_id)
    return placed
  }
  const paid = async (o: Parameters<typeof placeOrder>[2]) => {
    const placed = await place(o)
    await payOrder(container, placed)
    await syncOrder(container, placed.order_id)
    return placed
  }
  const act = (order_id: string, action: any, extra: Record<string, unknown> = {}) =>
    runLifecycleAction(container, { order_id, action, actor: admin, ...extra })
  // reconciliation runs of the history's Alipay payments and a bank statement (its bank-transfer orders the oldest of today's)
  await seedDemoReconciliation(container, admin, { place })

  // awaiting payment (pay-later channel, stock reserved)
  await place({ provider: "pp_deferred_deferred", email: li.email, customer_id: li.id, items: [{ variant: "teapot", quantity: 1 }] })
  await place({ provider: "pp_deferred_deferred", email: alice.email, customer_id: alice.id, region: "usd" })
  // authorized, not captured yet: payment processing
  await place({ provider: "pp_system_default", email: zhang.email, customer_id: zhang.id })
  // paid, waiting in the review queue
  await paid({ email: li.email, customer_id: li.id, items: [{ variant: "tea", quantity: 2 }] })
  await paid({ email: zhang.email, customer_id: zhang.id, items: [{ variant: "membership", quantity: 1 }] })
  await paid({ email: alice.email, customer_id: alice.id, region: "usd", items: [{ variant: "teapot", quantity: 1 }] })
  await paid({ email: li.email, customer_id: li.id, items: [{ variant: "tea", quantity: 1 }, { variant: "teapot", quantity: 1 }] })
  await paid({ email: zhang.email, customer_id: zhang.id, items: [{ variant: "tea", quantity: 3 }] })
  await paid({ email: alice.email, customer_id: alice.id, items: [{ variant: "membership", quantity: 2 }] })
  const held = await paid({ email: alice.email, customer_id: alice.id, region: "usd" })
  await act(held.order_id, "hold", { reason: "shipping address needs confirmation" })
  // approved and being prepared
  const approved = await paid({ email: zhang.email, customer_id: zhang.id, items: [{ variant: "teapot", quantity: 1 }, { variant: "membership", quantity: 1 }] })
  await act(approved.order_id, "approve", { reason: "payment checked" })
  // dispatched with a tracking number
  const shipped = await paid({ email: li.email, customer_id: li.id })
  await act(shipped.order_id, "approve")
  await act(shipped.order_id, "dispatch", { tracking_number: "SF1000000001" })
  // completed
  const done = await paid({ email: zhang.email, customer_id: zhang.id })
  await act(done.order_id, "approve")
  await act(done.order_id, "dispatch", { tracking_number: "SF1000000002" })
  await act(done.order_id, "complete")
  // canceled by an admin, stock released
  const canceled = await place({ provider: "pp_deferred_deferred", email: alice.email, customer_id: alice.id })
  await act(canceled.order_id, "cancel", { reason: "customer asked to cancel by phone" })

  // canceled for non-payment, then the money arrived: a paid_after_cancel anomaly to refund or revive
  const late = await place({ provider: "pp_deferred_deferred", email: li.email, customer_id: li.id, items: [{ variant: "teapot", quantity: 1 }] })
  await act(late.order_id, "cancel", { reason: "no payment after 10 hours" })
  const payment = container.resolve(Modules.PAYMENT)
  const session = await payment.retrievePaymentSession(late.session_id)
  await payment.updatePaymentSession({ id: session.id, amount: session.amount, currency_code: session.currency_code, data: { ...(session.data ?? {}), paid: true } })
  await applyPlatformPayment(container, { session_id: session.id, amount: session.amount, platform_transaction_id: "DEMO-LATE-0001" })
  await seedAnomalyDesk(container, admin, { late: late.order_id, held: held.order_id, canceled: canceled.order_id, approved: approved.order_id, shipped: shipped.order_id })
  await seedDemoRisk(container, admin, { earlier: [approved, shipped, done, held, canceled], place, paid })
  await seedDemoPromotions(container)

  // after-sales: a refund request waiting in the Refunds queue, one refunded in part, one rejected with a reason
  const asked = await paid({ email: li.email, customer_id: li.id, items: [{ variant: "teapot", quantity: 1 }] })
  await requestRefundWorkflow(container).run({ input: { order_id: asked.order_id, amount_minor: 15000, reason_code: "damaged", note: "the lid arrived chipped", actor: { type: "customer", id: li.id } } })
  const { result: partial } = await requestRefundWorkflow(container).run({ input: { order_id: done.order_id, amount_minor: 5000, reason_code: "not_as_described", note: "the tea tastes stale", actor: { type: "customer", id: zhang.id } } })
  await approveRefundRequest(container, partial, { amount_minor: 4000, destination: "original", note: "goodwill: ¥40 back" }, { type: "user", id: admin.id })
  const { result: refused } = await requestRefundWorkflow(container).run({ input: { order_id: shipped.order_id, reason_code: "not_received", actor: { type: "customer", id: li.id } } })
  await rejectRefundRequest(container, refused, "the parcel shows as delivered and signed for (SF1000000001)", { type: "user", id: admin.id })

  // points: the wallet customer's welcome bonus and an order of theirs completed, which earned its points
  const wallet = await ensureWalletCustomer(container)
  await seedDemoPoints(container, wallet, admin, { paid, act })

  mkdirSync(path.dirname(out), { recursive: true })
  writeFileSync(out, JSON.stringify({ publishableKey: store.publishableKey, regions: store.regions, wallet }, null, 2))
  logger.info(`demo: seeded 17 orders and 3 refund requests; publishable key ${store.publishableKey}`)

  if (history > 0) {
    // the statistics of the last 400 days (what the refresh job's first run would build over several minutes), today
    // with the demo's own orders
    const t0 = Date.now()
    const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
    const today = DateTime.now().setZone(tz)
    await rebuildStatistics({ container, args: [today.minus({ days: 399 }).toISODate()!, today.toISODate()!] } as ExecArgs)
    logger.info(`demo: statistics of 400 days built in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }

  // the Exports page shows two finished exports: the paid orders as a masked CSV and the last 30 days' reconciliation
  const exportsModule: any = container.resolve(ORDER_EXPORT_MODULE)
  const tz = (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().timeZone
  const today = DateTime.now().setZone(tz)
  for (const record of [
    { report: "orders", format: "csv", scope: "filtered", filters: { status: "paid" }, fields: DEFAULT_FIELDS, row_mode: "order", locale: "en", masked: true },
    { report: "reconciliation", format: "xlsx", scope: "all", fields: ["day", "currency_code", "payment_method", "orders", "paid", "refunded", "fees", "net"], row_mode: "order", locale: "zh", masked: true, params: { from: today.minus({ days: 29 }).toISODate(), to: today.toISODate(), currency_code: null, time_zone: tz } },
  ]) {
    const exp = await exportsModule.createOrderExports({ ...record, created_by_email: "demo seed" })
    const r = await writeExport(container, exp.id)
    logger.info(`demo: ${record.report} export ${r.status}, ${r.rows_done} rows`)
  }
}

/**
 * The Anomalies page's demo (issue 18): anomalies in every state of the desk's process, most of them assigned — the
 * paid-after-cancel one stays open (assigned to the admin; the browser tests revive it from the order page), a
 * malicious order a risk rule flagged under investigation, one waiting for the customer, one resolved by hand and one
 * dismissed, each step with its note in the timeline.
 */
async function seedAnomalyDesk(
  container: MedusaContainer,
  admin: { type: "user"; id: string | null },
  orders: { late: string; held: string; canceled: string; approved: string; shipped: string }
) {
  if (!admin.id) return
  const user = { type: "user" as const, id: admin.id }
  const system = { type: "system" as const, id: "risk" }
  const om = container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService
  const [[late]] = await om.listAnomalies({ order_id: orders.late, type: ["paid_after_cancel"] }, { limit: 1, offset: 0 })
  if (late) await assignAnomaly(container, { anomaly_id: late.id, user_id: admin.id, actor: user })

  const flagged = (await openMaliciousOrderAnomaly(container, { order_id: orders.held, reason: "risk rule: three cards declined from one device within an hour", actor: system })).anomaly
  await assignAnomaly(container, { anomaly_id: flagged.id, user_id: admin.id, actor: user })
  await transitionAnomaly(container, { anomaly_id: flagged.id, to: "investigating", note: "checking the device's other orders", actor: user })

  const asked = (await openMaliciousOrderAnomaly(container, { order_id: orders.canceled, reason: "shipping address is a parcel forwarder", actor: user })).anomaly
  await assignAnomaly(container, { anomaly_id: asked.id, user_id: admin.id, actor: user })
  await transitionAnomaly(container, { anomaly_id: asked.id, to: "investigating", actor: user })
  await transitionAnomaly(container, { anomaly_id: asked.id, to: "waiting_customer", note: "emailed the customer for a photo ID", actor: user })

  const cleared = (await openMaliciousOrderAnomaly(container, { order_id: orders.approved, reason: "risk rule: order total above ¥1,000 from a new customer", actor: system })).anomaly
  await transitionAnomaly(container, { anomaly_id: cleared.id, to: "investigating", actor: user })
  await transitionAnomaly(container, { anomaly_id: cleared.id, to: "resolved", resolution: "manual", note: "called the customer: a genuine order", actor: user })

  const noise = (await openMaliciousOrderAnomaly(container, { order_id: orders.shipped, reason: "risk rule: billing and shipping countries differ", actor: system })).anomaly
  await transitionAnomaly(container, { anomaly_id: noise.id, to: "dismissed", note: "a gift to family abroad; not a risk", actor: user })
}

/**
 * The store with 90 days of order history, from the million-order generator: it seeds the store itself (the demo's
 * regions, warehouse, three products and publishable key, stock 1,000,000), adds its products, customers, orders
 * and abandoned carts. Then the China region gets the demo's payment channels, the demo's two stocked products go
 * back to the demo's stock of 100, and the generated orders waiting for review (and the two template orders) are
 * approved as a reviewer would have by now, so the review queue holds the demo's own orders, as the README tells.
 */
async function seedHistory(container: MedusaContainer, orders: number, cnProviders: string[]) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const t0 = Date.now()
  Object.assign(process.env, {
    BENCH_ORDERS: String(orders),
    BENCH_PRODUCTS: process.env.DEMO_HISTORY_PRODUCTS ?? "50",
    BENCH_CUSTOMERS: process.env.DEMO_HISTORY_CUSTOMERS ?? "300",
    BENCH_GENERATOR_BATCH: "1000",
  })
  const { store } = (await generateOrders({ container, args: [] } as unknown as ExecArgs)) as { store: Awaited<ReturnType<typeof seedStore>> }

  await offerInChina(container, cnProviders)

  await updateInventoryLevelsWorkflow(container).run({
    input: { updates: Object.values(store.inventoryItems).map((inventory_item_id) => ({ inventory_item_id, location_id: store.locationId, stocked_quantity: 100 })) },
  })

  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
  const waiting = (await knex.raw(`select order_id from order_lifecycle where fulfillment_status = 'holded' and not on_hold and deleted_at is null`)).rows
  for (const { order_id } of waiting) {
    await runLifecycleAction(container, { order_id, action: "approve", actor: { type: "system", id: "demo-history" }, reason: "demo history: reviewed" }).catch((e: Error) =>
      logger.warn(`demo: could not approve generated order ${order_id}: ${e.message}`)
    )
  }
  logger.info(`demo: ${orders} orders of history in ${((Date.now() - t0) / 1000).toFixed(1)} s (${waiting.length} awaiting review approved)`)
  return store
}

/**
 * Adds payment providers to the China region, keeping the ones it has (the region's providers are a link, read
 * through Query: the region module's own listRegions does not return them, and the update replaces the list).
 */
async function offerInChina(container: MedusaContainer, providers: string[]) {
  const { data: [china] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "region", fields: ["id", "payment_providers.id"], filters: { name: "China" } })
  const have: string[] = ((china as any)?.payment_providers ?? []).map((p: any) => p.id)
  const missing = providers.filter((p) => !have.includes(p))
  if (china && missing.length) {
    await updateRegionsWorkflow(container).run({ input: { selector: { id: china.id }, update: { payment_providers: [...have, ...missing] } } })
  }
}

/**
 * A points history for the wallet customer (docs/points.md), so the customer page's Points widget shows a ledger
 * with an order: a welcome bonus an admin credited with a reason, then an order of theirs (the pay-later channel,
 * paid, so the system provider's completed orders the browser tests refund stay the guests') approved, dispatched
 * and completed, earning its points as the points-earn subscriber does on completion (`medusa exec` runs no
 * subscribers; the earning is once per order either way).
 */
async function seedDemoPoints(
  container: MedusaContainer,
  wallet: { email: string; customer_id: string },
  admin: { type: "user"; id: string | null },
  h: { paid: (o: Parameters<typeof placeOrder>[2]) => Promise<{ order_id: string }>; act: (order_id: string, action: any, extra?: Record<string, unknown>) => Promise<unknown> }
) {
  await adjustPointsWorkflow(container).run({
    input: { customer_id: wallet.customer_id, points: 200, reason: "welcome bonus for a new member", idempotency_key: `demo-points-welcome-${wallet.customer_id}`, actor: admin },
  })
  const order = await h.paid({ provider: "pp_deferred_deferred", email: wallet.email, customer_id: wallet.customer_id, items: [{ variant: "tea", quantity: 2 }] })
  await h.act(order.order_id, "approve")
  await h.act(order.order_id, "dispatch", { tracking_number: "SF1000000003" })
  await h.act(order.order_id, "complete")
  await earnPointsForOrderWorkflow(container).run({ input: { order_id: order.order_id } })
}

export const WALLET = { email: "wallet@medusa-demo.test", password: "demo-password" }

/**
 * A customer who can log in on the storefront (emailpass, as the store's own registration does) with ¥1,000.00
 * on their balance: `npm run demo:checkout -- balance` pays with it. Created once; later runs find it.
 */
async function ensureWalletCustomer(container: MedusaContainer) {
  const customers = await container.resolve(Modules.CUSTOMER).listCustomers({ email: WALLET.email, has_account: true })
  if (customers.length) return { ...WALLET, customer_id: customers[0].id }
  const auth = container.resolve(Modules.AUTH)
  const reg = await auth.register("emailpass", { body: { email: WALLET.email, password: WALLET.password } } as any)
  if (!reg.success || !reg.authIdentity) throw new Error(`demo: could not register ${WALLET.email}: ${reg.error}`)
  const { result: customer } = await createCustomerAccountWorkflow(container).run({
    input: { authIdentityId: reg.authIdentity.id, customerData: { email: WALLET.email, first_name: "Mei", last_name: "Chen" } },
  })
  await adjustBalanceWorkflow(container).run({
    input: { customer_id: customer.id, currency_code: "cny", amount_minor: 100000, reason: "demo opening balance", idempotency_key: `demo-opening-${customer.id}`, actor: { type: "user", id: null } },
  })
  return { ...WALLET, customer_id: customer.id }
}
