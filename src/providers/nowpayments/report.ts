import { decimalToMinor, shortfallMinor } from "../../gateways/decimal"
import type { NowPayment } from "../../gateways/nowpayments"
import type { PlatformReport, PlatformTradeStatus } from "../shared/platform-report"
import { sessionIdForTradeNumber } from "../shared/trade-number"

const STATUS: Record<string, PlatformTradeStatus> = {
  waiting: "unpaid",
  confirming: "unpaid",
  confirmed: "processing",
  sending: "processing",
  partially_paid: "paid",
  finished: "paid",
  failed: "closed",
  expired: "closed",
  refunded: "refunded",
}

/** A (re-queried) NOWPayments payment as a PlatformReport, with the shortfall in the order currency. */
export function nowPaymentsReport(provider: string, p: NowPayment, tolerance: { under_minor: number; over_minor: number }): PlatformReport {
  const price = decimalToMinor(typeof p.price_amount === "number" ? p.price_amount.toFixed(2) : p.price_amount)
  const paidAfterExpiry = !!(p.valid_until && p.updated_at && Date.parse(p.updated_at) > Date.parse(p.valid_until))
  const status = STATUS[p.payment_status] ?? "unknown"
  return {
    provider,
    kind: "payment",
    event_key: [p.payment_id, p.payment_status, String(p.actually_paid ?? "0")].join(":"),
    session_id: sessionIdForTradeNumber(p.order_id),
    out_trade_no: p.order_id ?? null,
    status,
    transaction_id: String(p.payment_id),
    amount_minor: price,
    currency: String(p.price_currency ?? "").toUpperCase() || null,
    paid_at: status === "paid" ? p.updated_at ?? null : null,
    payer: null,
    shortfall_minor: price === null ? null : shortfallMinor(price, p.pay_amount, p.actually_paid ?? 0),
    tolerance,
    irregular: p.parent_payment_id ? "child_payment" : status === "paid" && paidAfterExpiry ? "paid_late" : null,
    // a hosted invoice's payment: the session learns which payment it is once the buyer picked a coin
    bind_payment_id: p.invoice_id && !p.parent_payment_id ? String(p.payment_id) : null,
    summary: {
      payment_id: p.payment_id, parent_payment_id: p.parent_payment_id ?? null, invoice_id: p.invoice_id ?? null, payment_status: p.payment_status, pay_currency: p.pay_currency,
      pay_amount: p.pay_amount, actually_paid: p.actually_paid, price_amount: p.price_amount, price_currency: p.price_currency,
      outcome_amount: p.outcome_amount, outcome_currency: p.outcome_currency, updated_at: p.updated_at,
    },
  }
}

