import { decimalToMinor } from "../../gateways/decimal"
import type { BtcpayInvoice } from "../../gateways/btcpay"
import type { PlatformReport, PlatformTradeStatus } from "../shared/platform-report"
import { sessionIdForTradeNumber } from "../shared/trade-number"

const STATUS: Record<string, PlatformTradeStatus> = { New: "unpaid", Processing: "processing", Settled: "paid", Expired: "closed", Invalid: "closed" }

/** A (re-fetched) BTCPay invoice as a PlatformReport; a late or partial payment on an expired invoice counts as money to look at. */
export function btcpayReport(provider: string, inv: BtcpayInvoice, tolerance: { under_minor: number; over_minor: number }): PlatformReport {
  const price = decimalToMinor(inv.amount)
  const paid = decimalToMinor(inv.paidAmount ?? "0")
  const late = inv.additionalStatus === "PaidLate"
  const partialExpired = inv.status === "Expired" && inv.additionalStatus === "PaidPartial"
  const status: PlatformTradeStatus = late || partialExpired ? "paid" : STATUS[inv.status] ?? "unknown"
  const orderId = (inv.metadata?.orderId as string | undefined) ?? null
  return {
    provider,
    kind: "payment",
    event_key: [inv.id, inv.status, inv.additionalStatus, inv.paidAmount ?? "0"].join(":"),
    session_id: sessionIdForTradeNumber(orderId),
    out_trade_no: orderId,
    status,
    transaction_id: inv.id,
    amount_minor: price,
    currency: inv.currency?.toUpperCase() ?? null,
    paid_at: status === "paid" ? new Date().toISOString() : null,
    payer: null,
    shortfall_minor: price === null || paid === null ? null : price - paid,
    tolerance,
    irregular: late ? "paid_late" : null,
    summary: { invoice_id: inv.id, status: inv.status, additional_status: inv.additionalStatus, amount: inv.amount, paid_amount: inv.paidAmount, currency: inv.currency },
  }
}
