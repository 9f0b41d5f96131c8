import { channelErrorOf } from "../../providers/shared/channel-error"

/**
 * The spec's "Refund Failed" causes, in the words the admin sees:
 * - channel_not_configured: the payment channel has no refund API set up (provider not installed or disabled, or the
 *   platform says the merchant has no refund permission: WeChat 403 NO_AUTH, Alipay ACQ.ACCESS_FORBIDDEN / isv.insufficient-isv-permissions);
 * - merchant_balance_insufficient: the merchant's account at the platform cannot cover it (WeChat NOT_ENOUGH,
 *   Alipay ACQ.SELLER_BALANCE_NOT_ENOUGH);
 * - information_incomplete: the platform refused the request's data (WeChat PARAM_ERROR, Alipay ACQ.INVALID_PARAMETER /
 *   isv.missing-*, a payment without the trade data a refund needs);
 * - deadline_passed: the trade is past its refund window (the store's deadline, Alipay ACQ.TRADE_HAS_FINISHED /
 *   a finished trade, WeChat's "over one year" refusal);
 * - platform_error: anything else (a timeout, a 5xx, a closed refund): `retryable` says whether asking again may help.
 * `retryable` false (information incomplete, deadline passed, a definite refusal): a retry to the same destination
 * is refused; the balance (or a rejection) is the way on. Channel not configured is retryable once the store fixes it.
 */
export const REFUND_FAILURE_CAUSES = ["channel_not_configured", "merchant_balance_insufficient", "information_incomplete", "deadline_passed", "platform_error"] as const
export type RefundFailureCause = (typeof REFUND_FAILURE_CAUSES)[number]

export type RefundFailureInfo = { cause: RefundFailureCause; message: string; platform_code: string | null; retryable: boolean }

const NOT_CONFIGURED = ["NO_AUTH", "ACQ.ACCESS_FORBIDDEN", "isv.insufficient-isv-permissions", "isv.invalid-app-id", "ACQ.PARTNER_ERROR"]
const BALANCE = ["NOT_ENOUGH", "ACQ.SELLER_BALANCE_NOT_ENOUGH"]
const INCOMPLETE = ["PARAM_ERROR", "ACQ.INVALID_PARAMETER", "INVALID_REQUEST_PARAMETER", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"]
const DEADLINE = ["ACQ.TRADE_HAS_FINISHED", "ACQ.TRADE_HAS_CLOSE"]

/**
 * What a refund's error means (see the causes above). Reads the ChannelError fields the plugin's providers attach
 * (they survive Medusa's payment module and workflow engine), then falls back to the message.
 */
export function refundFailureOf(e: unknown): RefundFailureInfo {
  const message = String((e as any)?.message ?? e ?? "unknown error").slice(0, 1000)
  const ch = channelErrorOf(e)
  const code = ch?.platform_code ?? null
  const has = (list: string[]) => !!code && (list.includes(code) || list.some((c) => c.endsWith("-") ? code.startsWith(c) : false))
  if (has(BALANCE)) return { cause: "merchant_balance_insufficient", message, platform_code: code, retryable: true }
  // retryable once the store fixes its setup (a retry to the same method is then worth making)
  if (has(NOT_CONFIGURED) || /^isv\.missing-/.test(code ?? "") && /cert|key|app/i.test(code ?? "")) return { cause: "channel_not_configured", message, platform_code: code, retryable: true }
  if (has(DEADLINE) || /超过.*(退款期限|一年)|refund (window|deadline)|TRADE_FINISHED/i.test(message)) return { cause: "deadline_passed", message, platform_code: code, retryable: false }
  if (has(INCOMPLETE) || /^isv\.missing-/.test(code ?? "")) return { cause: "information_incomplete", message, platform_code: code, retryable: false }
  if (/could not resolve|provider .* (not found|is not enabled|disabled)|unable to retrieve the payment provider/i.test(message)) return { cause: "channel_not_configured", message, platform_code: code, retryable: true }
  if (!ch && (e as any)?.type === "invalid_data") return { cause: "information_incomplete", message, platform_code: code, retryable: false }
  return { cause: "platform_error", message, platform_code: code, retryable: ch ? ch.retryable : true }
}
