import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { refundPaymentWorkflow, emitEventStep } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { providerMatches } from "../modules/order-management/options"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { BALANCE_MODULE } from "../modules/balance"
import type BalanceModuleService from "../modules/balance/service"
import { REFUNDED_TO_BALANCE_EVENT } from "../modules/balance/events"
import { BALANCE_REFUND_FLAG, type BalanceRefundFlag } from "../providers/shared/balance-refund"
import { formatMinor, fromMinorUnits, toMinorUnits } from "../utils/money"
import { postBalanceEntryStep } from "./steps/post-balance-entry"
import { withPaymentRefundLock } from "./utils/refund-lock"

/**
 * Providers whose refund honours the to-balance flag (this plugin's), the
 * system provider (its refund moves no money), and the balance provider (its
 * refund is a credit to the balance already). Any other provider would also
 * send the money back through its platform, so it is refused.
 */
export const BALANCE_REFUNDABLE_PROVIDERS = ["alipay", "wechatpay", "nowpayments", "btcpay", "bank-transfer", "system", "balance"]

export type RefundToBalanceInput = {
  order_id: string
  amount_minor: number
  reason: string
  /** the same key again resumes or repeats nothing (a retried request) */
  idempotency_key: string
  actor: { type: "user"; id: string | null }
}

type Prepared = {
  order_id: string
  customer_id: string
  currency_code: string
  payment_id: string
  provider_id: string
  /** major units, what Medusa's refund takes */
  amount: string
  /** what is credited: the request's amount, or on a resumed request the amount actually refunded */
  amount_minor: number
  note: string
  /** a refund already made under this key (a retry resumes after it) */
  existing_refund_id: string | null
  /** that refund was also credited: the request was done before, nothing is repeated */
  done_before: boolean
  /** the balance provider credits the balance itself */
  credited_by_provider: boolean
}

const sum = (rows: any[] | undefined) => (rows ?? []).reduce((s, r) => MathBN.add(s, r.raw_amount ?? r.amount), MathBN.convert(0))

/** An order's payments with what each can still refund, and whether its buyer can hold a balance. */
export async function balanceRefundContext(container: MedusaContainer, orderId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [order] } = await query.graph({
    entity: "order",
    fields: [
      "id", "currency_code", "customer_id", "customer.has_account",
      "payment_collections.payments.id", "payment_collections.payments.provider_id", "payment_collections.payments.data",
      "payment_collections.payments.captures.amount", "payment_collections.payments.captures.raw_amount",
      "payment_collections.payments.refunds.id", "payment_collections.payments.refunds.note",
      "payment_collections.payments.refunds.amount", "payment_collections.payments.refunds.raw_amount",
    ],
    filters: { id: orderId },
  })
  if (!order) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  const o = order as any
  const currency = String(o.currency_code).toLowerCase()
  const payments = ((o.payment_collections ?? []) as any[]).flatMap((c) => c?.payments ?? []).map((p: any) => ({
    payment: p,
    refundable_minor: Math.max(0, toMinorUnits(MathBN.sub(sum(p.captures), sum(p.refunds)), currency)),
    supported: providerMatches(p.provider_id, BALANCE_REFUNDABLE_PROVIDERS),
  }))
  const refundable = payments.filter((x) => x.supported).reduce((s, x) => s + x.refundable_minor, 0)
  const refusal: { code: "guest" | "nothing_captured" | "provider"; message: string } | null = !o.customer_id || !o.customer?.has_account
    ? { code: "guest", message: "the buyer has no customer account to hold a balance (a guest order)" }
    : !payments.some((x) => x.refundable_minor > 0)
      ? { code: "nothing_captured", message: "nothing captured is left to refund" }
      : refundable === 0
        ? { code: "provider", message: `${payments.find((x) => x.refundable_minor > 0)!.payment.provider_id} would also send the money back to the original method` }
        : null
  return { order_id: o.id as string, customer_id: o.customer_id as string | null, currency, payments, refundable_minor: refundable, refusal }
}

