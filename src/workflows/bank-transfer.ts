import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { providerMatches } from "../modules/order-management/options"
import type { Actor } from "../modules/order-management/lifecycle/statuses"
import type { BankTransferData } from "../providers/bank-transfer/service"
import { applyPlatformPayment } from "./apply-platform-payment"
import { runLifecycleAction } from "./run-lifecycle-action"
import { orderPaymentContext } from "./utils/order-payment-context"

export const BANK_TRANSFER_PROOF_REJECTED = "order_management.bank_transfer.proof_rejected"
export const BANK_TRANSFER_PROOF_SUBMITTED = "order_management.bank_transfer.proof_submitted"

/** The order's open bank-transfer session, or a 4xx naming why there is none. */
export async function bankTransferSession(container: MedusaContainer, orderId: string) {
  const ctx = await orderPaymentContext(container, orderId)
  const s = ctx.sessions.find((x) => providerMatches(x.provider_id, ["bank-transfer"]))
  if (!s) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This order is not paid by bank transfer")
  return { session: s, data: (s.data ?? {}) as unknown as BankTransferData, cart_id: ctx.cart_id }
}

/**
 * An admin saw money arrive: record the receipt in the session data; once the
 * receipts cover the amount, Medusa captures (under the order's lock) and the
 * lifecycle confirms (then review; `approve` approves it in the same step). A
 * partial receipt is recorded in history and leaves the order pending.
 */
export async function confirmBankTransferReceipt(
  container: MedusaContainer,
  input: { order_id: string; amount_minor: number; received_at: Date; bank_reference: string; actor: Actor; approve?: boolean; note?: string | null }
) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const l = await service.retrieveLifecycleByOrder(input.order_id)
  if (!["pending", "processing"].includes(l.payment_status)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cannot record a receipt: the payment is already ${l.payment_status}`)
  }
  const payment = container.resolve(Modules.PAYMENT)
  const locking = container.resolve(Modules.LOCKING)
  const { session, cart_id } = await bankTransferSession(container, input.order_id)
  const recorded = await locking.execute([cart_id ?? input.order_id], async () => {
    const fresh = await payment.retrievePaymentSession(session.id)
    const d = (fresh.data ?? {}) as unknown as BankTransferData
    if ((d.receipts ?? []).some((r) => r.bank_reference === input.bank_reference)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Receipt ${input.bank_reference} was already recorded`)
    }
    const receipts = [...(d.receipts ?? []), { amount_minor: input.amount_minor, received_at: input.received_at.toISOString(), bank_reference: input.bank_reference, by: input.actor.id ?? null }]
    const received = receipts.reduce((sum, r) => sum + r.amount_minor, 0)
    await payment.updatePaymentSession({ id: session.id, data: { ...d, receipts, received_minor: received } as any, amount: fresh.amount as any, currency_code: fresh.currency_code })
    return { received, expected: d.amount_minor, currency: d.currency, amount: fresh.amount }
  }, { timeout: 30 })

  const complete = recorded.received >= recorded.expected
  await service.recordEvent(input.order_id, {
    action: complete ? "bank_transfer_received" : "bank_transfer_partial_receipt",
    actor: input.actor,
    reason: `${input.amount_minor} minor units received (${input.bank_reference}); ${recorded.received} of ${recorded.expected} ${recorded.currency}${recorded.received > recorded.expected ? `, overpaid by ${recorded.received - recorded.expected}` : ""}${input.note ? ` — ${input.note}` : ""}`,
    metadata: { received_minor: recorded.received, expected_minor: recorded.expected, bank_reference: input.bank_reference },
  })
  if (!complete) return { complete, ...recorded }
  await applyPlatformPayment(container, { session_id: session.id, amount: recorded.amount, platform_transaction_id: input.bank_reference })
  const proofs = await service.listProofsOf(input.order_id)
  for (const p of proofs.filter((x: any) => x.status === "submitted")) await service.reviewProof(p.id, input.order_id, "accepted", { by: input.actor.id ?? null })
  if (input.approve) {
    const now = await service.retrieveLifecycleByOrder(input.order_id)
    if (now.fulfillment_status === "holded") await runLifecycleAction(container, { order_id: input.order_id, action: "approve", actor: input.actor, reason: "bank transfer received" } as any)
  }
  return { complete, ...recorded }
}
