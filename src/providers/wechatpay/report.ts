import type { WechatTransaction } from "../../gateways/wechatpay"
import { maskAccount, type PlatformReport, type PlatformTradeStatus } from "../shared/platform-report"
import { sessionIdForTradeNumber } from "../shared/trade-number"

const STATUS: Record<string, PlatformTradeStatus> = {
  SUCCESS: "paid",
  REFUND: "paid",
  NOTPAY: "unpaid",
  USERPAYING: "unpaid",
  CLOSED: "closed",
  REVOKED: "closed",
  PAYERROR: "unpaid",
}

/** A decrypted TRANSACTION.* resource or a query answer as a PlatformReport. */
export function wechatReport(provider: string, t: WechatTransaction, eventType?: string): PlatformReport {
  return {
    provider,
    kind: "payment",
    event_key: [t.transaction_id ?? t.out_trade_no, t.trade_state, eventType ?? ""].join(":"),
    session_id: sessionIdForTradeNumber(t.out_trade_no),
    out_trade_no: t.out_trade_no ?? null,
    status: STATUS[t.trade_state] ?? "unknown",
    transaction_id: t.transaction_id ?? null,
    // compare the order total, not payer_total (coupons lower what the payer paid)
    amount_minor: Number.isInteger(t.amount?.total) ? (t.amount!.total as number) : null,
    currency: t.amount?.currency ?? null,
    paid_at: t.success_time ?? null,
    payer: maskAccount(t.payer?.openid),
    summary: {
      out_trade_no: t.out_trade_no, transaction_id: t.transaction_id, trade_state: t.trade_state, trade_type: t.trade_type,
      amount: t.amount, success_time: t.success_time, mchid: t.mchid, appid: t.appid, event_type: eventType,
    },
  }
}

/** A decrypted REFUND.* resource: kept in the inbox, nothing to apply to the order. */
export function wechatRefundReport(provider: string, r: Record<string, any>, eventType: string): PlatformReport {
  return {
    provider,
    kind: "refund",
    event_key: [r.refund_id ?? r.out_refund_no, r.refund_status, eventType].join(":"),
    session_id: sessionIdForTradeNumber(r.out_trade_no),
    out_trade_no: r.out_trade_no ?? null,
    status: "unknown",
    transaction_id: r.transaction_id ?? null,
    amount_minor: Number.isInteger(r.amount?.refund) ? r.amount.refund : null,
    currency: "CNY",
    summary: { out_refund_no: r.out_refund_no, refund_id: r.refund_id, refund_status: r.refund_status, amount: r.amount, event_type: eventType },
  }
}
