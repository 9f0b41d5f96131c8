import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { AFTER_SALES_MODULE } from "../../modules/after-sales"
import type AfterSalesModuleService from "../../modules/after-sales/service"
import type { RefundDestination, RefundMove, RefundRequestView } from "../../modules/after-sales/service"
import { REFUND_REQUEST_FAILED } from "../../modules/after-sales/events"
import { refundFailureOf, type RefundFailureInfo } from "../../modules/after-sales/failure"
import { providerMatches } from "../../modules/order-management/options"
import { formatMinor, fromMinorUnits } from "../../utils/money"
import { refundToBalance } from "../refund-to-balance"
import { withPaymentRefundLock } from "../utils/refund-lock"
import { refundContext, type RefundablePayment } from "./context"
import { requestEventData } from "./event-data"
import { finishRefundRequest } from "./finish-refund"
import { recordOrderHistory } from "./history"

type Actor = { type: string; id: string | null }

/** The tag a request's Medusa refunds carry in their note: `[<request id>:<attempt>]` (a retry finds what it made). */
const tagOf = (id: string, attempt: number) => `[${id}:${attempt}]`

/**
 * What the platform did with one Medusa refund, read from the payment's data the provider returned: WeChat's
 * refund number and state (PROCESSING until its notify or a query says SUCCESS), Alipay's request number (settled
 * when it answers), a manual task (NOWPayments, bank transfer), a BTCPay pull payment the buyer claims.
 */
export function platformMoveOf(payment: { provider_id: string; data: Record<string, any> }, refundId: string): Pick<RefundMove, "platform_refund_no" | "status" | "claim_url"> {
  const d = payment.data ?? {}
  const key = refundId.slice(0, 64)
  if (providerMatches(payment.provider_id, ["wechatpay"])) {
    const r = (d.refunds ?? []).find((x: any) => x.out_refund_no === key)
    const s = String(r?.status ?? "processing").toLowerCase()
    return { platform_refund_no: r?.refund_id ?? null, status: s === "success" ? "succeeded" : s === "closed" ? "closed" : s === "abnormal" ? "abnormal" : "processing", claim_url: null }
  }
  if (providerMatches(payment.provider_id, ["alipay"])) {
    const r = (d.refunds ?? []).find((x: any) => x.out_request_no === key)
    return { platform_refund_no: r?.out_request_no ?? key, status: "succeeded", claim_url: null }
  }
  if (providerMatches(payment.provider_id, ["btcpay"])) {
    const r = (d.refunds ?? []).find((x: any) => x.refund_id === refundId)
    return { platform_refund_no: r?.pull_payment_id ?? null, status: "manual_task", claim_url: r?.claim_link ?? null }
  }
  if (providerMatches(payment.provider_id, ["nowpayments", "bank-transfer"])) return { platform_refund_no: null, status: "manual_task", claim_url: null }
  return { platform_refund_no: null, status: "succeeded", claim_url: null }
}

/** Is the payment's provider installed and enabled in Medusa's payment module? */
async function providerConfigured(container: MedusaContainer, providerId: string): Promise<boolean> {
  const [p] = await container.resolve(Modules.PAYMENT).listPaymentProviders({ id: providerId } as any)
  return !!p && (p as any).is_enabled !== false
}

/** Refund `amount` to the original method over the order's payments (largest refundable first), as Medusa refunds. */
async function refundToOriginal(container: MedusaContainer, r: RefundRequestView, attempt: number, actor: Actor, payments: RefundablePayment[], amount: number, now: Date): Promise<RefundMove[]> {
  const moves: RefundMove[] = []
  const tag = tagOf(r.id, attempt)
  // a retry of the same attempt resumes: refunds already made under its tag count
  for (const p of payments) {
    for (const done of p.refunds.filter((x) => x.note?.includes(tag))) {
      moves.push({ refund_id: done.id, payment_id: p.id, provider_id: p.provider_id, amount_minor: done.amount_minor, destination: "original", ...platformMoveOf(p, done.id), attempt, created_at: done.created_at ?? now.toISOString() })
    }
  }
  let left = amount - moves.reduce((s, m) => s + m.amount_minor, 0)
  for (const p of [...payments].sort((a, b) => b.refundable_minor - a.refundable_minor)) {
    if (left <= 0) break
    if (p.refundable_minor <= 0) continue
    if (!(await providerConfigured(container, p.provider_id))) {
      throw Object.assign(new MedusaError(MedusaError.Types.NOT_ALLOWED, `the payment channel ${p.provider_id} is not configured in this store (no refund API)`), { after_sales_cause: "channel_not_configured" })
    }
    if (p.deadline_at && now.toISOString() > p.deadline_at) {
      throw Object.assign(new MedusaError(MedusaError.Types.NOT_ALLOWED, `the refund deadline of ${p.provider_id} for this payment passed on ${p.deadline_at.slice(0, 10)}`), { after_sales_cause: "deadline_passed" })
    }
    const part = Math.min(left, p.refundable_minor)
    await withPaymentRefundLock(container, [p.id], () =>
      refundPaymentWorkflow(container).run({ input: { payment_id: p.id, amount: fromMinorUnits(part, r.currency_code), created_by: actor.type === "user" ? actor.id ?? undefined : undefined, note: `refund request ${r.id} ${tag}` } as any })
    )
    const payment = await container.resolve(Modules.PAYMENT).retrievePayment(p.id, { relations: ["refunds"] })
    const made = ((payment as any).refunds ?? []).filter((x: any) => String(x.note ?? "").includes(tag) && !moves.some((m) => m.refund_id === x.id))
    for (const m of made) {
      moves.push({ refund_id: m.id, payment_id: p.id, provider_id: p.provider_id, amount_minor: part, destination: "original", ...platformMoveOf({ provider_id: p.provider_id, data: (payment as any).data ?? {} }, m.id), attempt, created_at: now.toISOString() })
    }
    left -= part
  }
  if (left > 0) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `only ${formatMinor(amount - left, r.currency_code)} of ${formatMinor(amount, r.currency_code)} could be refunded to the original payment method`)
  return moves
}

