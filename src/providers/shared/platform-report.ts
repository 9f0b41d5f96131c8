/**
 * What a China-payments provider tells the plugin about a trade, from a
 * verified callback or an active query. Plain data: the callback route, the
 * sync action and the jobs apply it; the provider never touches orders.
 */
export type PlatformTradeStatus = "paid" | "processing" | "unpaid" | "closed" | "refunded" | "unknown"

export type PlatformReport = {
  provider: string
  /** payment: a trade state; refund: a refund's state; other: nothing to apply */
  kind: "payment" | "refund" | "other"
  /** unique per real-world event, for the inbox (duplicates share it) */
  event_key: string
  session_id: string | null
  out_trade_no: string | null
  status: PlatformTradeStatus
  transaction_id?: string | null
  amount_minor?: number | null
  currency?: string | null
  /** refunds: everything the platform has refunded on the trade so far (Alipay refund_fee), minor units */
  refunded_minor?: number | null
  /** refunds: the platform's number for this refund (Alipay out_biz_no / out_request_no) */
  refund_no?: string | null
  paid_at?: string | null
  /** masked payer account (buyer_logon_id / openid) */
  payer?: string | null
  /**
   * Crypto: how far what was actually paid is from the price, in the order
   * currency's minor units (positive = short, negative = over), and how much
   * of either the merchant tolerates. Outside the tolerance nothing is captured.
   */
  shortfall_minor?: number | null
  tolerance?: { under_minor: number; over_minor: number } | null
  /**
   * a payment that is not the one asked for: a repeated deposit (child payment), one made after expiry, a
   * second payment for a hosted invoice whose session already follows another, or one made in another coin or
   * network than the session asked for (wrong_asset: `asset` against the session's `pay_currency`)
   */
  irregular?: "child_payment" | "paid_late" | "second_payment" | "wrong_asset" | null
  /** crypto: the coin and network the platform says the payment was made in (NOWPayments pay_currency, lower case) */
  asset?: string | null
  /** more words for the anomaly's reason when the money is not captured (what reached the merchant, who holds it) */
  detail?: string | null
  /**
   * The merchant settled this payment by hand at the platform (BTCPay "Marked"): the merchant's decision stands
   * (what was paid is not checked against the price), and these words go into the order's history.
   */
  settled_by_merchant?: string | null
  /**
   * The platform payment this session should follow, when only the platform knows it (a hosted invoice gets
   * its payment once the buyer picks a coin); the plugin binds it to the session through the provider.
   */
  bind_payment_id?: string | null
  /** non-secret fields worth keeping in the inbox */
  summary: Record<string, unknown>
}

/** A callback the provider refused to trust, and why (bad signature, wrong merchant, stale, probe, ...). */
export type PlatformRejection = { provider: string; reason: string; message: string }

export type OrderManagementWebhookResult = { report?: PlatformReport; rejection?: PlatformRejection }

/** Mask an account for display: keep a little of each end. */
export function maskAccount(value: unknown): string | null {
  if (typeof value !== "string" || !value) return null
  if (value.includes("*")) return value // platforms often mask already (lin***@example.com)
  if (value.length <= 4) return `${value[0]}***`
  return `${value.slice(0, 3)}***${value.slice(-2)}`
}
