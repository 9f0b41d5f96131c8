/** Line-item metadata key marking the payment fee line a customer-borne channel fee adds to a cart. */
export const PAYMENT_FEE_KEY = "order_management_payment_fee"

export type PaymentFeeMeta = {
  provider_id: string
  rate_bps: number
  fixed_minor: number
  /** what the fee was computed on: the cart total without fee lines */
  base_minor: number
  fee_minor: number
}

/** A payment fee line: it is paid, never shipped, activated or re-ordered. */
export function isPaymentFeeLine(item: { metadata?: Record<string, unknown> | null } | null | undefined): boolean {
  return !!item?.metadata?.[PAYMENT_FEE_KEY]
}
