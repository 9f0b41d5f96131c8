import { MedusaError } from "@medusajs/framework/utils"
import { GatewayError } from "../../gateways/http"

/**
 * Payment-platform failures in a structured, machine-readable form.
 *
 * The rule they serve: only a definite answer of the platform ("unpaid",
 * "closed", a verified close) may lead to cancelling an order. Anything else
 * — a 4xx that is not a definite business answer, a 5xx, a timeout, an answer
 * whose signature does not verify, SYSTEM_ERROR, a frequency limit, a state the
 * plugin cannot act on — is a ChannelError with `retryable: true` and
 * MedusaError type UNEXPECTED_STATE: the caller leaves the order as it is and
 * asks again later. A definite refusal (the trade is already paid, a refund the
 * platform rejects) is a ChannelError with `retryable: false`, type NOT_ALLOWED.
 *
 * Where the fields survive: they are own, enumerable properties, so Medusa's
 * payment module (which rethrows a provider's error as it is) and its workflow
 * engine (`serializeError` copies own properties) keep them; a wrapper that
 * keeps the error as `cause` keeps them too. Where only text survives (a job
 * report's `message`, a log line, an inbox error column) the message ends with
 * a tag `[channel <name> <operation> code=<code> http=<status> failure=<kind>
 * retryable=<yes|no>]` that `channelErrorOf` reads back. No field or tag ever
 * holds a secret: codes, statuses, key serials (public identifiers) and trade
 * numbers only.
 */

/** The platform call that failed. */
export type ChannelOperation = "create" | "query" | "close" | "refund" | "refund_query" | "probe"

/**
 * What kind of failure:
 * - timeout: no answer within the client's timeout (the call may have taken effect)
 * - unreachable: no connection, or a broken one
 * - server_error: the platform answered 5xx
 * - platform_error: a verified error answer that is not a definite business answer (429 FREQUENCY_LIMITED,
 *   401 SIGN_ERROR, 403 NO_AUTH, ACQ.SYSTEM_ERROR, 20000 isp.unknow-error, …)
 * - unverified_answer: the answer's signature did not verify (unknown key serial, bad signature, stale timestamp)
 * - malformed_answer: not JSON, or an unsigned gateway error
 * - not_definite: a verified answer the plugin cannot act on (USERPAYING, an unknown trade state, a trade
 *   reported missing after it was seen, an answer for another merchant)
 * - refused: a definite refusal (retryable: false)
 */
export type ChannelFailure = "timeout" | "unreachable" | "server_error" | "platform_error" | "unverified_answer" | "malformed_answer" | "not_definite" | "refused"

export type ChannelErrorFields = {
  /** the provider's identifier: "wechatpay", "alipay" */
  channel: string
  operation: ChannelOperation
  failure: ChannelFailure
  /** the platform's code (FREQUENCY_LIMITED, ACQ.SYSTEM_ERROR, isp.unknow-error, USERPAYING, …); null when there was no answer */
  platform_code: string | null
  /** the HTTP status of the platform's answer; null when there was none */
  http_status: number | null
  /** true: not a definite answer, ask again later (never act on it); false: a definite refusal */
  retryable: boolean
  /** the key id an unverifiable answer was signed under (Wechatpay-Serial / alipay_cert_sn) */
  key_serial?: string | null
  /** our gateway order number, when the call was about one trade */
  out_trade_no?: string | null
}

/** What channelErrorOf returns: the fields and the error's message. */
export type ChannelErrorInfo = ChannelErrorFields & { message: string }

const FIELDS: Array<keyof ChannelErrorFields> = ["channel", "operation", "failure", "platform_code", "http_status", "retryable", "key_serial", "out_trade_no"]

/** The text tag that carries the fields where only a message survives. */
export function channelTag(f: ChannelErrorFields): string {
  return `[channel ${f.channel} ${f.operation} code=${f.platform_code ?? "-"} http=${f.http_status ?? "-"} failure=${f.failure} retryable=${f.retryable ? "yes" : "no"}${f.key_serial ? ` serial=${f.key_serial}` : ""}${f.out_trade_no ? ` trade=${f.out_trade_no}` : ""}]`
}

const TAG = /\[channel ([\w-]+) (create|query|close|refund|refund_query|probe) code=(\S+) http=(\d{3}|-) failure=([a-z_]+) retryable=(yes|no)(?: serial=([\w-]+))?(?: trade=([\w-]+))?\]/

/**
 * A payment-platform failure (see the file comment). `type` is UNEXPECTED_STATE
 * for retryable failures, NOT_ALLOWED for definite refusals, unless given.
 */
export class ChannelError extends MedusaError {
  readonly channel!: string
  readonly operation!: ChannelOperation
  readonly failure!: ChannelFailure
  readonly platform_code!: string | null
  readonly http_status!: number | null
  readonly retryable!: boolean
  readonly key_serial!: string | null
  readonly out_trade_no!: string | null
  readonly __channel_error = true

