import { isIP } from "node:net"
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { TradeProvider } from "../shared/trade-provider"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput, Logger,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { signedHeaders, WechatPayApiError, WechatPayClient, type WechatTransaction } from "../../gateways/wechatpay"
import { toMinorUnits } from "../../utils/money"
import { ChannelError, logChannelError, tradeSeenAtPlatform, type ChannelOperation } from "../shared/channel-error"
import { DEFINITE_TRADE_STATES, notDefinite, wechatChannelError } from "./answers"
import { qrImageDataUrl } from "../shared/qr"
import { minutesFrom } from "../shared/options"
import { tradeNumberForSession } from "../shared/trade-number"
import type { PlatformReport } from "../shared/platform-report"
import { applyQueryFlags, notSupported, REFUND_QUERY_FLAG, sessionStatusFor, type TradeData } from "../shared/session-data"
import { validateWechatPayOptions, WECHAT_METHODS, type WechatPayProviderOptions } from "./options"
import { wechatRefundReport, wechatReport } from "./report"

/**
 * WeChat Pay API v3 (Native QR, H5) as a Medusa payment provider. Same shape
 * as Alipay: trade created at initiatePayment, authorizePayment queries,
 * callbacks at /hooks/order-management/wechatpay.
 */
class WechatPayProviderService extends TradeProvider<WechatPayProviderOptions> {
  static identifier = "wechatpay"
  protected readonly client: WechatPayClient
  protected readonly logger: Logger | undefined

  static validateOptions(options: Record<string, unknown>): void {
    validateWechatPayOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: WechatPayProviderOptions) {
    super(cradle, options)
    this.logger = cradle.logger as Logger | undefined
    // the options object itself: platformKeys (and timeoutMs) are read from it at each call
    this.client = new WechatPayClient(options)
  }

  private readonly providerId = "pp_wechatpay_wechatpay"

