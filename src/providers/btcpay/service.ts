import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { TradeProvider } from "../shared/trade-provider"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { BtcpayApiError, BtcpayClient, verifyBtcpaySig } from "../../gateways/btcpay"
import { GatewayError } from "../../gateways/http"
import { minorToDecimal } from "../../gateways/decimal"
import { currencyDigits, toMinorUnits } from "../../utils/money"
import { qrImageDataUrl } from "../shared/qr"
import { tradeNumberForSession } from "../shared/trade-number"
import type { PlatformReport } from "../shared/platform-report"
import { applyQueryFlags, notSupported, type TradeData } from "../shared/session-data"
import { settledInFull } from "../shared/settled"
import { validateBtcpayOptions, type BtcpayProviderOptions } from "./options"
import { btcpayReport, needsPaymentMethods } from "./report"

type InvoiceData = TradeData & { invoice_id?: string; refunds?: any[] }

/**
 * BTC (on-chain, Lightning) through the merchant's own BTCPay Server. An
 * invoice per session; the buyer pays on BTCPay's checkout page. Webhooks are
 * verified (HMAC-SHA256 of the raw body) and the invoice re-fetched: only
 * Settled at the asked amount (within tolerance) captures.
 */
class BtcpayProviderService extends TradeProvider<BtcpayProviderOptions> {
  static identifier = "btcpay"
  protected readonly client: BtcpayClient
  private readonly providerId = "pp_btcpay_btcpay"

