/**
 * Our gateway order number (out_trade_no) for a Medusa payment session:
 * "OM" + the session id's 26-character ULID (+ "R<n>" when the trade had to be
 * re-created for a new amount). 28-31 characters of [0-9A-Z]: fits WeChat's
 * 6-32 and Alipay's 64, and maps back to the session without a lookup.
 */
const SESSION_PREFIX = "payses_"

export function tradeNumberForSession(sessionId: string, revision = 1): string {
  if (!sessionId.startsWith(SESSION_PREFIX)) throw new Error(`not a payment session id: ${sessionId}`)
  const ulid = sessionId.slice(SESSION_PREFIX.length)
  if (!/^[0-9A-Z]{26}$/.test(ulid)) throw new Error(`unexpected payment session id format: ${sessionId}`)
  return revision > 1 ? `OM${ulid}R${revision}` : `OM${ulid}`
}

export function sessionIdForTradeNumber(outTradeNo: unknown): string | null {
  if (typeof outTradeNo !== "string") return null
  const m = /^OM([0-9A-Z]{26})(?:R\d{1,2})?$/.exec(outTradeNo)
  return m ? `${SESSION_PREFIX}${m[1]}` : null
}
