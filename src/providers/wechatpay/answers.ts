import { GatewayError } from "../../gateways/http"
import { WechatPayApiError, type WechatTransaction } from "../../gateways/wechatpay"
import { ChannelError, fromGatewayError, type ChannelOperation } from "../shared/channel-error"

/**
 * Which WeChat Pay v3 answers are definite, and what everything else becomes.
 *
 * Definite (the plugin may act on them, up to cancelling an order):
 * - a verified 200 query answer whose trade_state is SUCCESS / REFUND (paid),
 *   NOTPAY (unpaid), CLOSED / REVOKED (closed) — trade states on
 *   商户订单号查询订单 https://pay.weixin.qq.com/doc/v3/merchant/4013070356;
 * - 404 ORDER_NOT_EXIST on the query, for a trade never seen paid (unpaid);
 * - the close call's verified 204, and its 404 ORDER_NOT_EXIST / 400 ORDER_CLOSED
 *   (closed) or 400 ORDERPAID (paid: a definite refusal to close) — 关闭订单
 *   https://pay.weixin.qq.com/doc/v3/merchant/4013070360.
 *
 * Not definite (a retryable ChannelError, UNEXPECTED_STATE, "ask again later"):
 * any other 4xx (429 FREQUENCY_LIMITED, 401 SIGN_ERROR after a merchant key
 * change, 403 NO_AUTH, 400 PARAM_ERROR / INVALID_REQUEST, …), any 5xx
 * (SYSTEM_ERROR; 错误码篇: "5xx … retry with the same parameters",
 * https://pay.weixin.qq.com/wiki/doc/api/wxpay/ch/pages/ico-guide/chapter1_6.shtml),
 * timeouts and broken connections, answers whose signature does not verify
 * (unknown Wechatpay-Serial during a certificate renewal or the switch to the
 * WeChat Pay public key), trade states the plugin cannot act on (USERPAYING:
 * the buyer is paying now; PAYERROR), an answer for another merchant.
 */
export const DEFINITE_TRADE_STATES: ReadonlyArray<WechatTransaction["trade_state"]> = ["SUCCESS", "REFUND", "NOTPAY", "CLOSED", "REVOKED"]

/** Codes that mean "not now" for any operation (create and refund included). */
const TRANSIENT_CODES = new Set(["SYSTEM_ERROR", "FREQUENCY_LIMITED", "BANK_ERROR", "SIGN_ERROR", "RESOURCE_INSUFFICIENT"])

/**
 * A failed WeChat Pay call as a ChannelError.
 * - GatewayError → retryable (timeout, unreachable, server_error, unverified_answer, malformed_answer);
 * - WechatPayApiError on query / close → retryable platform_error (the definite ones are handled before);
 * - WechatPayApiError on create / refund / refund_query → retryable when 401, 429 or a TRANSIENT_CODES code,
 *   otherwise a definite refusal (retryable: false, NOT_ALLOWED, so the storefront gets a 4xx).
 * Anything else is returned unchanged.
 */
export function wechatChannelError(e: unknown, operation: ChannelOperation, outTradeNo?: string | null): unknown {
  const base = { channel: "wechatpay", operation, out_trade_no: outTradeNo ?? null }
  if (e instanceof GatewayError) return fromGatewayError("WeChat Pay", e, base)
  if (e instanceof WechatPayApiError) {
    const retryable = operation === "query" || operation === "close" || operation === "probe" || e.status === 401 || e.status === 429 || e.status >= 500 || TRANSIENT_CODES.has(e.code)
    return new ChannelError(
      `WeChat Pay ${operation}${outTradeNo ? ` of ${outTradeNo}` : ""} answered HTTP ${e.status} ${e.code}: ${stripPrefix(e.message)}${retryable ? "; not a definite answer, asking again later" : ""}`,
      { ...base, failure: retryable ? "platform_error" : "refused", platform_code: e.code, http_status: e.status, retryable }
    )
  }
  return e
}

/** A verified answer the plugin cannot act on (USERPAYING, another merchant, a paid trade reported missing). */
export function notDefinite(operation: ChannelOperation, outTradeNo: string, code: string, httpStatus: number, why: string): ChannelError {
  return new ChannelError(`WeChat Pay ${operation} of ${outTradeNo}: ${why}; not a definite answer, asking again later`, {
    channel: "wechatpay", operation, failure: "not_definite", platform_code: code, http_status: httpStatus, retryable: true, out_trade_no: outTradeNo,
  })
}

function stripPrefix(message: string): string {
  return message.replace(/^WeChat Pay \d{3} [A-Z0-9_]+: /, "")
}
