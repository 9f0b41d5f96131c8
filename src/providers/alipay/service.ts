import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { TradeProvider } from "../shared/trade-provider"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput, Logger,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { AlipayClient, parseNotifyForm, verifyNotifyForm, type NotifyForm } from "../../gateways/alipay"
import { toMinorUnits } from "../../utils/money"
import { ChannelError, logChannelError, tradeSeenAtPlatform, type ChannelOperation } from "../shared/channel-error"
import { alipayAnswerError, alipayGatewayError, alipayNotDefinite, DEFINITE_TRADE_STATUSES, isTransientAlipayAnswer } from "./answers"
import { qrImageDataUrl } from "../shared/qr"
import { minutesFrom } from "../shared/options"
import { tradeNumberForSession } from "../shared/trade-number"
import type { OrderManagementWebhookResult, PlatformReport } from "../shared/platform-report"
import { applyQueryFlags, notSupported, paidMatches, sessionStatusFor, type TradeData } from "../shared/session-data"
import { ALIPAY_METHODS, validateAlipayOptions, type AlipayProviderOptions } from "./options"
import { alipayReport } from "./report"

/**
 * Alipay (当面付 QR, 手机网站 H5, 电脑网站 page) as a Medusa payment provider.
 * The trade is created at initiatePayment; authorizePayment asks Alipay and
 * answers captured once paid (the order is placed while pending_authorization
 * otherwise); callbacks arrive at /hooks/order-management/alipay.
 */
class AlipayProviderService extends TradeProvider<AlipayProviderOptions> {
  static identifier = "alipay"
  protected readonly client: AlipayClient
  protected readonly logger: Logger | undefined

  static validateOptions(options: Record<string, unknown>): void {
    validateAlipayOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: AlipayProviderOptions) {
    super(cradle, options)
    this.logger = cradle.logger as Logger | undefined
    // the options object itself: timeoutMs is read from it at each call
    this.client = new AlipayClient(options)
  }

  private get providerId() {
    return `pp_alipay_${(this.config as any).id ?? "alipay"}`
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const adopted = this.adoptedTrade(input)
    if (adopted) return adopted
    const data = (input.data ?? {}) as Record<string, any>
    const trade = await this.createTrade(data, input.amount, input.currency_code, 1)
    return { id: trade.out_trade_no, data: trade as any, status: PaymentSessionStatus.PENDING }
  }

