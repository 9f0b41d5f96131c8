/**
 * WeChat Pay API v3 client (direct merchant) on node:crypto: every request
 * signed, every answer verified on its raw body against the serial-to-key map
 * before it is read. No Medusa imports.
 *
 * Documents followed:
 * - answers and errors: HTTP status + {code, message}; 4xx = business error of
 *   this request, 5xx = WeChat's system error, "retry with the same
 *   parameters" (错误码篇, https://pay.weixin.qq.com/wiki/doc/api/wxpay/ch/pages/ico-guide/chapter1_6.shtml);
 *   per-API codes on each API's page, e.g. 商户订单号查询订单
 *   https://pay.weixin.qq.com/doc/v3/merchant/4013070356 (404 ORDER_NOT_EXIST,
 *   429 FREQUENCY_LIMITED, 500 SYSTEM_ERROR, 401 SIGN_ERROR, 403 NO_AUTH, 400 PARAM_ERROR)
 * - verification keys: platform certificates are renewed (the new one signs a
 *   growing share of answers and callbacks from 5 days before the old one
 *   expires; pick the key by Wechatpay-Serial: 平台证书更新指引,
 *   https://pay.weixin.qq.com/wiki/doc/apiv3/open/pay/wechatpay5_0.shtml), and
 *   merchants switch to the WeChat Pay public key PUB_KEY_ID_… (如何从平台证书切换成微信支付公钥,
 *   https://pay.weixin.qq.com/doc/v3/merchant/4012154180); both kinds live side
 *   by side in `platformKeys`, read at every verification.
 */
import type { KeyObject } from "node:crypto"
import { GatewayError, httpRequest } from "../http"
import { loadPrivateKey, loadPublicKey } from "../keys"
import { decryptResource, type EncryptedResource } from "./aes-gcm"
import { buildAuthorization, nonceString, signedHeaders, verifySigned, type VerifyResult } from "./sign"

export const WECHATPAY_PRODUCTION_BASE = "https://api.mch.weixin.qq.com"

export type WechatPayClientConfig = {
  mchid: string
  appid: string
  /** serial of the merchant API certificate (apiclient_cert.pem) */
  merchantSerialNo: string
  /** merchant API private key (apiclient_key.pem) */
  privateKey: string | KeyObject
  /**
   * WeChat's verification keys by Wechatpay-Serial: platform certificate serials and/or PUB_KEY_ID_...
   * (PEM: certificate or public key). Read at each verification, so a key added to this object is used
   * from the next answer or callback on.
   */
  platformKeys: Record<string, string | KeyObject>
  apiV3Key: string
  baseUrl?: string
  /** sent as Wechatpay-Serial on requests (public-key mode asks WeChat to sign answers with that key) */
  requestSerial?: string
  timestampWindowSeconds?: number
  timeoutMs?: number
  now?: () => Date
}

/** A non-2xx answer from WeChat ({code, message}), thrown only once its signature verified. */
export class WechatPayApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`WeChat Pay ${status} ${code}: ${message}`)
    this.name = "WechatPayApiError"
  }
}

export type WechatTransaction = {
  appid: string
  mchid: string
  out_trade_no: string
  transaction_id?: string
  trade_type?: string
  trade_state: "SUCCESS" | "REFUND" | "NOTPAY" | "CLOSED" | "REVOKED" | "USERPAYING" | "PAYERROR"
  trade_state_desc?: string
  success_time?: string
  attach?: string
  payer?: { openid?: string }
  amount?: { total: number; payer_total?: number; currency: string; payer_currency?: string }
}

export type WechatRefund = {
  refund_id: string
  out_refund_no: string
  transaction_id?: string
  out_trade_no: string
  status: "PROCESSING" | "SUCCESS" | "CLOSED" | "ABNORMAL"
  success_time?: string
  amount: { total: number; refund: number; currency: string }
}

export class WechatPayClient {
  readonly mchid: string
  readonly appid: string
  readonly baseUrl: string
  readonly apiV3Key: string
  private readonly privateKey: KeyObject
  private readonly config: WechatPayClientConfig
  private readonly now: () => Date
  /** parsed keys by serial, with the option value they were parsed from */
  private readonly parsed = new Map<string, { source: string | KeyObject; key: KeyObject }>()

