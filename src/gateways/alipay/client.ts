/**
 * Alipay Open Platform v2 (gateway.do) client on node:crypto: signed
 * requests, responses verified on the raw `<method>_response` text, and the
 * browser redirects of page/wap pay. No Medusa imports.
 */
import type { KeyObject } from "node:crypto"
import { GatewayError, httpRequest, httpRequestBytes } from "../http"
import { BillNotReadyError, NoBillError } from "../../modules/reconciliation/bills/types"
import { loadPrivateKey, loadPublicKey } from "../keys"
import { minorToDecimal } from "../decimal"
import { certPublicKey, certSn, rootCertSn } from "./cert"
import { beijingTimestamp, extractJsonValue, requestSignContent, responseKey, rsa2Sign, rsa2Verify, type AlipayParams } from "./sign"

export const ALIPAY_PRODUCTION_GATEWAY = "https://openapi.alipay.com/gateway.do"
export const ALIPAY_SANDBOX_GATEWAY = "https://openapi-sandbox.dl.alipaydev.com/gateway.do"

export type AlipayClientConfig = {
  appId: string
  /** app private key: PEM or bare base64 PKCS#8 */
  privateKey: string | KeyObject
  /** public-key mode: Alipay's public key (PEM or bare base64) */
  alipayPublicKey?: string | KeyObject
  /** certificate mode: the three certificates (PEM text) */
  appCert?: string
  alipayPublicCert?: string
  alipayRootCert?: string
  gatewayUrl?: string
  timeoutMs?: number
  now?: () => Date
}

/** What probe() found. */
export type AlipayProbe = {
  reached: boolean
  http_status?: number
  verified?: boolean
  answer?: { code: string; sub_code: string | null; sub_msg: string | null }
  error?: string
}

/** A business answer (`code` 10000 = success; 40004 etc. carry sub_code). */
export type AlipayResponse = Record<string, any> & { code: string; msg?: string; sub_code?: string; sub_msg?: string }

/** A verified business refusal (code ≠ 10000) from a call whose caller wants a thrown error (the bill download). */
export class AlipayApiError extends Error {
  constructor(readonly code: string, readonly subCode: string | null, readonly subMsg: string | null) {
    super(`Alipay ${code}${subCode ? ` ${subCode}` : ""}${subMsg ? `: ${subMsg}` : ""}`)
    this.name = "AlipayApiError"
  }
}

export const ALIPAY_BILL_METHOD = "alipay.data.dataservice.bill.downloadurl.query"

export class AlipayClient {
  readonly appId: string
  readonly gatewayUrl: string
  private readonly privateKey: KeyObject
  private readonly alipayKey: KeyObject
  private readonly certSns?: { app: string; root: string; alipay: string }
  private readonly config: AlipayClientConfig
  private readonly now: () => Date

  constructor(config: AlipayClientConfig) {
    this.appId = config.appId
    this.gatewayUrl = config.gatewayUrl || ALIPAY_PRODUCTION_GATEWAY
    this.privateKey = loadPrivateKey(config.privateKey)
    if (config.appCert && config.alipayPublicCert && config.alipayRootCert) {
      this.alipayKey = certPublicKey(config.alipayPublicCert)
      this.certSns = { app: certSn(config.appCert), root: rootCertSn(config.alipayRootCert), alipay: certSn(config.alipayPublicCert) }
    } else if (config.alipayPublicKey) {
      this.alipayKey = loadPublicKey(config.alipayPublicKey)
    } else {
      throw new Error("Alipay needs alipayPublicKey (public-key mode) or appCert, alipayPublicCert and alipayRootCert (certificate mode)")
    }
    this.config = config
    this.now = config.now ?? (() => new Date())
  }

  /** The HTTP timeout, read from the options at each call (default 15 000 ms). */
  private get timeoutMs(): number {
    return this.config.timeoutMs ?? 15_000
  }

  /** The key that verifies notifies and return_url redirects. */
  get verifyKey(): KeyObject {
    return this.alipayKey
  }

  /** Common + business params for `method`, signed. */
  signedParams(method: string, biz: Record<string, unknown>, extra: Record<string, string | undefined> = {}): AlipayParams {
    const params: AlipayParams = {
      app_id: this.appId,
      method,
      format: "JSON",
      charset: "utf-8",
      sign_type: "RSA2",
      timestamp: beijingTimestamp(this.now()),
      version: "1.0",
      biz_content: JSON.stringify(biz),
    }
    if (this.certSns) {
      params.app_cert_sn = this.certSns.app
      params.alipay_root_cert_sn = this.certSns.root
    }
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") params[k] = v
    params.sign = rsa2Sign(requestSignContent(params), this.privateKey)
    return params
  }

