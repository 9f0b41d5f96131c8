import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { TradeProvider } from "../shared/trade-provider"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { NowPaymentsApiError, NowPaymentsClient, verifyIpn, type NowPayment } from "../../gateways/nowpayments"
import { GatewayError } from "../../gateways/http"
import { minorToDecimal } from "../../gateways/decimal"
import { currencyDigits, toMinorUnits } from "../../utils/money"
import { qrImageDataUrl } from "../shared/qr"
import { tradeNumberForSession } from "../shared/trade-number"
import type { PlatformReport } from "../shared/platform-report"
import { applyQueryFlags, BIND_FLAG, FLAGS_CLEARED, notSupported, type TradeData } from "../shared/session-data"
import { validateNowPaymentsOptions, type NowPaymentsProviderOptions } from "./options"
import { nowPaymentsReport } from "./report"
import { settledInFull } from "../shared/settled"

type CryptoData = TradeData & { payment_id?: string; invoice_id?: string; pay_address?: string; pay_amount?: string; pay_currency?: string }

/** Statuses of a payment that has seen no money (another payment of the same invoice may replace it). */
const NO_FUNDS = ["waiting", "expired", "failed"]

/**
 * USDT / BTC through NOWPayments: a white-label payment (the buyer sends
 * pay_amount to pay_address) or a hosted invoice (the buyer picks the coin on
 * NOWPayments' page; the payment is then learnt from its IPN, or from the list
 * API when the account login is configured). IPNs are verified (HMAC-SHA512,
 * both documented canonical forms, constant-time) and then the payment is
 * re-queried: the answer, not the IPN body, is what the plugin applies.
 */
class NowPaymentsProviderService extends TradeProvider<NowPaymentsProviderOptions> {
  static identifier = "nowpayments"
  protected readonly client: NowPaymentsClient
  private readonly providerId = "pp_nowpayments_nowpayments"

  static validateOptions(options: Record<string, unknown>): void {
    validateNowPaymentsOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: NowPaymentsProviderOptions) {
    super(cradle, options)
    this.client = new NowPaymentsClient({ apiKey: options.apiKey, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, email: options.email || undefined, password: options.password || undefined })
  }