  constructor(config: WechatPayClientConfig) {
    this.config = config
    this.mchid = config.mchid
    this.appid = config.appid
    this.baseUrl = (config.baseUrl || WECHATPAY_PRODUCTION_BASE).replace(/\/$/, "")
    this.apiV3Key = config.apiV3Key
    this.privateKey = loadPrivateKey(config.privateKey)
    this.now = config.now ?? (() => new Date())
  }

  /**
   * The verification keys by Wechatpay-Serial, as `platformKeys` holds them
   * now (a key added or replaced there is used from the next verification;
   * each PEM is parsed once). A value that is not a key is left out (the
   * provider's option check refuses it at boot).
   */
  get keys(): Map<string, KeyObject> {
    const out = new Map<string, KeyObject>()
    for (const [serial, source] of Object.entries(this.config.platformKeys ?? {})) {
      let hit = this.parsed.get(serial)
      if (!hit || hit.source !== source) {
        try {
          hit = { source, key: loadPublicKey(source) }
        } catch {
          continue
        }
        this.parsed.set(serial, hit)
      }
      out.set(serial, hit.key)
    }
    return out
  }

  /** The serials `platformKeys` holds now (for messages and the connection check). */
  get knownSerials(): string[] {
    return Object.keys(this.config.platformKeys ?? {})
  }

  /** Verify a callback or answer on its raw body (timestamp window, serial map, probes). */
  verify(headers: Record<string, unknown> | Headers, rawBody: string | Buffer): VerifyResult {
    return verifySigned(signedHeaders(headers), rawBody, this.keys, { now: this.now(), windowSeconds: this.config.timestampWindowSeconds ?? 300 })
  }

  decrypt(resource: EncryptedResource): string {
    return decryptResource(resource, this.apiV3Key)
  }