/** Check the order, choose the payment, and flag it so its provider records the refund instead of sending it. */
export const prepareBalanceRefundStep = createStep(
  "order-management-prepare-balance-refund",
  async (input: RefundToBalanceInput, { container }) => {
    const ctx = await balanceRefundContext(container, input.order_id)
    const { currency } = ctx
    const note = `refund to balance [${input.idempotency_key}]: ${input.reason}`
    const base = { order_id: ctx.order_id, customer_id: ctx.customer_id as string, currency_code: currency, amount: fromMinorUnits(input.amount_minor, currency), amount_minor: input.amount_minor, note }
    for (const { payment: p } of ctx.payments) {
      const done = (p.refunds ?? []).find((r: any) => typeof r.note === "string" && r.note.includes(`[${input.idempotency_key}]`))
      if (done) {
        const creditedByProvider = providerMatches(p.provider_id, ["balance"])
        const credited = creditedByProvider || !!(await (container.resolve(BALANCE_MODULE) as BalanceModuleService).findEntryBySource("refund", done.id))
        const refunded = toMinorUnits(done.raw_amount ?? done.amount, currency)
        const prepared: Prepared = { ...base, amount: fromMinorUnits(refunded, currency), amount_minor: refunded, payment_id: p.id, provider_id: p.provider_id, existing_refund_id: done.id, done_before: credited, credited_by_provider: creditedByProvider }
        return new StepResponse(prepared, null)
      }
    }
    if (ctx.refusal) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cannot refund to balance: ${ctx.refusal.message}`)
    if (ctx.refundable_minor < input.amount_minor) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Cannot refund ${formatMinor(input.amount_minor, currency)}: ${formatMinor(ctx.refundable_minor, currency)} of this order's payments can still be refunded to the balance`)
    }
    const chosen = ctx.payments.find((x) => x.supported && x.refundable_minor >= input.amount_minor)
    if (!chosen) {
      const most = Math.max(...ctx.payments.filter((x) => x.supported).map((x) => x.refundable_minor))
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Cannot refund ${formatMinor(input.amount_minor, currency)} from one payment: at most ${formatMinor(most, currency)}; refund in parts`)
    }
    const p = chosen.payment
    const byProvider = providerMatches(p.provider_id, ["balance"])
    const flagged = !byProvider && !providerMatches(p.provider_id, ["system"])
    if (flagged) {
      const flag: BalanceRefundFlag = { key: input.idempotency_key, amount_minor: input.amount_minor, currency }
      await container.resolve(Modules.PAYMENT).updatePayment({ id: p.id, data: { ...(p.data ?? {}), [BALANCE_REFUND_FLAG]: flag } } as any) // the DTO type lists only id; the module writes data
    }
    const prepared: Prepared = { ...base, payment_id: p.id, provider_id: p.provider_id, existing_refund_id: null, done_before: false, credited_by_provider: byProvider }
    return new StepResponse(prepared, flagged ? p.id : null)
  },
  // the refund did not happen: take the flag off, so a later refund goes through the platform as usual
  async (paymentId: string | null | undefined, { container }) => {
    if (!paymentId) return
    const payment = container.resolve(Modules.PAYMENT)
    // null, not left out: the payment module merges data on update
    await payment.updatePayment({ id: paymentId, data: { [BALANCE_REFUND_FLAG]: null } } as any)
  }
)

/** The Medusa refund made under this request's key. */
export const findBalanceRefundStep = createStep("order-management-find-balance-refund", async (input: { payment_id: string; key: string }, { container }) => {
  const payment = await container.resolve(Modules.PAYMENT).retrievePayment(input.payment_id, { relations: ["refunds"] })
  const refund = (payment.refunds ?? []).find((r: any) => typeof r.note === "string" && r.note.includes(`[${input.key}]`))
  if (!refund) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `the refund of payment ${input.payment_id} was not recorded`)
  return new StepResponse({ refund_id: refund.id })
})

/** One history row on the order (removed again if a later step fails). */
export const recordRefundHistoryStep = createStep(
  "order-management-record-balance-refund",
  async (input: { order_id: string; actor: RefundToBalanceInput["actor"]; reason: string; metadata: Record<string, unknown> }, { container }) => {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const id = await service.recordEvent(input.order_id, { action: "refunded_to_balance", actor: input.actor, reason: input.reason, metadata: input.metadata })
    return new StepResponse(id, id)
  },
  async (id: string | undefined, { container }) => {
    if (id) await (container.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).softDeleteOrderLifecycleEvents([id])
  }
)

/**
 * Refund (part of) an order's payment to the customer's balance: Medusa's
 * refund workflow records the refund on the payment and the order (its
 * provider, flagged, moves no money), the order's history records it, the
 * ledger is credited once per refund, and an event tells the store.
 */
export const refundToBalanceWorkflow = createWorkflow("order-management-refund-to-balance", (input: RefundToBalanceInput) => {
  const prepared = prepareBalanceRefundStep(input)
  when("order-management-balance-refund-new", { prepared }, ({ prepared }) => !prepared.existing_refund_id).then(() => {
    const refundInput = transform({ prepared, input }, ({ prepared, input }) => ({
      payment_id: prepared.payment_id,
      amount: prepared.amount,
      created_by: input.actor.id ?? undefined,
      note: prepared.note,
    }))
    refundPaymentWorkflow.runAsStep({ input: refundInput as any })
  })
  const refund = findBalanceRefundStep(transform({ prepared, input }, ({ prepared, input }) => ({ payment_id: prepared.payment_id, key: input.idempotency_key })))
  // a repeated request that was done before records, credits and tells nothing again; one that failed after
  // Medusa's refund resumes from there (the history row comes first, so a failed credit takes it back too)
  const history = when("order-management-balance-refund-history", { prepared }, ({ prepared }) => !prepared.done_before).then(() =>
    recordRefundHistoryStep(
      transform({ prepared, input, refund }, ({ prepared, input, refund }) => ({
        order_id: prepared.order_id,
        actor: input.actor,
        reason: `${formatMinor(prepared.amount_minor, prepared.currency_code)} refunded to the customer's balance: ${input.reason}`,
        metadata: { refund_id: refund.refund_id, payment_id: prepared.payment_id, provider_id: prepared.provider_id, amount_minor: prepared.amount_minor },
      }))
    )
  )
  const credited = when("order-management-balance-refund-credit", { prepared }, ({ prepared }) => !prepared.credited_by_provider).then(() =>
    postBalanceEntryStep(
      transform({ prepared, input, refund }, ({ prepared, input, refund }) => ({
        customer_id: prepared.customer_id,
        currency_code: prepared.currency_code,
        direction: "credit" as const,
        amount_minor: prepared.amount_minor,
        source_type: "refund" as const,
        source_id: refund.refund_id,
        reason: input.reason,
        actor: input.actor,
        order_id: prepared.order_id,
        metadata: { payment_id: prepared.payment_id, provider_id: prepared.provider_id },
      }))
    )
  )
  const result = transform({ prepared, refund, credited, history, input }, ({ prepared, refund, credited, history, input }) => ({
    order_id: prepared.order_id,
    payment_id: prepared.payment_id,
    provider_id: prepared.provider_id,
    refund_id: refund.refund_id,
    customer_id: prepared.customer_id,
    currency_code: prepared.currency_code,
    amount_minor: prepared.amount_minor,
    entry_id: (credited as any)?.entry?.id ?? null,
    history_id: history ?? null,
    repeated: prepared.done_before,
  }))
  when("order-management-balance-refund-event", { prepared }, ({ prepared }) => !prepared.done_before).then(() => {
    emitEventStep({ eventName: REFUNDED_TO_BALANCE_EVENT, data: result })
  })
  return new WorkflowResponse(result)
})

/**
 * Run it under a per-order lock, so two requests for one order never pick the same refundable amount, and under the
 * refund lock of each of the order's payments: while its payment is flagged "record, do not send", no other refund
 * of that payment (Medusa's refund route, an anomaly refund) can run and be taken for this one.
 */
export async function refundToBalance(container: MedusaContainer, input: RefundToBalanceInput) {
  const ctx = await balanceRefundContext(container, input.order_id)
  const { result } = await container
    .resolve(Modules.LOCKING)
    .execute([`balance-refund:${input.order_id}`], () => withPaymentRefundLock(container, ctx.payments.map((x) => x.payment.id), () => refundToBalanceWorkflow(container).run({ input })), { timeout: 30 })
  const ledger: BalanceModuleService = container.resolve(BALANCE_MODULE)
  const entry = await ledger.findEntryBySource("refund", result.refund_id)
  return { ...result, entry_id: entry?.id ?? null, balance_minor: await ledger.balanceOf(result.customer_id, result.currency_code) }
}
