import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { UpdatePaymentOutput, WebhookActionResult } from "@medusajs/framework/types"
import type { OrderManagementWebhookResult, PlatformReport } from "./platform-report"

/** What a China-payments provider keeps in the payment session's data. */
export type TradeData = {
  session_id: string
  out_trade_no: string
  revision?: number
  method: string
  amount_minor: number
  currency: string
  expires_at: string
  qr_code?: string
  qr_image?: string
  pay_url?: string
  return_url?: string | null
  closed_at?: string
  /** the latest query answer */
  platform?: PlatformReport | null
}

/** Paid at the platform for exactly what this session asked. */
export function paidMatches(report: PlatformReport | null | undefined, data: TradeData): boolean {
  return (
    !!report &&
    report.status === "paid" &&
    report.amount_minor === data.amount_minor &&
    String(report.currency ?? "").toUpperCase() === String(data.currency).toUpperCase()
  )
}

/**
 * Medusa's view: captured only when the platform was paid the right amount;
 * otherwise pending_authorization (the order is placed, stock reserved). A
 * paid-but-different trade stays pending here: the plugin's callback/sync path
 * reads `platform` from the data and raises the mismatch.
 */
export function sessionStatusFor(report: PlatformReport | null, data: TradeData): PaymentSessionStatus {
  return paidMatches(report, data) ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.PENDING_AUTHORIZATION
}

export const CLOSE_FLAG = "order_management_close_trade"
export const QUERY_FLAG = "order_management_query"
/**
 * Adopt an existing trade instead of creating one (initiatePayment): the session's data is the trade's as it was
 * registered. The plugin does this to refund money paid to a trade whose session Medusa deleted: the new session is
 * authorized (the provider asks the platform, which says paid), so Medusa has a payment to refund through.
 */
export const ADOPT_FLAG = "order_management_adopt_trade"
/** Bind the platform payment a report named (BIND_FLAG: its id) to the session; the provider checks it belongs. */
export const BIND_FLAG = "order_management_bind_payment"
/**
 * Medusa merges a session's stored data with what a provider returns (keys
 * are never dropped), so a provider that has acted on a flag returns it as
 * null; otherwise the stored flag would fire again on the next update.
 */
export const FLAGS_CLEARED = { [CLOSE_FLAG]: null, [QUERY_FLAG]: null, [BIND_FLAG]: null }
/**
 * Ask the platform about one refund (its out_refund_no as the flag's value; WeChat Pay v3 `GET
 * /v3/refund/domestic/refunds/{out_refund_no}`): the provider answers `refund_query: { out_refund_no, refund_id,
 * status }` (status SUCCESS | PROCESSING | CLOSED | ABNORMAL, or null when the platform does not know it).
 */
export const REFUND_QUERY_FLAG = "order_management_refund_query"

/**
 * The plugin talks to a provider through updatePaymentSession flags (a
 * provider is reachable from outside the payment module only that way):
 * close the trade, or query it and return the answer in `platform`.
 */
export async function applyQueryFlags(
  data: Record<string, any>,
  ops: { close: (d: TradeData) => Promise<TradeData>; query: (d: TradeData) => Promise<PlatformReport | null> }
): Promise<UpdatePaymentOutput | null> {
  const { [CLOSE_FLAG]: close, [QUERY_FLAG]: query, ...rest } = data
  if (close) return { data: { ...(await ops.close(rest as TradeData)), ...FLAGS_CLEARED } as any, status: PaymentSessionStatus.CANCELED }
  if (query) return { data: { ...rest, platform: await ops.query(rest as TradeData), queried_at: new Date().toISOString(), ...FLAGS_CLEARED } }
  return null
}

/** Our routes read `order_management`; Medusa's generic webhook subscriber ignores not_supported. */
export function notSupported(result: OrderManagementWebhookResult): WebhookActionResult {
  return { action: PaymentActions.NOT_SUPPORTED, order_management: result } as WebhookActionResult
}