  constructor(message: string, fields: ChannelErrorFields, type?: string) {
    const full = { key_serial: null, out_trade_no: null, ...fields }
    super(type ?? (fields.retryable ? MedusaError.Types.UNEXPECTED_STATE : MedusaError.Types.NOT_ALLOWED), `${message} ${channelTag(full)}`)
    this.name = "ChannelError"
    Object.assign(this, full)
  }
}

function fieldsOn(x: any): ChannelErrorInfo | null {
  if (!x || typeof x !== "object") return null
  if (typeof x.channel === "string" && typeof x.operation === "string" && typeof x.failure === "string" && "platform_code" in x) {
    const out: any = { message: String(x.message ?? "") }
    for (const k of FIELDS) out[k] = x[k] ?? (k === "retryable" ? true : null)
    return out as ChannelErrorInfo
  }
  return null
}

/** Read the tag back from a message (null when there is none). */
export function parseChannelTag(text: string): ChannelErrorInfo | null {
  const m = TAG.exec(text)
  if (!m) return null
  return {
    channel: m[1],
    operation: m[2] as ChannelOperation,
    platform_code: m[3] === "-" ? null : m[3],
    http_status: m[4] === "-" ? null : Number(m[4]),
    failure: m[5] as ChannelFailure,
    retryable: m[6] === "yes",
    key_serial: m[7] ?? null,
    out_trade_no: m[8] ?? null,
    message: text,
  }
}

/**
 * The structured payment-platform failure in whatever reached the caller:
 * a ChannelError, the same error after Medusa's payment module or workflow
 * engine rethrew or serialized it (own properties), an error holding one as
 * `cause` (at any depth) or in `errors[]`, or a bare message / `{ message }`
 * carrying the tag. Returns null when there is no platform failure in it.
 *
 * @param e anything thrown or stored (Error, serialized error object, string)
 * @returns the fields and the message, or null
 */
export function channelErrorOf(e: unknown): ChannelErrorInfo | null {
  const seen = new Set<unknown>()
  const walk = (x: any, depth: number): ChannelErrorInfo | null => {
    if (x === null || x === undefined || depth > 6 || seen.has(x)) return null
    if (typeof x === "string") return parseChannelTag(x)
    if (typeof x !== "object") return null
    seen.add(x)
    const own = fieldsOn(x)
    if (own) return own
    for (const next of [x.cause, x.error, ...(Array.isArray(x.errors) ? x.errors : [])]) {
      const found = walk(next, depth + 1)
      if (found) return found
    }
    return typeof x.message === "string" ? parseChannelTag(x.message) : null
  }
  return walk(e, 0)
}

/**
 * A GatewayError (no business answer: timeout, connection, 5xx, unverifiable
 * or malformed answer) as a retryable ChannelError. The message names the
 * platform, the operation and what happened; never a secret.
 *
 * @param label the platform's display name ("WeChat Pay", "Alipay")
 */
export function fromGatewayError(label: string, e: GatewayError, base: { channel: string; operation: ChannelOperation; out_trade_no?: string | null }): ChannelError {
  const failure: ChannelFailure =
    e.kind === "signature" ? "unverified_answer" : e.kind === "protocol" ? (e.code ? "platform_error" : "malformed_answer") : e.timedOut ? "timeout" : e.status ? "server_error" : "unreachable"
  const what = e.kind === "signature" ? "answer could not be verified" : e.kind === "protocol" ? "answer could not be read" : e.timedOut ? "no answer (timeout)" : e.status ? "platform error" : "unreachable"
  return new ChannelError(`${label} ${base.operation}${base.out_trade_no ? ` of ${base.out_trade_no}` : ""}: ${what}: ${e.message}; not a definite answer, asking again later`, {
    ...base,
    failure,
    platform_code: e.code,
    http_status: e.status ?? null,
    retryable: true,
    key_serial: e.serial,
  })
}

/** Log a platform failure once, with its code and tag (never a secret); for providers. */
export function logChannelError(logger: { warn: (m: string) => void } | undefined, e: ChannelError): void {
  logger?.warn(`order-management: ${e.message}`)
}

/**
 * True when an earlier verified answer, stored in the session data as
 * `platform` (the latest query report), showed the trade at the platform: it
 * carried the platform's trade number (Alipay's trade_no once the buyer
 * scanned or opened the cashier; WeChat's transaction_id once paid) or a paid
 * state. A "trade does not exist" answer (ORDER_NOT_EXIST / ACQ.TRADE_NOT_EXIST)
 * is definite only before that; afterwards it contradicts what the platform
 * said and is not acted on.
 */
export function tradeSeenAtPlatform(data: { platform?: { transaction_id?: string | null; status?: string | null } | null } | null | undefined): boolean {
  const p = data?.platform
  return !!p && (!!p.transaction_id || p.status === "paid" || p.status === "refunded" || p.status === "processing")
}

/** The message without its machine-readable tag (for showing to people). */
export function stripChannelTag(text: string): string {
  return text.replace(/\s*\[channel [^\]]*\]/g, "")
}