  /**
   * One signed call. Returns the verified 2xx answer. Throws:
   * - GatewayError("transport", status?) when no answer arrived (timeout: `timedOut`; refused connection) or
   *   WeChat answered 5xx (`code` = its code, e.g. SYSTEM_ERROR, when the body carried one);
   * - GatewayError("signature", status) when the answer does not verify (`reason`: unknown_serial with the
   *   `serial` it was signed under, bad_signature, stale_timestamp, missing_headers; `code`: the code the
   *   unverified body claims, for messages only);
   * - GatewayError("protocol") when a verified answer is not JSON;
   * - WechatPayApiError(status, code) for a verified non-2xx business answer (4xx).
   */
  async request<T>(method: "GET" | "POST", path: string, payload?: unknown): Promise<{ status: number; data: T | null }> {
    const body = payload === undefined ? "" : JSON.stringify(payload)
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "medusa-order-management",
      authorization: buildAuthorization({
        mchid: this.mchid,
        serialNo: this.config.merchantSerialNo,
        privateKey: this.privateKey,
        method,
        url: path,
        body,
        timestamp: Math.floor(this.now().getTime() / 1000),
        nonce: nonceString(),
      }),
    }
    if (payload !== undefined) headers["content-type"] = "application/json"
    if (this.config.requestSerial) headers["wechatpay-serial"] = this.config.requestSerial
    const res = await httpRequest(this.baseUrl + path, { method, headers, body: payload === undefined ? undefined : body, timeoutMs: this.config.timeoutMs ?? 15_000 })
    const claimed = claimedCode(res.body)
    if (res.status >= 500) {
      throw new GatewayError(`WeChat Pay answered HTTP ${res.status}${claimed ? ` ${claimed}` : ""}`, "transport", res.status, { code: claimed })
    }
    // every answer (errors included) is signed; an answer that does not verify is not read
    const verdict = this.verify(res.headers, res.body)
    if (!verdict.ok) {
      const serial = signedHeaders(res.headers).serial ?? null
      throw new GatewayError(`WeChat Pay ${method} ${path.split("?")[0]} answered HTTP ${res.status}, but ${verdict.message}`, "signature", res.status, { code: claimed, serial, reason: verdict.reason })
    }
    let data: any = null
    if (res.body) {
      try {
        data = JSON.parse(res.body)
      } catch {
        throw new GatewayError(`WeChat Pay ${method} ${path.split("?")[0]}: answer is not JSON`, "protocol", res.status)
      }
    }
    if (res.status >= 300) throw new WechatPayApiError(res.status, String(data?.code ?? "UNKNOWN"), String(data?.message ?? res.body))
    return { status: res.status, data }
  }

  private order(kind: "native" | "h5", input: WechatOrderInput) {
    return this.request<{ code_url?: string; h5_url?: string }>("POST", `/v3/pay/transactions/${kind}`, {
      appid: this.appid,
      mchid: this.mchid,
      description: input.description.slice(0, 127),
      out_trade_no: input.outTradeNo,
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: "CNY" },
      ...(input.timeExpire ? { time_expire: rfc3339Beijing(input.timeExpire) } : {}),
      ...(input.attach ? { attach: input.attach } : {}),
      ...(kind === "h5"
        ? { scene_info: { payer_client_ip: input.payerClientIp, h5_info: { type: input.h5Type ?? "Wap" } } }
        : {}),
    })
  }

  async native(input: WechatOrderInput): Promise<string> {
    const { data } = await this.order("native", input)
    if (!data?.code_url) throw new GatewayError("WeChat Pay native: no code_url in the answer", "protocol")
    return data.code_url
  }

  async h5(input: WechatOrderInput & { payerClientIp: string }): Promise<string> {
    const { data } = await this.order("h5", input)
    if (!data?.h5_url) throw new GatewayError("WeChat Pay h5: no h5_url in the answer", "protocol")
    return data.h5_url
  }

  /**
   * GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid= (商户订单号查询订单,
   * https://pay.weixin.qq.com/doc/v3/merchant/4013070356): the transaction, or null when WeChat answers
   * 404 ORDER_NOT_EXIST. Every other failure throws (see request()); what counts as a definite answer is
   * the provider's decision.
   */
  async query(outTradeNo: string): Promise<WechatTransaction | null> {
    try {
      const { data } = await this.request<WechatTransaction>("GET", `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.mchid)}`)
      return data
    } catch (e) {
      if (e instanceof WechatPayApiError && e.code === "ORDER_NOT_EXIST") return null
      throw e
    }
  }

  /**
   * POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close: resolves only on WeChat's verified 204.
   * Business refusals (404 ORDER_NOT_EXIST, 400 ORDERPAID, 400 ORDER_CLOSED) throw WechatPayApiError.
   */
  async close(outTradeNo: string): Promise<void> {
    await this.request("POST", `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.mchid })
  }

  async refund(input: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason?: string; notifyUrl?: string }): Promise<WechatRefund> {
    const { data } = await this.request<WechatRefund>("POST", "/v3/refund/domestic/refunds", {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(input.reason ? { reason: input.reason.slice(0, 80) } : {}),
      ...(input.notifyUrl ? { notify_url: input.notifyUrl } : {}),
      amount: { refund: input.refundFen, total: input.totalFen, currency: "CNY" },
    })
    return data as WechatRefund
  }

  async queryRefund(outRefundNo: string): Promise<WechatRefund | null> {
    try {
      const { data } = await this.request<WechatRefund>("GET", `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`)
      return data
    } catch (e) {
      if (e instanceof WechatPayApiError && e.code === "RESOURCE_NOT_EXISTS") return null
      throw e
    }
  }
}

/** The `code` a JSON error body claims (not trusted: for messages only). */
function claimedCode(body: string): string | null {
  try {
    const code = JSON.parse(body)?.code
    return typeof code === "string" && /^[A-Z0-9_]{2,64}$/.test(code) ? code : null
  } catch {
    return null
  }
}

export type WechatOrderInput = {
  outTradeNo: string
  amountFen: number
  description: string
  notifyUrl: string
  timeExpire?: Date
  attach?: string
  payerClientIp?: string
  h5Type?: "iOS" | "Android" | "Wap"
}

/** `2018-06-08T10:34:56+08:00` */
export function rfc3339Beijing(date: Date): string {
  const d = new Date(Math.floor(date.getTime() / 1000) * 1000 + 8 * 3600_000)
  return d.toISOString().replace(/\.\d{3}Z$/, "+08:00")
}
