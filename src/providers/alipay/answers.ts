import { GatewayError } from "../../gateways/http"
import type { AlipayResponse } from "../../gateways/alipay"
import { ChannelError, fromGatewayError, type ChannelOperation } from "../shared/channel-error"

/**
 * Which Alipay answers are definite, and what everything else becomes.
 *
 * Definite (the plugin may act on them, up to cancelling an order):
 * - a verified alipay.trade.query answer with code 10000 and trade_status
 *   TRADE_SUCCESS / TRADE_FINISHED (paid), WAIT_BUYER_PAY (unpaid), TRADE_CLOSED
 *   (closed, or refunded in full) — https://opendocs.alipay.com/open/4e2d51d1_alipay.trade.query;
 * - 40004 ACQ.TRADE_NOT_EXIST before the trade was seen at Alipay (a QR not
 *   scanned yet, a cashier page never opened: unpaid);
 * - a verified alipay.trade.close answer with code 10000 (closed), or
 *   ACQ.TRADE_NOT_EXIST before the trade was seen (an unscanned QR can no
 *   longer be paid).
 *
 * Not definite (a retryable ChannelError, UNEXPECTED_STATE, "ask again later"):
 * 20000 isp.unknow-error (服务暂不可用), 40004 ACQ.SYSTEM_ERROR, any other
 * code (public codes: https://opendocs.alipay.com/common/02km9f), an
 * unsigned error_response, an HTTP error, a timeout or broken connection, an
 * answer whose signature or alipay_cert_sn does not verify, a trade_status the
 * plugin does not know, ACQ.TRADE_NOT_EXIST for a trade Alipay showed before.
 */
export const DEFINITE_TRADE_STATUSES = ["TRADE_SUCCESS", "TRADE_FINISHED", "WAIT_BUYER_PAY", "TRADE_CLOSED"]

/** Codes that mean "not now" on any call (create and refund included). */
const TRANSIENT_CODES = new Set(["20000", "isp.unknow-error", "ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR"])

/** 20000 / isp.unknow-error / ACQ.SYSTEM_ERROR: Alipay could not say, whatever the call. */
export function isTransientAlipayAnswer(r: AlipayResponse): boolean {
  return r.code === "20000" || TRANSIENT_CODES.has(String(r.sub_code ?? r.code))
}

/** A GatewayError (no readable answer) as a retryable ChannelError; anything else unchanged. */
export function alipayGatewayError(e: unknown, operation: ChannelOperation, outTradeNo?: string | null): unknown {
  return e instanceof GatewayError ? fromGatewayError("Alipay", e, { channel: "alipay", operation, out_trade_no: outTradeNo ?? null }) : e
}

/**
 * A verified answer whose code is not 10000 (and is not a definite business
 * answer the caller handled) as a ChannelError with Alipay's sub_code (or code)
 * as platform_code. On query and close it is always retryable; on create and
 * refund only 20000 / ACQ.SYSTEM_ERROR are, the rest are definite refusals.
 */
export function alipayAnswerError(r: AlipayResponse, operation: ChannelOperation, outTradeNo: string | null, what = "answered"): ChannelError {
  const code = String(r.sub_code ?? r.code)
  const retryable = operation === "query" || operation === "close" || operation === "probe" || isTransientAlipayAnswer(r)
  return new ChannelError(
    `Alipay ${operation}${outTradeNo ? ` of ${outTradeNo}` : ""} ${what} ${r.code} ${code}: ${r.sub_msg ?? r.msg ?? ""}${retryable ? "; not a definite answer, asking again later" : ""}`.replace(/ +/g, " "),
    { channel: "alipay", operation, failure: retryable ? "platform_error" : "refused", platform_code: code, http_status: 200, retryable, out_trade_no: outTradeNo }
  )
}

/** A verified answer the plugin cannot act on (an unknown trade_status, a trade reported missing after it was seen). */
export function alipayNotDefinite(operation: ChannelOperation, outTradeNo: string, code: string, why: string): ChannelError {
  return new ChannelError(`Alipay ${operation} of ${outTradeNo}: ${why}; not a definite answer, asking again later`, {
    channel: "alipay", operation, failure: "not_definite", platform_code: code, http_status: 200, retryable: true, out_trade_no: outTradeNo,
  })
}