  static validateOptions(options: Record<string, unknown>): void {
    validateBtcpayOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: BtcpayProviderOptions) {
    super(cradle, options)
    this.client = new BtcpayClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, storeId: options.storeId, timeoutMs: options.timeoutMs })
  }

  private get tolerance() {
    return { under_minor: this.config.underpaidToleranceMinor ?? 0, over_minor: this.config.overpaidToleranceMinor ?? 0 }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      if (e instanceof GatewayError) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `BTCPay unavailable: ${e.message}`)
      if (e instanceof BtcpayApiError) throw new MedusaError(e.status >= 500 ? MedusaError.Types.UNEXPECTED_STATE : MedusaError.Types.NOT_ALLOWED, e.message)
      throw e
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const adopted = this.adoptedTrade(input)
    if (adopted) return adopted
    const data = (input.data ?? {}) as Record<string, any>
    const currency = String(input.currency_code).toLowerCase()
    if (currencyDigits(currency) !== 2) throw new MedusaError(MedusaError.Types.INVALID_DATA, `BTCPay pricing here needs a 2-decimal currency; ${currency.toUpperCase()} is not`)
    let amountMinor: number
    try {
      amountMinor = toMinorUnits(input.amount as any, currency)
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
    }
    const sessionId = String(data.session_id ?? "")
    const outTradeNo = tradeNumberForSession(sessionId)
    const inv = await this.call(() =>
      this.client.createInvoice({ amount: minorToDecimal(amountMinor), currency, orderId: outTradeNo, expirationMinutes: this.config.expirationMinutes ?? 30, redirectUrl: this.config.redirectUrl, speedPolicy: this.config.speedPolicy, paymentMethods: this.config.paymentMethods })
    )
    const out: InvoiceData = {
      session_id: sessionId, out_trade_no: outTradeNo, method: "invoice", amount_minor: amountMinor, currency: currency.toUpperCase(),
      expires_at: inv.expirationTime ? new Date(inv.expirationTime * 1000).toISOString() : "", invoice_id: inv.id,
      pay_url: inv.checkoutLink, qr_code: inv.checkoutLink, qr_image: await qrImageDataUrl(inv.checkoutLink),
    }
    return { id: inv.id, data: out as any, status: PaymentSessionStatus.PENDING }
  }

  async queryReport(data: InvoiceData): Promise<PlatformReport | null> {
    if (!data?.invoice_id) return null
    return this.call(() => this.invoiceReport(data.invoice_id!))
  }

  /**
   * The invoice as BTCPay reports it now; a server before 2.1.2 sends no paidAmount, so what was paid is then
   * read from the invoice's payment methods (one more Greenfield call).
   */
  private async invoiceReport(invoiceId: string): Promise<PlatformReport> {
    const inv = await this.client.getInvoice(invoiceId)
    const methods = needsPaymentMethods(inv) ? await this.client.getInvoicePaymentMethods(invoiceId) : null
    return btcpayReport(this.providerId, inv, this.tolerance, methods)
  }

  /**
   * Settled in full within the tolerance, at the asked price, not a late payment; or settled by the merchant's
   * hand at BTCPay (Marked) at the asked price, whatever was paid: the merchant's decision.
   */
  protected isSettled(report: PlatformReport | null, data: InvoiceData): boolean {
    if (report?.settled_by_merchant && report.status === "paid" && !report.irregular) {
      return report.amount_minor === data.amount_minor && String(report.currency).toUpperCase() === String(data.currency).toUpperCase()
    }
    return !!report && settledInFull(report, data.amount_minor, data.currency)
  }

  /** An unpaid invoice simply expires; one that received money is not dropped silently. */
  protected async closeTrade(data: InvoiceData): Promise<InvoiceData> {
    if (!data?.invoice_id) return data
    const report = await this.queryReport(data)
    if (report && (report.status === "paid" || report.status === "processing")) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `BTCPay invoice ${data.invoice_id} has received funds; it cannot be closed`)
    }
    return { ...data, closed_at: new Date().toISOString() }
  }

  /** BTCPay refunds are pull payments: the buyer opens the link and gives an address. The link is kept in the payment data. */
  protected async refundAtPlatform(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data as InvoiceData
    const amountMinor = toMinorUnits(input.amount as any, data.currency)
    const id = String(input.context?.idempotency_key ?? "")
    if ((data.refunds ?? []).some((r) => r.refund_id === id)) return { data: data as any }
    const pull = await this.call(() => this.client.refund(data.invoice_id!, { amount: minorToDecimal(amountMinor), currency: data.currency, description: `refund ${id}` }))
    const refunds = [...(data.refunds ?? []), { refund_id: id, amount_minor: amountMinor, pull_payment_id: pull.id, claim_link: pull.viewLink ?? null, status: "awaiting_buyer_claim" }]
    return { data: { ...data, refunds } as any }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = (input.data ?? {}) as InvoiceData & Record<string, any>
    const flagged = await applyQueryFlags(data, { close: (d) => this.closeTrade(d as InvoiceData), query: (d) => this.queryReport(d as InvoiceData) })
    if (flagged) return flagged
    if (data.invoice_id && toMinorUnits(input.amount as any, String(input.currency_code)) !== data.amount_minor) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "the cart total changed after the BTCPay invoice was created; start a new payment session")
    }
    return { data }
  }

  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const reject = (reason: string, message: string) => notSupported({ rejection: { provider: this.providerId, reason, message } })
    if (!payload.rawData) return reject("missing_body", "the raw body is required")
    const raw = Buffer.from(payload.rawData as any)
    if (!verifyBtcpaySig(raw, (payload.headers as any)["btcpay-sig"], this.config.webhookSecret)) return reject("bad_signature", "BTCPay-Sig does not verify")
    let body: any
    try {
      body = JSON.parse(raw.toString("utf8"))
    } catch {
      return reject("unreadable", "the webhook body is not JSON")
    }
    if (body.storeId !== this.config.storeId) return reject("wrong_merchant", `storeId ${body.storeId} is not this store's`)
    if (!body.invoiceId) return notSupported({})
    try {
      return notSupported({ report: await this.invoiceReport(body.invoiceId) })
    } catch (e) {
      return reject("query_failed", `re-fetch of invoice ${body.invoiceId} failed: ${(e as Error).message}`)
    }
  }
}

export default BtcpayProviderService
