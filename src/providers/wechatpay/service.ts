import { isIP } from "node:net"
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { TradeProvider } from "../shared/trade-provider"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { WechatPayApiError, WechatPayClient, type WechatTransaction } from "../../gateways/wechatpay"
import { GatewayError } from "../../gateways/http"
import { toMinorUnits } from "../../utils/money"
import { qrImageDataUrl } from "../shared/qr"
import { minutesFrom } from "../shared/options"
import { tradeNumberForSession } from "../shared/trade-number"
import type { PlatformReport } from "../shared/platform-report"
import { applyQueryFlags, notSupported, sessionStatusFor, type TradeData } from "../shared/session-data"
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

  static validateOptions(options: Record<string, unknown>): void {
    validateWechatPayOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: WechatPayProviderOptions) {
    super(cradle, options)
    this.client = new WechatPayClient(options)
  }

  private readonly providerId = "pp_wechatpay_wechatpay"

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      if (e instanceof GatewayError) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `WeChat Pay unavailable: ${e.message}`)
      if (e instanceof WechatPayApiError) {
        const type = e.status >= 500 ? MedusaError.Types.UNEXPECTED_STATE : MedusaError.Types.NOT_ALLOWED
        throw new MedusaError(type, e.message)
      }
      throw e
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
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

  async queryReport(data: TradeData): Promise<PlatformReport | null> {
    if (!data?.out_trade_no) return null
    const t = await this.call(() => this.client.query(data.out_trade_no))
    if (!t) return wechatReport(this.providerId, { out_trade_no: data.out_trade_no, trade_state: "NOTPAY" } as WechatTransaction)
    if (t.mchid !== this.config.mchid) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `WeChat Pay answered for merchant ${t.mchid}`)
    return wechatReport(this.providerId, t)
  }

  /** Query first (closing a paid order fails); closed or never created counts as closed. */
  protected async closeTrade(data: TradeData): Promise<TradeData> {
    if (!data?.out_trade_no) return data
    const report = await this.queryReport(data)
    if (report?.status === "paid") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `WeChat Pay order ${data.out_trade_no} is already paid; it cannot be closed`)
    if (report?.status === "unpaid") {
      try {
        await this.client.close(data.out_trade_no)
      } catch (e) {
        if (!(e instanceof WechatPayApiError && e.code === "ORDER_NOT_EXIST")) return this.call(() => Promise.reject(e))
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
    const r = await this.call(() => this.client.refund({ outTradeNo: data.out_trade_no, outRefundNo, refundFen, totalFen: data.amount_minor }))
    if (r.status === "CLOSED") throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `WeChat Pay closed refund ${outRefundNo}`)
    const refunds = [...((data as any).refunds ?? []).filter((x: any) => x.out_refund_no !== outRefundNo), { out_refund_no: outRefundNo, refund_id: r.refund_id, amount_minor: refundFen, status: r.status.toLowerCase() }]
    return { data: { ...data, refunds } as any }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = (input.data ?? {}) as TradeData & Record<string, any>
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
    if (!verdict.ok) return reject(verdict.reason, verdict.message)
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
