import { MedusaError } from "@medusajs/framework/utils"
import type { RefundPaymentInput, RefundPaymentOutput } from "@medusajs/framework/types"
import { toMinorUnits } from "../../utils/money"

/**
 * Set in a payment's data by the plugin's refund-to-balance workflow just
 * before it runs Medusa's refund: the provider then records the refund
 * without sending money back through the platform (the customer's balance is
 * credited instead). `amount_minor` must match the refund, so no other refund
 * running at that moment can take the flag for itself.
 */
export const BALANCE_REFUND_FLAG = "order_management_refund_to_balance"

export type BalanceRefundFlag = { key: string; amount_minor: number; currency: string }

/**
 * Set by the plugin when the platform reports a refund the store did not start (made by hand in the platform's
 * merchant console): Medusa's refund records it so the refundable amount no longer counts it, and the provider
 * records it without sending money a second time. Matched on the amount like the balance flag.
 */
export const OUTSIDE_REFUND_FLAG = "order_management_refund_outside_store"

export type OutsideRefundFlag = { key: string; amount_minor: number; currency: string; refund_no: string | null }

/**
 * A refund the provider must record instead of sending: to the customer's balance (BALANCE_REFUND_FLAG) or one the
 * platform already made outside the store (OUTSIDE_REFUND_FLAG). Null: refund through the platform as usual.
 * @throws MedusaError CONFLICT when a flag is set for another amount (another refund is running)
 */
export function refundToBalanceInstead(input: RefundPaymentInput): RefundPaymentOutput | null {
  const outside = recordOutsideRefund(input)
  if (outside) return outside
  const { [BALANCE_REFUND_FLAG]: flag, ...data } = (input.data ?? {}) as Record<string, any>
  if (!flag) return null
  const f = flag as BalanceRefundFlag
  const amount = toMinorUnits(input.amount as any, f.currency)
  if (amount !== f.amount_minor) {
    throw new MedusaError(MedusaError.Types.CONFLICT, `a refund to the customer's balance of ${f.amount_minor} minor units is in progress on this payment; retry this refund of ${amount} in a moment`)
  }
  const record = { refund_id: String(input.context?.idempotency_key ?? ""), amount_minor: amount, currency: f.currency, key: f.key, at: new Date().toISOString() }
  // null, not left out: Medusa merges the stored data with this answer, so a missing key would keep the flag
  return { data: { ...data, [BALANCE_REFUND_FLAG]: null, balance_refunds: [...((data.balance_refunds as any[]) ?? []), record] } }
}

function recordOutsideRefund(input: RefundPaymentInput): RefundPaymentOutput | null {
  const { [OUTSIDE_REFUND_FLAG]: flag, ...data } = (input.data ?? {}) as Record<string, any>
  if (!flag) return null
  const f = flag as OutsideRefundFlag
  const amount = toMinorUnits(input.amount as any, f.currency)
  if (amount !== f.amount_minor) {
    throw new MedusaError(MedusaError.Types.CONFLICT, `a refund made outside the store of ${f.amount_minor} minor units is being recorded on this payment; retry this refund of ${amount} in a moment`)
  }
  const record = { refund_id: String(input.context?.idempotency_key ?? ""), amount_minor: amount, currency: f.currency, refund_no: f.refund_no, key: f.key, at: new Date().toISOString() }
  return { data: { ...data, [OUTSIDE_REFUND_FLAG]: null, outside_refunds: [...((data.outside_refunds as any[]) ?? []), record] } }
}
