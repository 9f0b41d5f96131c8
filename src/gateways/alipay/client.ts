/**
 * Alipay Open Platform v2 (gateway.do) client on node:crypto: signed
 * requests, responses verified on the raw `<method>_response` text, and the
 * browser redirects of page/wap pay. No Medusa imports.
 */
import type { KeyObject } from "node:crypto"
import { GatewayError, httpRequest } from "../http"
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