  /**
   * A platform call. Failures become ChannelErrors (answers.ts): for a query or
   * a close every failure is "not a definite answer" (UNEXPECTED_STATE,
   * retryable), so nothing downstream takes it for "unpaid"; each is logged
   * once with the platform's code.
   */
  private async call<T>(fn: () => Promise<T>, operation: ChannelOperation = "create", outTradeNo?: string): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      throw this.fail(wechatChannelError(e, operation, outTradeNo))
    }
  }

  /** Log a ChannelError (code, never a secret) and hand it back for throwing. */
  private fail(e: unknown): unknown {
    if (e instanceof ChannelError) logChannelError(this.logger, e)
    return e
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const adopted = this.adoptedTrade(input)
    if (adopted) return adopted
    const trade = await this.createTrade((input.data ?? {}) as Record<string, any>, input.amount, input.currency_code, 1)
    return { id: trade.out_trade_no, data: trade as any, status: PaymentSessionStatus.PENDING }
  }

  private async createTrade(data: Record<string, any>, amount: unknown, currency: string, revision: number): Promise<TradeData> {
    if (String(currency).toLowerCase() !== "cny") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `WeChat Pay takes CNY only; this cart is in ${String(currency).toUpperCase()}`)
    }
    const method = data.method ?? this.config.defaultMethod ?? "native"
    if (!WECHAT_METHODS.includes(method)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `WeChat Pay method must be one of ${WECHAT_METHODS.join(", ")}`)
    if (method === "h5" && !isIP(String(data.payer_ip ?? ""))) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "WeChat H5 needs the payer's IP address in data.payer_ip")
    }
    let amountFen: number
    try {
      amountFen = toMinorUnits(amount as any, "cny")
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
    }
    if (amountFen < 1) throw new MedusaError(MedusaError.Types.INVALID_DATA, "WeChat Pay needs an amount of at least 0.01 CNY")
    const sessionId = String(data.session_id ?? "")
    const outTradeNo = tradeNumberForSession(sessionId, revision)
    const expiresAt = minutesFrom(new Date(), this.config.expiresInMinutes ?? 30)
    const order = {
      outTradeNo,
      amountFen,
      description: String(data.description ?? this.config.description ?? "Order payment"),
      notifyUrl: this.config.notifyUrl,
      timeExpire: expiresAt,
      attach: sessionId,
    }
    const base: TradeData = { session_id: sessionId, out_trade_no: outTradeNo, revision, method, amount_minor: amountFen, currency: "CNY", expires_at: expiresAt.toISOString() }
    if (method === "native") {
      const codeUrl = await this.call(() => this.client.native(order))
      return { ...base, qr_code: codeUrl, qr_image: await qrImageDataUrl(codeUrl) }
    }
    let h5Url = await this.call(() => this.client.h5({ ...order, payerClientIp: String(data.payer_ip) }))
    if (this.config.h5RedirectUrl) {
      const redirect = this.config.h5RedirectUrl.replace("{session_id}", encodeURIComponent(sessionId)).replace("{out_trade_no}", encodeURIComponent(outTradeNo))
      h5Url += `&redirect_url=${encodeURIComponent(redirect)}`
    }
    return { ...base, pay_url: h5Url }
  }

  /**
   * Ask WeChat for the trade. Returns a report only for a definite answer
   * (answers.ts): SUCCESS / REFUND, NOTPAY, CLOSED / REVOKED, or
   * ORDER_NOT_EXIST for a trade never seen paid (as NOTPAY). Throws a
   * retryable ChannelError (UNEXPECTED_STATE) for everything else.
   */
  async queryReport(data: TradeData): Promise<PlatformReport | null> {
    if (!data?.out_trade_no) return null
    const no = data.out_trade_no
    const t = await this.call(() => this.client.query(no), "query", no)
    if (!t) {
      if (tradeSeenAtPlatform(data)) throw this.fail(notDefinite("query", no, "ORDER_NOT_EXIST", 404, `WeChat says the order does not exist, but it answered ${data.platform?.status} with transaction ${data.platform?.transaction_id ?? "-"} before`))
      return wechatReport(this.providerId, { out_trade_no: no, trade_state: "NOTPAY" } as WechatTransaction)
    }
    if (t.mchid !== this.config.mchid) throw this.fail(notDefinite("query", no, "WRONG_MERCHANT", 200, `WeChat Pay answered for merchant ${t.mchid}`))
    if (!DEFINITE_TRADE_STATES.includes(t.trade_state)) {
      throw this.fail(notDefinite("query", no, String(t.trade_state), 200, `the trade is ${t.trade_state}${t.trade_state_desc ? ` (${t.trade_state_desc})` : ""}`))
    }
    return wechatReport(this.providerId, t)
  }

  /**
   * Query first (closing a paid order fails), then close. Closed only on a
   * definite answer: the query says CLOSED / REVOKED, or the close call
   * answers a verified 204, ORDER_NOT_EXIST or ORDER_CLOSED. A paid trade
   * (SUCCESS / REFUND, or ORDERPAID from the close) is a definite refusal
   * (NOT_ALLOWED); anything else — a query or close that is not definite, a
   * close that times out — throws a retryable ChannelError, so the order is
   * not canceled.
   */
  protected async closeTrade(data: TradeData): Promise<TradeData> {
    if (!data?.out_trade_no) return data
    const no = data.out_trade_no
    const report = await this.queryReport(data)
    const alreadyPaid = (code: string) =>
      this.fail(new ChannelError(`WeChat Pay order ${no} is already paid; it cannot be closed`, { channel: "wechatpay", operation: "close", failure: "refused", platform_code: code, http_status: code === "ORDERPAID" ? 400 : 200, retryable: false, out_trade_no: no }))
    if (report?.status === "paid" || report?.status === "refunded") throw alreadyPaid(String((report.summary as any)?.trade_state ?? "SUCCESS"))
    if (report?.status === "unpaid") {
      try {
        await this.client.close(no)
      } catch (e) {
        if (e instanceof WechatPayApiError && e.code === "ORDERPAID") throw alreadyPaid(e.code)
        if (!(e instanceof WechatPayApiError && (e.code === "ORDER_NOT_EXIST" || e.code === "ORDER_CLOSED"))) throw this.fail(wechatChannelError(e, "close", no))
      }
    }
    return { ...data, closed_at: new Date().toISOString() }
  }

  /**
   * Refund with out_refund_no = Medusa's refund id (a retry is the same
   * refund). PROCESSING is accepted (WeChat settles it shortly; the refund
   * query or REFUND.SUCCESS callback confirms); CLOSED refuses.
   */
  protected async refundAtPlatform(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data as TradeData
    const outRefundNo = String(input.context?.idempotency_key ?? "").slice(0, 64)
    if (!outRefundNo) throw new MedusaError(MedusaError.Types.INVALID_DATA, "refund needs Medusa's refund id")
    const refundFen = toMinorUnits(input.amount as any, "cny")
    const r = await this.call(() => this.client.refund({ outTradeNo: data.out_trade_no, outRefundNo, refundFen, totalFen: data.amount_minor, notifyUrl: this.config.notifyUrl }), "refund", data.out_trade_no)
    if (r.status === "CLOSED") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `WeChat Pay closed refund ${outRefundNo}`)
    const refunds = [...((data as any).refunds ?? []).filter((x: any) => x.out_refund_no !== outRefundNo), { out_refund_no: outRefundNo, refund_id: r.refund_id, amount_minor: refundFen, status: r.status.toLowerCase() }]
    return { data: { ...data, refunds } as any }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = (input.data ?? {}) as TradeData & Record<string, any>
    if (data[REFUND_QUERY_FLAG]) {
      const { [REFUND_QUERY_FLAG]: outRefundNo, ...rest } = data
      const r = await this.call(() => this.client.queryRefund(String(outRefundNo)), "refund_query", data.out_trade_no)
      return { data: { ...rest, refund_query: { out_refund_no: String(outRefundNo), refund_id: r?.refund_id ?? null, status: r?.status ?? null, queried_at: new Date().toISOString() }, [REFUND_QUERY_FLAG]: null } as any }
    }
    const flagged = await applyQueryFlags(data, { close: (d) => this.closeTrade(d), query: (d) => this.queryReport(d) })
    if (flagged) return flagged
    const amountMinor = toMinorUnits(input.amount as any, String(input.currency_code))
    if (data.out_trade_no && amountMinor !== data.amount_minor) {
      await this.closeTrade(data)
      return { data: (await this.createTrade(data, input.amount, input.currency_code, (data.revision ?? 1) + 1)) as any, status: PaymentSessionStatus.PENDING }
    }
    return { data }
  }

  /**
   * Verify the callback on its raw body (serial-to-key map, timestamp window,
   * SIGNTEST probes), decrypt the resource, check mchid and appid.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const reject = (reason: string, message: string) => notSupported({ rejection: { provider: this.providerId, reason, message } })
    if (!payload.rawData) return reject("missing_body", "the raw body is required")
    const raw = Buffer.from(payload.rawData as any)
    const verdict = this.client.verify(payload.headers as Record<string, unknown>, raw)
    if (!verdict.ok) {
      if (verdict.reason === "unknown_serial") {
        // a renewed platform certificate or the switch to the WeChat Pay public key: refused (401) so WeChat sends
        // it again; once the key is in platformKeys the next delivery verifies
        // (the message goes back to the caller too: it names the serial, never what is configured)
        const kind = /^PUB_KEY_ID_/.test(String(signedHeaders(payload.headers as Record<string, unknown>).serial)) ? "WeChat Pay public key" : "platform certificate"
        return reject(verdict.reason, `${verdict.message} (a ${kind} that is not in platformKeys yet)`)
      }
      return reject(verdict.reason, verdict.message)
    }
    let envelope: any
    let resource: any
    try {
      envelope = JSON.parse(raw.toString("utf8"))
      resource = JSON.parse(this.client.decrypt(envelope.resource))
    } catch (e) {
      return reject("undecryptable", `resource could not be decrypted: ${(e as Error).message}`)
    }
    if (resource.mchid !== this.config.mchid) return reject("wrong_merchant", `mchid ${resource.mchid} is not this merchant's`)
    const eventType = String(envelope.event_type ?? "")
    if (eventType.startsWith("REFUND.")) return notSupported({ report: wechatRefundReport(this.providerId, resource, eventType) })
    if (resource.appid !== this.config.appid) return reject("wrong_app", `appid ${resource.appid} is not this merchant's`)
    return notSupported({ report: wechatReport(this.providerId, resource as WechatTransaction, eventType) })
  }
}

export default WechatPayProviderService