/**
 * Process an approved (or failed, on retry) request: move it to processing (compare-and-set, so one process does
 * it), then send the money — to the original method through Medusa's refund workflow (each provider refunds at its
 * platform; a WeChat refund may stay processing until its notify), or to the customer's balance through the
 * plugin's refund-to-balance path — and record each move. A request whose moves all settled is finished
 * (`finishRefundRequest`); a failure leaves it `failed` with its cause (see failure.ts), retryable from the admin.
 * Runs under a per-order lock. Returns the request as it ends.
 */
export async function processRefundRequest(container: MedusaContainer, id: string, actor: Actor, opts: { destination?: RefundDestination; now?: Date } = {}): Promise<RefundRequestView> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const before = await afterSales.viewRefundRequest(id)
  const destination = opts.destination ?? before.destination ?? "original"
  const attempt = before.attempt + 1
  await afterSales.moveRefundRequest(id, ["approved", "failed"], "processing", { attempt, destination, failure: null }, {
    action: before.status === "failed" ? "retried" : "processing",
    actor,
    message: `${formatMinor(before.amount_minor - before.refunded_minor, before.currency_code)} to ${destination === "balance" ? "the customer's balance" : "the original payment method"}`,
    metadata: { attempt, destination },
  })
  const r = await afterSales.viewRefundRequest(id)
  const now = opts.now ?? new Date()
  const amount = r.amount_minor - r.refunded_minor
  try {
    const moves = await container.resolve(Modules.LOCKING).execute([`refund-request:${r.order_id}`], async () => {
      if (destination === "balance") {
        const done = await refundToBalance(container, {
          order_id: r.order_id,
          amount_minor: amount,
          reason: `refund request ${r.id} (${r.reason_code})`,
          idempotency_key: `${r.id}:${attempt}`,
          actor: { type: "user", id: actor.type === "user" ? actor.id : null },
        })
        return [{ refund_id: done.refund_id, payment_id: done.payment_id, provider_id: done.provider_id, amount_minor: done.amount_minor, destination: "balance" as const, platform_refund_no: done.entry_id, status: "credited" as const, claim_url: null, attempt, created_at: now.toISOString() }]
      }
      const ctx = await refundContext(container, r.order_id, r.id, now)
      return refundToOriginal(container, r, attempt, actor, ctx.payments, amount, now)
    }, { timeout: 60 })
    const refunds = [...r.refunds, ...moves]
    const settledMinor = moves.filter((m) => m.status !== "processing").reduce((s, m) => s + m.amount_minor, 0)
    await afterSales.patchRefundRequest(id, { refunds, refunded_minor: r.refunded_minor + settledMinor }, {
      action: "refund_sent",
      actor,
      message: moves.map((m) => `${formatMinor(m.amount_minor, r.currency_code)} via ${m.provider_id}: ${m.status}${m.platform_refund_no ? ` (${m.platform_refund_no})` : ""}`).join("; "),
      metadata: { refunds: moves },
    })
    if (moves.some((m) => m.status === "processing")) return afterSales.viewRefundRequest(id)
    return finishRefundRequest(container, id, actor)
  } catch (e) {
    const cause = (e as any)?.after_sales_cause
    const failure: RefundFailureInfo = cause ? { cause, message: (e as Error).message, platform_code: null, retryable: cause === "channel_not_configured" } : refundFailureOf(e)
    await failRefundRequest(container, id, failure, actor)
    return afterSales.viewRefundRequest(id)
  }
}

/** processing → failed with the cause; the order's history and `order_management.refund_request.failed`. */
export async function failRefundRequest(container: MedusaContainer, id: string, failure: RefundFailureInfo, actor: Actor) {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  await afterSales.moveRefundRequest(id, ["processing"], "failed", { failure }, { action: "failed", actor, message: `${failure.cause}: ${failure.message}`, metadata: { ...failure } })
  const r = await afterSales.viewRefundRequest(id)
  await recordOrderHistory(container, r.order_id, { action: "refund_failed", actor, reason: `refund request failed (${failure.cause}): ${failure.message}`, metadata: { refund_request_id: id, ...failure } })
  await container.resolve(Modules.EVENT_BUS).emit({ name: REFUND_REQUEST_FAILED, data: requestEventData(r, actor.type, { failure: { cause: failure.cause, message: failure.message } }) })
}
