import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { AFTER_SALES_MODULE } from "../../modules/after-sales"
import type AfterSalesModuleService from "../../modules/after-sales/service"
import type { RefundDestination, RefundRequestView } from "../../modules/after-sales/service"
import { REFUND_REQUEST_APPROVED, REFUND_REQUEST_REJECTED, REFUND_REQUEST_WITHDRAWN } from "../../modules/after-sales/events"
import { approvalThreshold } from "../../modules/after-sales/options"
import { formatMinor } from "../../utils/money"
import { refundContext } from "./context"
import { requestEventData } from "./event-data"
import { recordOrderHistory } from "./history"
import { processRefundRequest } from "./process-refund"

/** The failure causes in words, for refusals. */
const FAILURE_WORDS: Record<string, string> = {
  channel_not_configured: "the payment channel is not configured for refunds",
  merchant_balance_insufficient: "the merchant's balance at the platform is insufficient",
  information_incomplete: "the refund information is incomplete",
  deadline_passed: "the refund deadline has passed",
  platform_error: "the payment platform refused it",
}

type Admin = { type: "user"; id: string | null; email?: string | null }

/** 403 unless this admin may approve this amount (options refundApprovalAboveMinor + permissions.approveRefund). */
export function assertMayApprove(afterSales: AfterSalesModuleService, actor: Admin, amountMinor: number, currency: string) {
  const o = afterSales.getAfterSalesOptions()
  if (!o.approveRefund) return
  const threshold = approvalThreshold(o, currency)
  if (o.refundApprovalAboveMinor !== null && (threshold === null || amountMinor <= threshold)) return
  if (o.approveRefund.includes(actor.id ?? "") || (actor.email && o.approveRefund.includes(actor.email))) return
  throw new MedusaError(
    MedusaError.Types.FORBIDDEN,
    threshold !== null
      ? `Cannot approve a refund above ${formatMinor(threshold, currency)}: not permitted for your admin account (insufficient permissions)`
      : "Cannot approve refunds: not permitted for your admin account (insufficient permissions)"
  )
}

async function assertDestination(container: MedusaContainer, r: RefundRequestView, destination: RefundDestination) {
  if (destination !== "balance") return
  const ctx = await refundContext(container, r.order_id, r.id)
  if (!ctx.order.customer_id || !ctx.order.has_account) throw new MedusaError(MedusaError.Types.INVALID_DATA, "Cannot refund to the balance: the buyer has no customer account to hold a balance (a guest order); refund to the original payment method")
}

/**
 * Approve a requested refund (optionally another amount, ≤ what is refundable), choose where the money goes, and
 * process it at once (`processRefundRequest`). Compare-and-set: of two admins approving the same request one wins,
 * the other gets 409. Throws 400 (amount, destination), 403 (permission), 404, 409.
 */
