import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { unpaidTimeoutFor } from "../modules/order-management/options"
import { cancelLifecycleOrderWorkflow } from "./cancel-order"
import { cartIdOfOrder, orderPaymentContext } from "./utils/order-payment-context"
import { applyPlatformPayment } from "./apply-platform-payment"
import { processPlatformReport } from "./payment-inbox"
import { transitionOrderWorkflow } from "./transition-order"
import { formatMinor } from "../utils/money"
import { recordChannelFailure } from "./utils/channel-errors"
import type { PlatformReport } from "../providers/shared/platform-report"

export type ReleaseOutcome = "canceled" | "paid" | "skipped" | "held"
export type ReleaseReport = { canceled: number; paid: number; skipped: number; held: number; failed: Array<{ order_id: string; message: string }>; batches: number }

const QUERYABLE = ["pending", "pending_authorization", "requires_more"]

/**
 * Release one expired unpaid order, under the lock Medusa's own payment
 * processing takes (the cart id), so a payment arriving now waits for us or we
 * for it. First ask the provider for the real status (authorizePaymentSession
 * calls the provider's authorizePayment, which queries the platform): paid →
 * process the payment, the order is confirmed. Still unpaid → close the trade
 * and cancel through Medusa's cancel workflow (reservations released), with
 * actor system and reason "payment timeout".
 */
export async function releaseUnpaidOrder(container: MedusaContainer, orderId: string, now = new Date()): Promise<ReleaseOutcome> {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const locking = container.resolve(Modules.LOCKING)
  const payment = container.resolve(Modules.PAYMENT)
  const lockKeys = [(await cartIdOfOrder(container, orderId)) ?? orderId]

  const outcome = await locking.execute(
    lockKeys,
    async (): Promise<{ result: ReleaseOutcome; paidSession?: { id: string; amount: unknown }; reported?: PlatformReport }> => {
      const l = await service.findLifecycleByOrder(orderId)
      if (!l || l.payment_status !== "pending" || l.on_hold) return { result: "skipped" }
      const timeout = unpaidTimeoutFor(l.payment_provider, service.getOptions())
      if (new Date(l.placed_at).getTime() > now.getTime() - timeout * 60_000) return { result: "skipped" }
      const fresh = await orderPaymentContext(container, orderId)
      const open = fresh.sessions.filter((x) => QUERYABLE.includes(x.status))
      // never before the session's own deadline (what the customer was told: a bank transfer reference's validity)
      const due = open.map((x) => Date.parse(String((x.data as any)?.expires_at ?? ""))).filter((t) => Number.isFinite(t))
      if (due.length && Math.max(...due) > now.getTime()) return { result: "skipped" }
      // money on its way that a person must judge first: the order is held and shows in front of an admin
      const hold = await reasonToHold(container, orderId, open)
      if (hold) {
        await transitionOrderWorkflow(container).run({ input: { order_id: orderId, action: "hold", actor: { type: "system", id: "unpaid-order-release" }, reason: hold } })
        return { result: "held" }
      }
      for (const s of open) {
        // NOT_ALLOWED is the module's "the provider says not authorized": unpaid. Anything else (the
        // platform unreachable) leaves the order alone; the error is logged and the order retried next run.
        const paid = await payment.authorizePaymentSession(s.id, {}).catch((e: MedusaError) => {
          if (e?.type === MedusaError.Types.NOT_ALLOWED) return null
          throw e
        })
        if (paid) return { result: "paid", paidSession: { id: s.id, amount: s.amount } }
        // paid at the platform but not what the order asked (amount or currency): not unpaid, and not to be
        // captured either; the report goes through the callback path's checks (suspected_fraud + anomaly)
        const after = await payment.retrievePaymentSession(s.id)
        const report = (after.data as any)?.platform as PlatformReport | undefined
        if (report?.status === "paid") return { result: "skipped", reported: { ...report, provider: s.provider_id } }
      }
      await cancelLifecycleOrderWorkflow(container).run({
        input: {
          order_id: orderId,
          actor: { type: "system", id: "unpaid-order-release" },
          reason: "payment timeout",
          metadata: { timeout_minutes: timeout, placed_at: l.placed_at },
        },
      })
      return { result: "canceled" }
    },
    { timeout: 10 }
  )

  if (outcome.reported) await processPlatformReport(container, outcome.reported, "query")
  if (outcome.result === "paid" && outcome.paidSession) {
    // the money was there: the same path a callback takes (under the same lock): capture, confirm, review
    await applyPlatformPayment(container, { session_id: outcome.paidSession.id, amount: outcome.paidSession.amount })
  }
  return outcome.result
}

/**
 * Why an unpaid order past its time must not be released, if a person has to look first: a bank-transfer slip not
 * judged yet, a partial bank receipt, or an open anomaly about money for the order (a mismatch, a wrong coin).
 */
async function reasonToHold(container: MedusaContainer, orderId: string, open: Array<{ data: Record<string, unknown> | null }>): Promise<string | null> {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  for (const s of open) {
    const d = (s.data ?? {}) as Record<string, any>
    if (d.reference && Number(d.received_minor ?? 0) > 0) {
      return `unpaid-order release held: a partial bank transfer of ${formatMinor(Number(d.received_minor), String(d.currency))} of ${formatMinor(Number(d.amount_minor), String(d.currency))} was received (${d.reference}); decide whether to wait, accept or refund`
    }
  }
  const proofs = await service.listProofsOf(orderId)
  if (proofs.some((p: any) => p.status === "submitted")) {
    return "unpaid-order release held: the customer uploaded a bank-transfer slip that has not been judged yet"
  }
  const [anomalies] = await service.listAnomalies({ order_id: orderId, status: ["open", "investigating", "waiting_customer"] }, { limit: 5, offset: 0 })
  const money = anomalies.find((a: any) => a.amount_minor !== null && a.amount_minor > 0)
  if (money) return `unpaid-order release held: an open ${money.type} anomaly concerns ${money.currency_code ? formatMinor(money.amount_minor, money.currency_code) : "money"} paid for this order`
  return null
}

/**
 * The release job's body: batch after batch of `unpaidOrderBatchSize` expired
 * orders until none is left or the run's time budget is spent. Each order is
 * handled on its own; a failure is logged and retried next run.
 */
export async function releaseUnpaidOrders(
  container: MedusaContainer,
  opts: { now?: Date; budgetMs?: number } = {}
): Promise<ReleaseReport> {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const options = service.getOptions()
  const started = Date.now()
  const budget = opts.budgetMs ?? options.unpaidOrderRunBudgetSeconds * 1000
  const report: ReleaseReport = { canceled: 0, paid: 0, skipped: 0, held: 0, failed: [], batches: 0 }
  const seen = new Set<string>()
  while (Date.now() - started < budget) {
    const now = opts.now ?? new Date()
    const batch = await service.listExpiredUnpaid(now, options.unpaidOrderBatchSize, [...seen])
    if (!batch.length) break
    report.batches++
    for (const row of batch) {
      seen.add(row.order_id)
      try {
        report[await releaseUnpaidOrder(container, row.order_id, now)]++
      } catch (e) {
        const message = (e as Error).message
        report.failed.push({ order_id: row.order_id, message })
        logger.warn(`order-management: releasing unpaid order ${row.order_id} failed, retrying next run: ${message}`)
        await recordChannelFailure(container, { provider_id: row.payment_provider, error: e, order_id: row.order_id, source: "release_job" })
      }
    }
  }
  return report
}