  private get tolerance() {
    return { under_minor: this.config.underpaidToleranceMinor ?? 0, over_minor: this.config.overpaidToleranceMinor ?? 0 }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      if (e instanceof GatewayError) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `NOWPayments unavailable: ${e.message}`)
      if (e instanceof NowPaymentsApiError) throw new MedusaError(e.status >= 500 ? MedusaError.Types.UNEXPECTED_STATE : MedusaError.Types.NOT_ALLOWED, e.message)
      throw e
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const adopted = this.adoptedTrade(input)
    if (adopted) return adopted
    const data = (input.data ?? {}) as Record<string, any>
    const currency = String(input.currency_code).toLowerCase()
    if (currencyDigits(currency) !== 2) throw new MedusaError(MedusaError.Types.INVALID_DATA, `NOWPayments pricing needs a 2-decimal currency; ${currency.toUpperCase()} is not`)
    const mode = data.mode ?? this.config.mode ?? "payment"
    if (mode !== "payment" && mode !== "invoice") throw new MedusaError(MedusaError.Types.INVALID_DATA, 'mode must be "payment" or "invoice"')
    const allowed = this.config.allowedPayCurrencies ?? [this.config.payCurrency ?? "usdttrc20"]
    // an invoice lets the buyer pick the coin unless the storefront fixed one
    const payCurrency = data.pay_currency !== undefined || mode === "payment" ? String(data.pay_currency ?? this.config.payCurrency ?? "usdttrc20").toLowerCase() : null
    if (payCurrency && !allowed.includes(payCurrency)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `pay_currency must be one of ${allowed.join(", ")}`)
    let amountMinor: number
    try {
      amountMinor = toMinorUnits(input.amount as any, currency)
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
    }
    const sessionId = String(data.session_id ?? "")
    const outTradeNo = tradeNumberForSession(sessionId)
    const base = { session_id: sessionId, out_trade_no: outTradeNo, amount_minor: amountMinor, currency: currency.toUpperCase() }
    const common = { priceAmount: minorToDecimal(amountMinor), priceCurrency: currency, ipnCallbackUrl: this.config.ipnCallbackUrl, orderId: outTradeNo, orderDescription: `Order payment ${outTradeNo}` }
    if (mode === "invoice") {
      const withSession = (u?: string) => u?.replace("{session_id}", encodeURIComponent(sessionId))
      const i = await this.call(() => this.client.createInvoice({ ...common, payCurrency: payCurrency ?? undefined, successUrl: withSession(this.config.successUrl), cancelUrl: withSession(this.config.cancelUrl) }))
      const out: CryptoData = { ...base, method: "crypto_invoice", expires_at: "", invoice_id: String(i.id), pay_url: i.invoice_url, ...(payCurrency ? { pay_currency: payCurrency } : {}) }
      return { id: String(i.id), data: out as any, status: PaymentSessionStatus.PENDING }
    }
    const p = await this.call(() => this.client.createPayment({ ...common, payCurrency: payCurrency! }))
    const uri = `${payCurrency!.startsWith("btc") ? "bitcoin" : payCurrency}:${p.pay_address}?amount=${p.pay_amount}`
    const out: CryptoData = {
      ...base, method: "crypto", expires_at: p.valid_until ?? p.expiration_estimate_date ?? "", payment_id: String(p.payment_id), pay_address: p.pay_address,
      pay_amount: String(p.pay_amount), pay_currency: p.pay_currency, qr_code: uri, qr_image: await qrImageDataUrl(uri),
    }
    return { id: String(p.payment_id), data: out as any, status: PaymentSessionStatus.PENDING }
  }

  /**
   * The payment as NOWPayments reports it now. An invoice whose payment is not
   * bound yet is looked up with the list API when the account login is set
   * (the payment with money, else the newest); otherwise nothing is known yet.
   */
  async queryReport(data: CryptoData): Promise<PlatformReport | null> {
    if (data?.payment_id) {
      const p = await this.call(() => this.client.getPayment(data.payment_id!))
      return nowPaymentsReport(this.providerId, p, this.tolerance, { askedPayCurrency: data.pay_currency, sessionPaymentId: data.payment_id })
    }
    if (!data?.invoice_id || !this.client.canList) return null
    const payments = (await this.call(() => this.client.listInvoicePayments(data.invoice_id!))).filter((p) => !p.parent_payment_id && p.order_id === data.out_trade_no)
    const chosen = payments.find((p) => !NO_FUNDS.includes(p.payment_status)) ?? payments[0]
    if (!chosen) return null
    return nowPaymentsReport(this.providerId, await this.call(() => this.client.getPayment(chosen.payment_id)), this.tolerance)
  }

  /**
   * Bind a hosted invoice's payment to the session: only one of this invoice
   * (and this order), never a child; a payment that already has money is kept
   * when another one of the same invoice turns up (that one is a second payment).
   */
  private async bind(data: CryptoData, paymentId: string): Promise<CryptoData> {
    if (!data.invoice_id || data.payment_id === paymentId) return data
    const p = await this.call(() => this.client.getPayment(paymentId))
    if (String(p.invoice_id ?? "") !== data.invoice_id || p.order_id !== data.out_trade_no || p.parent_payment_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `NOWPayments payment ${paymentId} does not belong to invoice ${data.invoice_id}`)
    }
    if (data.payment_id) {
      const current = await this.call(() => this.client.getPayment(data.payment_id!))
      if (!NO_FUNDS.includes(current.payment_status)) return data
    }
    return { ...data, payment_id: String(p.payment_id), pay_address: p.pay_address, pay_amount: String(p.pay_amount), pay_currency: p.pay_currency, expires_at: p.valid_until ?? data.expires_at }
  }

  /** A hosted invoice's payment found by a status query is bound here too, so a later payment of it counts as a second one. */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const out = await super.authorizePayment(input)
    const d = out.data as CryptoData & { platform?: PlatformReport | null }
    if (d && !d.payment_id && d.platform?.bind_payment_id) return { ...out, data: { ...d, payment_id: d.platform.bind_payment_id } as any }
    return out
  }

  /**
   * A repeated or wrong-asset deposit names no order (NOWPayments sends order_id null): the original payment it
   * was made against does. Follows parent_payment_id up to the original (a few hops at most).
   */
  private async originalOf(p: NowPayment): Promise<NowPayment | null> {
    let parent: NowPayment | null = null
    let next = p.parent_payment_id
    for (let hop = 0; hop < 3 && next !== undefined && next !== null && next !== ""; hop++) {
      parent = await this.client.getPayment(next)
      next = parent.parent_payment_id
    }
    return parent
  }

  /** Settled in full within the tolerance, at the asked price, in the asked coin, not a child or late payment. */
  protected isSettled(report: PlatformReport | null, data: CryptoData): boolean {
    return !!report && settledInFull(report, data.amount_minor, data.currency)
  }

  /** A crypto payment cannot be closed at NOWPayments; it expires. Refuse only when money already arrived. */
  protected async closeTrade(data: CryptoData): Promise<CryptoData> {
    if (!data?.payment_id && !data?.invoice_id) return data
    const report = await this.queryReport(data)
    if (report && (report.status === "paid" || report.status === "processing")) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `NOWPayments payment ${report.transaction_id} has received funds; it cannot be closed`)
    }
    return { ...data, closed_at: new Date().toISOString() }
  }

  /** NOWPayments has no public refund API for payments: the refund is recorded as a manual task. */
  protected async refundAtPlatform(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = input.data as CryptoData & { manual_refunds?: any[] }
    const id = String(input.context?.idempotency_key ?? "")
    const amountMinor = toMinorUnits(input.amount as any, data.currency)
    const tasks = [...(data.manual_refunds ?? []).filter((t) => t.refund_id !== id), { refund_id: id, amount_minor: amountMinor, currency: data.currency, status: "manual_task", note: "send the refund from the NOWPayments dashboard or your wallet" }]
    return { data: { ...data, manual_refunds: tasks } as any }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const { [BIND_FLAG]: bind, ...data } = (input.data ?? {}) as CryptoData & Record<string, any>
    if (bind) return { data: { ...(await this.bind(data as CryptoData, String(bind))), ...FLAGS_CLEARED } as any }
    const flagged = await applyQueryFlags(data, { close: (d) => this.closeTrade(d as CryptoData), query: (d) => this.queryReport(d as CryptoData) })
    if (flagged) return flagged
    if ((data.payment_id || data.invoice_id) && toMinorUnits(input.amount as any, String(input.currency_code)) !== data.amount_minor) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "the cart total changed after the crypto payment was created; start a new payment session")
    }
    return { data }
  }

  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const reject = (reason: string, message: string) => notSupported({ rejection: { provider: this.providerId, reason, message } })
    if (!payload.rawData) return reject("missing_body", "the raw body is required")
    const headers = payload.headers as Record<string, unknown>
    const verdict = verifyIpn(Buffer.from(payload.rawData as any), headers["x-nowpayments-sig"], this.config.ipnSecret)
    if (!verdict.ok) return reject(verdict.reason, verdict.message)
    if (verdict.body.payment_id === undefined) return reject("unreadable", "no payment_id in the IPN")
    // no timestamp in the signature: what counts is the payment as NOWPayments reports it now
    try {
      const p = await this.client.getPayment(verdict.body.payment_id)
      const parent = p.parent_payment_id ? await this.originalOf(p) : null
      return notSupported({ report: nowPaymentsReport(this.providerId, p, this.tolerance, { parent }) })
    } catch (e) {
      return reject("query_failed", `re-query of payment ${verdict.body.payment_id} failed: ${(e as Error).message}`)
    }
  }
}

export default NowPaymentsProviderService