export async function approveRefundRequest(container: MedusaContainer, id: string, input: { amount_minor?: number | null; destination: RefundDestination; note?: string | null }, actor: Admin): Promise<RefundRequestView> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const r = await afterSales.viewRefundRequest(id)
  if (r.status !== "requested") throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot approve this refund request: it is ${r.status}`)
  const amount = input.amount_minor ?? r.amount_minor
  if (!Number.isInteger(amount) || amount <= 0) throw new MedusaError(MedusaError.Types.INVALID_DATA, "amount must be a whole number of minor units greater than 0")
  const ctx = await refundContext(container, r.order_id, r.id)
  if (amount > ctx.available_minor) throw new MedusaError(MedusaError.Types.INVALID_DATA, `amount ${formatMinor(amount, r.currency_code)} is more than can be refunded: at most ${formatMinor(ctx.available_minor, r.currency_code)}`)
  assertMayApprove(afterSales, actor, amount, r.currency_code)
  await assertDestination(container, r, input.destination)
  const who = { type: "user", id: actor.id }
  await afterSales.moveRefundRequest(id, ["requested"], "approved", { amount_minor: amount, destination: input.destination, reviewed_by_type: "user", reviewed_by_id: actor.id, reviewed_at: new Date(), review_note: input.note?.trim() || null }, {
    action: "approved",
    actor: who,
    message: `${formatMinor(amount, r.currency_code)} to ${input.destination === "balance" ? "the customer's balance" : "the original payment method"}${amount !== r.amount_minor ? ` (asked ${formatMinor(r.amount_minor, r.currency_code)})` : ""}${input.note?.trim() ? `: ${input.note.trim()}` : ""}`,
  })
  const approved = await afterSales.viewRefundRequest(id)
  await recordOrderHistory(container, r.order_id, { action: "refund_request_approved", actor: who, reason: `refund of ${formatMinor(amount, r.currency_code)} approved to ${input.destination === "balance" ? "the customer's balance" : "the original payment method"}`, metadata: { refund_request_id: id, amount_minor: amount, destination: input.destination } })
  await container.resolve(Modules.EVENT_BUS).emit({ name: REFUND_REQUEST_APPROVED, data: requestEventData({ ...approved, display_id: ctx.order.display_id }, "user") })
  return processRefundRequest(container, id, who)
}

/** Reject a requested (or give up a failed) request with a reason. Throws 400 without a reason, 404, 409. */
export async function rejectRefundRequest(container: MedusaContainer, id: string, reason: string, actor: Admin): Promise<RefundRequestView> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  if (!reason?.trim()) throw new MedusaError(MedusaError.Types.INVALID_DATA, "reason is required to reject a refund request")
  const who = { type: "user", id: actor.id }
  await afterSales.moveRefundRequest(id, ["requested", "failed"], "rejected", { reject_reason: reason.trim(), reviewed_by_type: "user", reviewed_by_id: actor.id, reviewed_at: new Date() }, { action: "rejected", actor: who, message: reason.trim() })
  const r = await afterSales.viewRefundRequest(id)
  await recordOrderHistory(container, r.order_id, { action: "refund_request_rejected", actor: who, reason: `refund request rejected: ${reason.trim()}`, metadata: { refund_request_id: id } })
  await container.resolve(Modules.EVENT_BUS).emit({ name: REFUND_REQUEST_REJECTED, data: requestEventData(r, "user", { reason: reason.trim() }) })
  return r
}

/** The customer withdraws a request not yet reviewed. Throws 404, 409 (already reviewed). */
export async function withdrawRefundRequest(container: MedusaContainer, id: string, customerId: string | null): Promise<RefundRequestView> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const who = { type: "customer", id: customerId }
  await afterSales.moveRefundRequest(id, ["requested"], "withdrawn", {}, { action: "withdrawn", actor: who, message: "withdrawn by the customer" })
  const r = await afterSales.viewRefundRequest(id)
  await recordOrderHistory(container, r.order_id, { action: "refund_request_withdrawn", actor: who, reason: "refund request withdrawn by the customer", metadata: { refund_request_id: id } })
  await container.resolve(Modules.EVENT_BUS).emit({ name: REFUND_REQUEST_WITHDRAWN, data: requestEventData(r, "customer") })
  return r
}

/**
 * Retry a failed request, to the same destination or another (e.g. the balance when the platform keeps refusing).
 * 409 for a retry to the same destination after a failure a retry cannot change (`failure.retryable` false).
 */
export async function retryRefundRequest(container: MedusaContainer, id: string, input: { destination?: RefundDestination | null }, actor: Admin): Promise<RefundRequestView> {
  const afterSales: AfterSalesModuleService = container.resolve(AFTER_SALES_MODULE)
  const r = await afterSales.viewRefundRequest(id)
  if (r.status !== "failed") throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot retry this refund request: it is ${r.status}`)
  const destination = input.destination ?? r.destination ?? "original"
  if (r.failure && !r.failure.retryable && destination === (r.destination ?? "original")) {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Cannot retry this refund request the same way: it failed because ${FAILURE_WORDS[r.failure.cause] ?? r.failure.cause}, which a retry will not change; ${destination === "original" ? "refund it to the customer's balance, or reject it" : "reject it"}`
    )
  }
  assertMayApprove(afterSales, actor, r.amount_minor - r.refunded_minor, r.currency_code)
  await assertDestination(container, r, destination)
  return processRefundRequest(container, id, { type: "user", id: actor.id }, { destination })
}
