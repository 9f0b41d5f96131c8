import { decimalToMinor } from "../../gateways/decimal"
import { maskAccount, type PlatformReport, type PlatformTradeStatus } from "../shared/platform-report"
import { sessionIdForTradeNumber } from "../shared/trade-number"

const STATUS: Record<string, PlatformTradeStatus> = {
  TRADE_SUCCESS: "paid",
  TRADE_FINISHED: "paid",
  WAIT_BUYER_PAY: "unpaid",
  TRADE_CLOSED: "closed",
}

/** A verified notify (trade_status_sync) or trade.query answer as a PlatformReport. */
export function alipayReport(provider: string, fields: Record<string, any>, source: "notify" | "query"): PlatformReport {
  const refundNotify = source === "notify" && (fields.out_biz_no || fields.refund_fee) && fields.gmt_refund
  let status = STATUS[String(fields.trade_status)] ?? "unknown"
  if (status === "closed" && decimalToMinor(fields.refund_fee) && decimalToMinor(fields.refund_fee) === decimalToMinor(fields.total_amount)) status = "refunded"
  return {
    provider,
    kind: refundNotify ? "refund" : "payment",
    // one real-world change = one key: the trade, its state, and the refund request it concerns
    event_key: [fields.trade_no ?? fields.out_trade_no, fields.trade_status, fields.out_biz_no ?? ""].join(":"),
    session_id: sessionIdForTradeNumber(fields.out_trade_no),
    out_trade_no: fields.out_trade_no ?? null,
    status,
    transaction_id: fields.trade_no ?? null,
    amount_minor: decimalToMinor(fields.total_amount),
    ...(refundNotify ? { refunded_minor: decimalToMinor(fields.refund_fee), refund_no: fields.out_biz_no ?? null } : {}),
    // Alipay trades without trans_currency are in CNY
    currency: fields.trans_currency ? String(fields.trans_currency).toUpperCase() : "CNY",
    paid_at: fields.gmt_payment ?? fields.send_pay_date ?? null,
    payer: maskAccount(fields.buyer_logon_id),
    summary: Object.fromEntries(
      ["notify_id", "notify_time", "trade_no", "out_trade_no", "trade_status", "total_amount", "receipt_amount", "buyer_pay_amount", "refund_fee", "out_biz_no", "gmt_payment", "gmt_refund", "app_id", "seller_id"]
        .filter((k) => fields[k] !== undefined)
        .map((k) => [k, fields[k]])
    ),
  }
}
