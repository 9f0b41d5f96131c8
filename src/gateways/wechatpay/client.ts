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
import { createHash, type KeyObject } from "node:crypto"
import { gunzipSync } from "node:zlib"
import { GatewayError, httpRequest, httpRequestBytes } from "../http"
import { BillNotReadyError, NoBillError } from "../../modules/reconciliation/bills/types"
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

  /**
   * The day's trade bill (交易账单) as WeChat Pay makes it: the bill's bytes, uncompressed (UTF-8 CSV).
   *
   * 1. 申请交易账单 `GET /v3/bill/tradebill?bill_date=YYYY-MM-DD&bill_type=ALL&tar_type=GZIP`
   *    (https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter7_9_1.shtml), signed and its answer verified like every call
   *    (request()): `{hash_type: "SHA1", hash_value, download_url}`. `bill_date` is a Beijing (Asia/Shanghai) day
   *    within the last three months; the bill is made from 09:00 the next day (fetch after 10:00).
   * 2. 下载账单 `GET <download_url>` used verbatim (https://pay.weixin.qq.com/docs/merchant/apis/jsapi-payment/download-bill.html): the request
   *    is signed (the canonical URL is download_url's path + query) but the answer carries no Wechatpay-* signature,
   *    so it is not verified as an answer; instead the SHA1 of the uncompressed bytes must equal `hash_value`
   *    (official SDK: DigestBillEntity.verifyHash; FAQ https://pay.weixin.qq.com/doc/v3/merchant/4013071254). With
   *    tar_type GZIP (the default here) the body is a gzip file, gunzipped here. The URL is short-lived (30 s in
   *    older docs, 5 min in newer ones), so it is fetched right after applying.
   * The ALL bill: a header row, every value prefixed with a backtick, amounts in yuan (手续费 with five decimals,
   * negative on refund rows), the summary header and values last. Reading it is the parser's job.
   *
   * Errors: NoBillError for 400 NO_STATEMENT_EXIST (请求的账单文件不存在: no trade or refund that day);
   * BillNotReadyError for 400 STATEMENT_CREATING (账单生成中: retry later, WeChat suggests after 10:00, then every
   * half hour); WechatPayApiError(status, code) for other verified refusals (400 INVALID_REQUEST e.g. a day more
   * than three months back or an expired download link "下载链接过期", 403 NO_AUTH); GatewayError as request() throws it, and for
   * the download: "transport" (no answer, HTTP 5xx), "protocol" (another status without a verifiable error body, a
   * body that does not gunzip, a download_url on another host), "signature" with reason "hash_mismatch" when the
   * bytes do not hash to hash_value. A TypeError for a billDate that is not a calendar day YYYY-MM-DD.
   */
  async downloadTradeBill(billDate: string, opts: { billType?: "ALL" | "SUCCESS" | "REFUND"; gzip?: boolean; timeoutMs?: number } = {}): Promise<Buffer> {
    if (typeof billDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(billDate) || new Date(`${billDate}T00:00:00Z`).toISOString().slice(0, 10) !== billDate) {
      throw new TypeError(`billDate must be a day YYYY-MM-DD, got ${JSON.stringify(billDate)}`)
    }
    const gzip = opts.gzip ?? true
    const q = new URLSearchParams({ bill_date: billDate, bill_type: opts.billType ?? "ALL", ...(gzip ? { tar_type: "GZIP" } : {}) })
    let applied: { hash_type?: string; hash_value?: string; download_url?: string } | null
    try {
      applied = (await this.request<{ hash_type?: string; hash_value?: string; download_url?: string }>("GET", `/v3/bill/tradebill?${q}`)).data
    } catch (e) {
      if (e instanceof WechatPayApiError && e.code === "NO_STATEMENT_EXIST") throw new NoBillError(`WeChat Pay has no bill for ${billDate}: no trades that day (${e.message})`)
      if (e instanceof WechatPayApiError && e.code === "STATEMENT_CREATING") throw new BillNotReadyError(`WeChat Pay is still making the bill for ${billDate} (${e.message})`)
      throw e
    }
    const hashValue = String(applied?.hash_value ?? "").toLowerCase()
    if (String(applied?.hash_type ?? "").toUpperCase() !== "SHA1" || !/^[0-9a-f]{40}$/.test(hashValue) || typeof applied?.download_url !== "string") {
      throw new GatewayError(`WeChat Pay tradebill: expected {hash_type: SHA1, hash_value, download_url}, got ${JSON.stringify(applied)}`, "protocol", 200)
    }
    let url: URL
    try {
      url = new URL(applied.download_url)
    } catch {
      throw new GatewayError(`WeChat Pay tradebill: download_url is not a URL`, "protocol", 200)
    }
    // the signed request goes to WeChat's API host (or the configured base URL's), nowhere else
    const base = new URL(this.baseUrl)
    if (url.host !== base.host && !/(^|\.)mch\.weixin\.qq\.com$/.test(url.hostname)) {
      throw new GatewayError(`WeChat Pay tradebill: download_url points at ${url.host}, not at WeChat Pay`, "protocol", 200)
    }
    const canonical = `${url.pathname}${url.search}`
    const res = await httpRequestBytes(url.toString(), {
      method: "GET",
      headers: {
        accept: "*/*",
        "user-agent": "medusa-order-management",
        authorization: buildAuthorization({ mchid: this.mchid, serialNo: this.config.merchantSerialNo, privateKey: this.privateKey, method: "GET", url: canonical, body: "", timestamp: Math.floor(this.now().getTime() / 1000), nonce: nonceString() }),
      },
      timeoutMs: opts.timeoutMs ?? Math.max(this.config.timeoutMs ?? 15_000, 60_000),
    })
    if (res.status !== 200) {
      const text = res.body.toString("utf8")
      const claimed = claimedCode(text)
      if (res.status >= 500) throw new GatewayError(`WeChat Pay bill download answered HTTP ${res.status}${claimed ? ` ${claimed}` : ""}`, "transport", res.status, { code: claimed })
      // an error answer is a signed {code, message}: read it only when it verifies
      if (this.verify(res.headers, text).ok) {
        let data: any = null
        try {
          data = JSON.parse(text)
        } catch {
          data = null
        }
        if (data?.code) throw new WechatPayApiError(res.status, String(data.code), String(data.message ?? ""))
      }
      throw new GatewayError(`WeChat Pay bill download answered HTTP ${res.status}${claimed ? ` (claims ${claimed})` : ""}`, "protocol", res.status, { code: claimed })
    }
    let bill: Buffer
    if (gzip) {
      try {
        bill = gunzipSync(res.body)
      } catch (e) {
        throw new GatewayError(`WeChat Pay bill download: the body does not gunzip (${(e as Error).message})`, "protocol", 200)
      }
    } else {
      bill = res.body
    }
    const actual = createHash("sha1").update(bill).digest("hex")
    if (actual !== hashValue) {
      throw new GatewayError(`WeChat Pay bill for ${billDate}: SHA1 ${actual} of the downloaded bill differs from hash_value ${hashValue}`, "signature", 200, { reason: "hash_mismatch" })
    }
    return bill
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