  private async createTrade(data: Record<string, any>, amount: unknown, currency: string, revision: number): Promise<TradeData> {
    if (String(currency).toLowerCase() !== "cny") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Alipay takes CNY only; this cart is in ${String(currency).toUpperCase()}`)
    }
    const method = data.method ?? this.config.defaultMethod ?? "qr"
    if (!ALIPAY_METHODS.includes(method)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Alipay method must be one of ${ALIPAY_METHODS.join(", ")}`)
    let amountMinor: number
    try {
      amountMinor = toMinorUnits(amount as any, "cny")
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
    }
    if (amountMinor < 1) throw new MedusaError(MedusaError.Types.INVALID_DATA, "Alipay needs an amount of at least 0.01 CNY")
    const sessionId = String(data.session_id ?? "")
    const outTradeNo = tradeNumberForSession(sessionId, revision)
    const expiresAt = minutesFrom(new Date(), this.config.expiresInMinutes ?? 30)
    const subject = String(data.subject ?? this.config.subject ?? "Order payment").slice(0, 256)
    const base: TradeData = { session_id: sessionId, out_trade_no: outTradeNo, revision, method, amount_minor: amountMinor, currency: "CNY", expires_at: expiresAt.toISOString() }
    if (method === "qr") {
      const r = await this.call(() => this.client.precreate({ outTradeNo, amountMinor, subject, timeExpire: expiresAt, notifyUrl: this.config.notifyUrl, passbackParams: sessionId }), "create", outTradeNo)
      if (r.code !== "10000" || !r.qr_code) {
        const retryable = isTransientAlipayAnswer(r)
        throw this.fail(new ChannelError(`Alipay refused the trade: ${r.sub_msg ?? r.msg ?? r.code} (${r.sub_code ?? r.code})`, { channel: "alipay", operation: "create", failure: retryable ? "platform_error" : "refused", platform_code: String(r.sub_code ?? r.code), http_status: 200, retryable, out_trade_no: outTradeNo }, MedusaError.Types.UNEXPECTED_STATE))
      }
      return { ...base, qr_code: r.qr_code, qr_image: await qrImageDataUrl(r.qr_code) }
    }
    const returnUrl = this.returnUrlFor(data, sessionId, outTradeNo)
    const pay = { outTradeNo, amountMinor, subject, timeExpire: expiresAt, notifyUrl: this.config.notifyUrl, returnUrl, quitUrl: returnUrl, passbackParams: sessionId }
    const kind = method === "page" ? "page" : "wap"
    return { ...base, pay_url: this.client.pagePayUrl(kind, pay), return_url: returnUrl ?? null }
  }

  private returnUrlFor(data: Record<string, any>, sessionId: string, outTradeNo: string): string | undefined {
    const fill = (u: string) => u.replace("{session_id}", encodeURIComponent(sessionId)).replace("{out_trade_no}", encodeURIComponent(outTradeNo))
    if (typeof data.return_url === "string" && data.return_url) {
      let origin: string
      try {
        origin = new URL(data.return_url).origin
      } catch {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "return_url must be an absolute URL")
      }
      const allowed = this.config.allowedReturnOrigins ?? (this.config.returnUrl ? [new URL(this.config.returnUrl).origin] : [])
      if (!allowed.includes(origin)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `return_url origin ${origin} is not allowed`)
      return fill(data.return_url)
    }
    return this.config.returnUrl ? fill(this.config.returnUrl) : undefined
  }

  /**
   * Platform calls: an unreachable or untrustworthy answer is a retryable
   * ChannelError (UNEXPECTED_STATE) Medusa surfaces, never "unpaid"; logged
   * once with what happened.
   */
  private async call<T>(fn: () => Promise<T>, operation: ChannelOperation = "create", outTradeNo?: string): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      throw this.fail(alipayGatewayError(e, operation, outTradeNo))
    }
  }

  /** Log a ChannelError (code, never a secret) and hand it back for throwing. */
  private fail(e: unknown): unknown {
    if (e instanceof ChannelError) logChannelError(this.logger, e)
    return e
  }

  /**
   * Ask Alipay for the trade. Returns a report only for a definite answer
   * (answers.ts): TRADE_SUCCESS / TRADE_FINISHED, WAIT_BUYER_PAY, TRADE_CLOSED,
   * or ACQ.TRADE_NOT_EXIST before the trade was seen (an unscanned QR: unpaid).
   * Throws a retryable ChannelError (UNEXPECTED_STATE) for everything else.
   */
  async queryReport(data: TradeData): Promise<PlatformReport | null> {
    if (!data?.out_trade_no) return null
    const no = data.out_trade_no
    const r = await this.call(() => this.client.query(no), "query", no)
    if (r.code === "40004" && r.sub_code === "ACQ.TRADE_NOT_EXIST") {
      if (tradeSeenAtPlatform(data)) {
        throw this.fail(alipayNotDefinite("query", no, "ACQ.TRADE_NOT_EXIST", `Alipay says the trade does not exist, but it answered ${data.platform?.status} with trade_no ${data.platform?.transaction_id ?? "-"} before`))
      }
      return { ...alipayReport(this.providerId, { out_trade_no: no, trade_status: "WAIT_BUYER_PAY" }, "query"), amount_minor: null }
    }
    if (r.code !== "10000") throw this.fail(alipayAnswerError(r, "query", no))
    if (!DEFINITE_TRADE_STATUSES.includes(String(r.trade_status))) {
      throw this.fail(alipayNotDefinite("query", no, String(r.trade_status ?? "NO_TRADE_STATUS"), `the trade is ${r.trade_status ?? "in no known state"}`))
    }
    return alipayReport(this.providerId, r, "query")
  }

  /**
   * Close the trade. Closed only on a definite answer: the close call's
   * verified 10000, ACQ.TRADE_NOT_EXIST for a trade never seen (an unscanned
   * QR), or, when the close is refused, a query saying TRADE_CLOSED. A paid
   * trade throws a definite refusal (NOT_ALLOWED) so nothing is dropped
   * silently; anything else (a close that times out, ACQ.SYSTEM_ERROR, an
   * answer that does not verify) throws a retryable ChannelError, so the
   * order is not canceled.
   */
  protected async closeTrade(data: TradeData): Promise<TradeData> {
    if (!data?.out_trade_no) return data
    const no = data.out_trade_no
    const r = await this.call(() => this.client.close(no), "close", no)
    if (r.code === "10000" || (r.sub_code === "ACQ.TRADE_NOT_EXIST" && !tradeSeenAtPlatform(data))) return { ...data, closed_at: new Date().toISOString() }
    const report = await this.queryReport(data)
    if (report?.status === "closed") return { ...data, closed_at: data.closed_at ?? new Date().toISOString() }
    if (report?.status === "paid" || report?.status === "refunded") {
      throw this.fail(new ChannelError(`Alipay trade ${no} is already paid; it cannot be closed`, { channel: "alipay", operation: "close", failure: "refused", platform_code: String(r.sub_code ?? r.code), http_status: 200, retryable: false, out_trade_no: no }))
    }
    throw this.fail(alipayAnswerError(r, "close", no, "could not close:"))
  }

  /**
   * Refund with out_request_no derived from Medusa's refund id, so a retry is
   * the same refund. fund_change N means nothing moved in this call: the
   * refund query decides (REFUND_SUCCESS, or absent = not done, throw).
   */
  protected async refundAtPlatform(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data as TradeData
    const outRequestNo = String(input.context?.idempotency_key ?? "").slice(0, 64)
    if (!outRequestNo) throw new MedusaError(MedusaError.Types.INVALID_DATA, "refund needs Medusa's refund id")
    const amountMinor = toMinorUnits(input.amount as any, "cny")
    const r = await this.call(() => this.client.refund({ outTradeNo: data.out_trade_no, amountMinor, outRequestNo }), "refund", data.out_trade_no)
    if (r.code !== "10000") {
      const e = alipayAnswerError(r, "refund", data.out_trade_no)
      throw this.fail(e.retryable ? e : new ChannelError(`Alipay refused the refund: ${r.sub_msg ?? r.msg} (${r.sub_code ?? r.code})`, { channel: "alipay", operation: "refund", failure: "refused", platform_code: String(r.sub_code ?? r.code), http_status: 200, retryable: false, out_trade_no: data.out_trade_no }))
    }
    if (r.fund_change !== "Y") {
      const q = await this.call(() => this.client.refundQuery(data.out_trade_no, outRequestNo), "refund_query", data.out_trade_no)
      if (q.code !== "10000" || q.refund_status !== "REFUND_SUCCESS") {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Alipay refund ${outRequestNo} is not confirmed yet; retry it (same request number)`)
      }
    }
    const refunds = [...((data as any).refunds ?? []).filter((x: any) => x.out_request_no !== outRequestNo), { out_request_no: outRequestNo, amount_minor: amountMinor, status: "success", refund_fee: r.refund_fee }]
    return { data: { ...data, refunds } as any }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = (input.data ?? {}) as TradeData & Record<string, any>
    const flagged = await applyQueryFlags(data, {
      close: (d) => this.closeTrade(d),
      query: (d) => this.queryReport(d),
    })
    if (flagged) return flagged
    // the cart total changed: the old trade is closed and a new one (next revision) created
    const amountMinor = toMinorUnits(input.amount as any, String(input.currency_code))
    if (data.out_trade_no && amountMinor !== data.amount_minor) {
      await this.closeTrade(data)
      return { data: (await this.createTrade(data, input.amount, input.currency_code, (data.revision ?? 1) + 1)) as any, status: PaymentSessionStatus.PENDING }
    }
    return { data }
  }

  /**
   * Verify a notify on its single-decoded form fields (from the raw body),
   * then check app_id and seller_id against this merchant. The callback route
   * reads `order_management`; Medusa's own webhook subscriber gets
   * not_supported and leaves the work to that route.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const raw = payload.rawData ? Buffer.from(payload.rawData as any) : Buffer.from(new URLSearchParams(payload.data as any).toString())
    const reject = (reason: string, message: string) => notSupported({ rejection: { provider: this.providerId, reason, message } })
    let form: NotifyForm
    try {
      form = parseNotifyForm(raw)
    } catch (e) {
      return reject("unreadable", `notify in an unknown charset: ${(e as Error).message}`)
    }
    const fields = form.fields
    if (!fields.sign) return reject("missing_signature", "no sign in the notify")
    // on the exact bytes received, in the charset the notify declared (GBK notifies included)
    if (!verifyNotifyForm(form, this.client.verifyKey)) return reject("bad_signature", "notify signature does not verify")
    if (fields.app_id !== this.config.appId) return reject("wrong_app", `app_id ${fields.app_id} is not this merchant's`)
    if (fields.seller_id && fields.seller_id !== this.config.sellerId) return reject("wrong_merchant", `seller_id ${fields.seller_id} is not this merchant's`)
    const report = alipayReport(this.providerId, fields, "notify")
    const result: OrderManagementWebhookResult = { report }
    return notSupported(result)
  }
}

export default AlipayProviderService