  /**
   * Server-to-server call; the answer is trusted only once its signature
   * verifies. Returns the verified `<method>_response` object, whatever its
   * `code` (10000 success; 20000 isp.* service unavailable; 40004 ACQ.* business
   * failure, see https://opendocs.alipay.com/common/02km9f): what is definite is
   * the provider's decision. Throws GatewayError: "transport" (no answer,
   * `timedOut`, or HTTP 5xx), "protocol" (other HTTP status, an unsigned
   * error_response with its `code`, a body that is not JSON), "signature" (the
   * answer does not verify, or names another alipay_cert_sn as `serial`).
   */
  async execute(method: string, biz: Record<string, unknown>, extra: Record<string, string | undefined> = {}): Promise<AlipayResponse> {
    const res = await this.post(this.signedParams(method, biz, extra))
    if (res.status >= 500) throw new GatewayError(`Alipay answered HTTP ${res.status}`, "transport", res.status)
    if (res.status !== 200) throw new GatewayError(`Alipay answered HTTP ${res.status}`, "protocol", res.status)
    return this.verifyResponse(method, res.body)
  }

  private post(params: AlipayParams) {
    return httpRequest(this.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8", accept: "application/json" },
      body: new URLSearchParams(params).toString(),
      timeoutMs: this.timeoutMs,
    })
  }

  /**
   * A harmless signed call — a query for an order that does not exist — and
   * how far it got: reached or not, whether the answer verified, and the
   * business code (read unverified when the signature fails, to explain why).
   */
  async probe(): Promise<AlipayProbe> {
    const method = "alipay.trade.query"
    let res
    try {
      res = await this.post(this.signedParams(method, { out_trade_no: `OMPROBE${this.now().getTime()}` }))
    } catch (e) {
      return { reached: false, error: (e as Error).message }
    }
    if (res.status !== 200) return { reached: true, http_status: res.status, verified: false, error: `HTTP ${res.status}` }
    const pick = (r: any) => ({ code: String(r?.code ?? ""), sub_code: r?.sub_code ?? null, sub_msg: r?.sub_msg ?? r?.msg ?? null })
    try {
      return { reached: true, http_status: 200, verified: true, answer: pick(this.verifyResponse(method, res.body)) }
    } catch (e) {
      const text = extractJsonValue(res.body, responseKey(method)) ?? extractJsonValue(res.body, "error_response")
      let unverified: any = null
      try {
        unverified = text ? JSON.parse(text) : null
      } catch {
        unverified = null
      }
      return { reached: true, http_status: 200, verified: false, error: (e as Error).message, answer: unverified ? pick(unverified) : undefined }
    }
  }

  /** Verify a raw gateway.do answer for `method` and return its business object. */
  verifyResponse(method: string, raw: string): AlipayResponse {
    const key = responseKey(method)
    const text = extractJsonValue(raw, key)
    if (text === null) {
      const err = extractJsonValue(raw, "error_response")
      let detail: any = null
      try {
        detail = err ? JSON.parse(err) : null
      } catch {
        detail = null
      }
      const code = detail ? String(detail.sub_code ?? detail.code ?? "") || null : null
      throw new GatewayError(`Alipay ${method}: ${detail ? `${detail.code} ${detail.sub_code ?? ""} ${detail.sub_msg ?? detail.msg ?? ""}`.trim() : "unreadable answer"}`, "protocol", 200, { code })
    }
    let envelope: Record<string, unknown>
    try {
      envelope = JSON.parse(raw)
    } catch {
      throw new GatewayError(`Alipay ${method}: answer is not JSON`, "protocol")
    }
    const claimed = (() => {
      try {
        const r = JSON.parse(text)
        return r?.code && r.code !== "10000" ? String(r.sub_code ?? r.code) : null
      } catch {
        return null
      }
    })()
    if (this.certSns && envelope.alipay_cert_sn !== undefined && envelope.alipay_cert_sn !== this.certSns.alipay) {
      throw new GatewayError(`Alipay ${method}: answer signed with unknown certificate ${String(envelope.alipay_cert_sn)}`, "signature", 200, { serial: String(envelope.alipay_cert_sn), reason: "unknown_serial", code: claimed })
    }
    if (!rsa2Verify(text, String(envelope.sign ?? ""), this.alipayKey)) {
      throw new GatewayError(`Alipay ${method}: answer signature does not verify`, "signature", 200, { reason: "bad_signature", code: claimed })
    }
    return JSON.parse(text) as AlipayResponse
  }

  /** 当面付 precreate: returns the QR content once code is 10000. */
  precreate(input: { outTradeNo: string; amountMinor: number; subject: string; timeExpire?: Date; passbackParams?: string; notifyUrl?: string; sellerId?: string }) {
    return this.execute(
      "alipay.trade.precreate",
      compact({
        out_trade_no: input.outTradeNo,
        total_amount: minorToDecimal(input.amountMinor),
        subject: input.subject,
        product_code: "FACE_TO_FACE_PAYMENT",
        time_expire: input.timeExpire ? beijingTimestamp(input.timeExpire) : undefined,
        passback_params: input.passbackParams ? encodeURIComponent(input.passbackParams) : undefined,
        seller_id: input.sellerId,
      }),
      { notify_url: input.notifyUrl }
    )
  }

  /** page.pay (PC) / wap.pay (mobile H5): a signed GET URL the browser is sent to. */
  pagePayUrl(kind: "page" | "wap", input: PagePayInput): string {
    const params = this.pagePayParams(kind, input)
    return `${this.gatewayUrl}?${new URLSearchParams(params).toString()}`
  }

  /** The same request as an auto-submitting POST form (what alipay-sdk's pageExecute('POST') renders). */
  pagePayForm(kind: "page" | "wap", input: PagePayInput): string {
    const params = this.pagePayParams(kind, input)
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    const fields = Object.entries(params).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("")
    return `<form id="alipaysubmit" name="alipaysubmit" action="${esc(this.gatewayUrl)}?charset=utf-8" method="POST">${fields}<input type="submit" value="Pay with Alipay" style="display:none"></form><script>document.forms['alipaysubmit'].submit();</script>`
  }

  private pagePayParams(kind: "page" | "wap", input: PagePayInput): AlipayParams {
    return this.signedParams(
      kind === "page" ? "alipay.trade.page.pay" : "alipay.trade.wap.pay",
      compact({
        out_trade_no: input.outTradeNo,
        total_amount: minorToDecimal(input.amountMinor),
        subject: input.subject,
        product_code: kind === "page" ? "FAST_INSTANT_TRADE_PAY" : "QUICK_WAP_WAY",
        time_expire: input.timeExpire ? beijingTimestamp(input.timeExpire) : undefined,
        passback_params: input.passbackParams ? encodeURIComponent(input.passbackParams) : undefined,
        quit_url: kind === "wap" ? input.quitUrl : undefined,
        seller_id: input.sellerId,
      }),
      { notify_url: input.notifyUrl, return_url: input.returnUrl }
    )
  }

  query(outTradeNo: string) {
    return this.execute("alipay.trade.query", { out_trade_no: outTradeNo })
  }

  close(outTradeNo: string) {
    return this.execute("alipay.trade.close", { out_trade_no: outTradeNo })
  }

  /** Refund; `fund_change: "N"` means nothing moved in this call: confirm with refundQuery. */
  refund(input: { outTradeNo: string; amountMinor: number; outRequestNo: string; reason?: string }) {
    return this.execute(
      "alipay.trade.refund",
      compact({
        out_trade_no: input.outTradeNo,
        refund_amount: minorToDecimal(input.amountMinor),
        out_request_no: input.outRequestNo,
        refund_reason: input.reason,
      })
    )
  }

  refundQuery(outTradeNo: string, outRequestNo: string) {
    return this.execute("alipay.trade.fastpay.refund.query", { out_trade_no: outTradeNo, out_request_no: outRequestNo })
  }

  /**
   * The day's trade bill (对账单) as Alipay serves it: the bytes of its `csv.zip`.
   *
   * 1. `alipay.data.dataservice.bill.downloadurl.query` (查询对账单下载地址,
   *    https://opendocs.alipay.com/apis/api_15/alipay.data.dataservice.bill.downloadurl.query),
   *    signed like every call, its answer verified (execute()): biz_content `{bill_type, bill_date}` with
   *    `bill_date` a Beijing (Asia/Shanghai) day `yyyy-MM-dd`; day bills are T+1 ("当日数据一般于次日 9 点前生成"),
   *    from 2016-01-01 on, fetched after 10:00 the next day. Success: `{code: "10000", bill_download_url}`.
   * 2. A plain GET (no signature, no credentials) of `bill_download_url` right away: the URL dies 30 s after the
   *    answer ("获取连接后30秒后未下载，链接地址失效"). The answer is a ZIP (`application/oct-stream`) of two GBK CSV files,
   *    `<pid>0156_<yyyyMMdd>_业务明细.csv` and `…_业务明细(汇总).csv`, whose GBK entry names carry no UTF-8 flag; amounts
   *    in yuan with two decimals; refunds are rows of their own with negative amounts. Reading them is the parser's
   *    job (modules/reconciliation/bills); this returns the bytes as received.
   *
   * Errors:
   * - NoBillError: `sub_code` isp.bill_not_exist (账单不存在: no trade that day) once the bill should exist;
   * - BillNotReadyError: isp.bill_not_exist before `readyHour` (default 10) Beijing time of the day after
   *   `billDate` (Alipay documents no separate "not generated yet" answer; before publication it is read as not
   *   ready, UNCONFIRMED beyond that), and Alipay's "参数不合法" (isv.invalid-arguments and its spellings) for a day
   *   that is not over yet by this client's clock give or take a day (today, or a clock ahead of Alipay's);
   * - AlipayApiError(code, subCode, subMsg): any other verified refusal (e.g. 40004 for a bill_type the merchant's
   *   contract has no bill of; `trade` is for 当面付-style contracts, others may need `signcustomer`);
   * - GatewayError as execute() throws it (transport, protocol, signature), and for the download: "transport" for
   *   no answer or HTTP 5xx, "protocol" for another HTTP status (an expired link answers an error page) or an answer
   *   that is not a ZIP.
   * A TypeError for a billDate that is not a calendar day `yyyy-MM-dd`.
   */
  async downloadTradeBill(billDate: string, opts: { billType?: "trade" | "signcustomer"; readyHour?: number; timeoutMs?: number } = {}): Promise<Buffer> {
    if (!isCalendarDay(billDate)) throw new TypeError(`billDate must be a day yyyy-MM-dd, got ${JSON.stringify(billDate)}`)
    const answer = await this.execute(ALIPAY_BILL_METHOD, { bill_type: opts.billType ?? "trade", bill_date: billDate })
    if (answer.code !== "10000") {
      const sub = String(answer.sub_code ?? "")
      const detail = `${answer.code} ${sub} ${answer.sub_msg ?? answer.msg ?? ""}`.trim()
      const now = this.now()
      if (sub === "isp.bill_not_exist") {
        // Beijing midnight after billDate, plus readyHour
        const readyAt = Date.parse(`${billDate}T00:00:00+08:00`) + (24 + (opts.readyHour ?? 10)) * 3600_000
        if (now.getTime() < readyAt) throw new BillNotReadyError(`Alipay has no bill for ${billDate} yet (${detail})`)
        throw new NoBillError(`Alipay has no bill for ${billDate}: no trades that day (${detail})`)
      }
      const invalidArguments = /invalid[-_]?arguments?/i.test(sub) || String(answer.sub_msg ?? "").includes("参数不合法")
      // the day is not over at Alipay yet: today in Beijing, or tomorrow's date where Alipay's clock is behind ours
      const yesterday = beijingTimestamp(new Date(now.getTime() - 86400_000)).slice(0, 10)
      if (invalidArguments && billDate >= yesterday) throw new BillNotReadyError(`Alipay refuses the bill for ${billDate}: the day is not over yet (${detail})`)
      throw new AlipayApiError(String(answer.code), answer.sub_code ?? null, answer.sub_msg ?? answer.msg ?? null)
    }
    const url = answer.bill_download_url
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw new GatewayError(`Alipay ${ALIPAY_BILL_METHOD}: no bill_download_url in the answer`, "protocol", 200)
    const res = await httpRequestBytes(url, { method: "GET", headers: { accept: "*/*" }, timeoutMs: opts.timeoutMs ?? Math.max(this.timeoutMs, 60_000) })
    const host = new URL(url).host
    if (res.status >= 500) throw new GatewayError(`Alipay bill download from ${host} answered HTTP ${res.status}`, "transport", res.status)
    if (res.status !== 200) throw new GatewayError(`Alipay bill download from ${host} answered HTTP ${res.status} (an expired link? it lives 30 s)`, "protocol", res.status)
    // a ZIP starts with a local file header PK\x03\x04 (an empty archive with PK\x05\x06)
    if (res.body.length < 4 || res.body.readUInt32LE(0) !== 0x04034b50) {
      throw new GatewayError(`Alipay bill download from ${host}: the answer is not a ZIP (${res.headers.get("content-type") ?? "no content-type"}, ${res.body.length} bytes)`, "protocol", 200)
    }
    return res.body
  }
}

/** `yyyy-MM-dd` naming a real calendar day. */
function isCalendarDay(d: unknown): d is string {
  return typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d
}

export type PagePayInput = {
  outTradeNo: string
  amountMinor: number
  subject: string
  returnUrl?: string
  quitUrl?: string
  notifyUrl?: string
  timeExpire?: Date
  passbackParams?: string
  sellerId?: string
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ""))
}
