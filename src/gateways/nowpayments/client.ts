/** NOWPayments REST client (x-api-key), plain fetch; no Medusa imports. */
import { GatewayError, httpRequest } from "../http"

export const NOWPAYMENTS_PRODUCTION_BASE = "https://api.nowpayments.io/v1"
export const NOWPAYMENTS_SANDBOX_BASE = "https://api-sandbox.nowpayments.io/v1"

/**
 * A payment as NOWPayments returns it (GET /v1/payment/{id}) and sends it in IPNs. A repeated or wrong-asset
 * deposit is its own payment: parent_payment_id names the original, order_id / invoice_id are null, price_amount is
 * the deposit's value at the day's rate (NOWPayments API docs, "Repeated Deposits and Wrong-Asset Deposits").
 */
export type NowPayment = {
  payment_id: number | string
  parent_payment_id?: number | string | null
  invoice_id?: number | string | null
  payment_status: "waiting" | "confirming" | "confirmed" | "sending" | "partially_paid" | "finished" | "failed" | "refunded" | "expired"
  pay_address?: string
  payin_extra_id?: string | null
  price_amount: number | string
  price_currency: string
  pay_amount: number | string
  actually_paid?: number | string
  actually_paid_at_fiat?: number | string
  pay_currency: string
  order_id?: string | null
  order_description?: string | null
  /** what NOWPayments settles to the merchant's wallet, after its fees (null when it could not settle it) */
  outcome_amount?: number | string | null
  outcome_currency?: string
  /** NOWPayments' fees, itemised (IPN body; the status answer may carry it too) */
  fee?: { currency?: string; depositFee?: number | string; withdrawalFee?: number | string; serviceFee?: number | string } | null
  created_at?: string
  updated_at?: string
  valid_until?: string
  expiration_estimate_date?: string
  network?: string
}

export class NowPaymentsApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(`NOWPayments ${status}: ${message}`)
    this.name = "NowPaymentsApiError"
  }
}

/** A hosted invoice: the buyer picks a coin on invoice_url, which creates a payment carrying invoice_id. */
export type NowInvoice = {
  id: string | number
  token_id?: string
  order_id?: string | null
  price_amount: string | number
  price_currency: string
  pay_currency?: string | null
  invoice_url: string
  created_at?: string
}

export class NowPaymentsClient {
  private jwt: { token: string; at: number } | null = null

  constructor(private readonly config: { apiKey: string; baseUrl?: string; timeoutMs?: number; email?: string; password?: string }) {}

  private get base() {
    return (this.config.baseUrl || NOWPAYMENTS_PRODUCTION_BASE).replace(/\/$/, "")
  }

  private async call<T>(method: "GET" | "POST", path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
    const res = await httpRequest(this.base + path, {
      method,
      headers: { "x-api-key": this.config.apiKey, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...extraHeaders },
      body: body ? JSON.stringify(body) : undefined,
      timeoutMs: this.config.timeoutMs ?? 15_000,
    })
    if (res.status >= 500) throw new GatewayError(`NOWPayments answered HTTP ${res.status}`, "transport", res.status)
    let data: any
    try {
      data = JSON.parse(res.body)
    } catch {
      throw new GatewayError(`NOWPayments ${path}: answer is not JSON`, "protocol", res.status)
    }
    if (res.status >= 300) throw new NowPaymentsApiError(res.status, String(data?.message ?? data?.code ?? res.body))
    return data as T
  }

  status() {
    return this.call<{ message: string }>("GET", "/status")
  }

  /** White-label payment: the buyer pays pay_amount of pay_currency to pay_address. */
  createPayment(input: { priceAmount: string; priceCurrency: string; payCurrency: string; ipnCallbackUrl: string; orderId: string; orderDescription?: string }) {
    return this.call<NowPayment>("POST", "/payment", {
      // the API takes a JSON number; a 2-decimal fiat amount is exact in that form
      price_amount: Number(input.priceAmount),
      price_currency: input.priceCurrency.toLowerCase(),
      pay_currency: input.payCurrency.toLowerCase(),
      ipn_callback_url: input.ipnCallbackUrl,
      order_id: input.orderId,
      order_description: input.orderDescription,
    })
  }

  /** The coins enabled in the merchant's account (x-api-key required; a harmless read). */
  merchantCoins() {
    return this.call<{ selectedCurrencies: string[] }>("GET", "/merchant/coins")
  }

  /** Hosted invoice (the buyer chooses the coin on NOWPayments' page unless payCurrency fixes it). */
  createInvoice(input: { priceAmount: string; priceCurrency: string; ipnCallbackUrl: string; orderId: string; orderDescription?: string; payCurrency?: string; successUrl?: string; cancelUrl?: string }) {
    return this.call<NowInvoice>("POST", "/invoice", {
      price_amount: Number(input.priceAmount),
      price_currency: input.priceCurrency.toLowerCase(),
      ...(input.payCurrency ? { pay_currency: input.payCurrency.toLowerCase() } : {}),
      ipn_callback_url: input.ipnCallbackUrl,
      order_id: input.orderId,
      order_description: input.orderDescription,
      ...(input.successUrl ? { success_url: input.successUrl } : {}),
      ...(input.cancelUrl ? { cancel_url: input.cancelUrl } : {}),
    })
  }

  /** Whether the account login for the list API (email + password) is configured. */
  get canList(): boolean {
    return !!(this.config.email && this.config.password)
  }

  /** A JWT from /auth (the list API needs it); kept 4 minutes (NOWPayments issues them for 5). */
  async bearer(): Promise<string> {
    if (this.jwt && Date.now() - this.jwt.at < 4 * 60_000) return this.jwt.token
    const { token } = await this.call<{ token: string }>("POST", "/auth", { email: this.config.email, password: this.config.password })
    this.jwt = { token, at: Date.now() }
    return token
  }

  /** The payments made for an invoice (one per coin the buyer picked), newest first. */
  async listInvoicePayments(invoiceId: string | number): Promise<NowPayment[]> {
    const q = new URLSearchParams({ invoiceId: String(invoiceId), limit: "50", page: "0", sortBy: "created_at", orderBy: "desc" })
    const r = await this.call<{ data: NowPayment[] }>("GET", `/payment/?${q}`, undefined, { authorization: `Bearer ${await this.bearer()}` })
    return r.data ?? []
  }

  /**
   * Every payment of the account created in [dateFrom, dateTo], oldest first: NOWPayments' payments list
   * `GET /v1/payment/?limit=500&page=N&sortBy=created_at&orderBy=asc&dateFrom=…&dateTo=…` (Get list of payments,
   * https://documenter.getpostman.com/view/7907941/2s93JusNJt; needs the x-api-key header AND `Authorization: Bearer
   * <JWT>` from `POST /v1/auth {email, password}`), paged with `page` 0 … pagesCount − 1 (`limit` is at most 500).
   * The answer is `{data, limit, page, pagesCount, total}`; each item a NowPayment (price_amount in price_currency,
   * pay_amount / actually_paid / outcome_amount in crypto, created_at / updated_at ISO UTC, parent_payment_id on
   * re-deposits and wrong-asset deposits, order_id our out-trade-number or null).
   *
   * `dateFrom` / `dateTo`: Dates (sent as ISO 8601 UTC timestamps, both bounds inclusive) or strings passed as given
   * (`YYYY-MM-DD`, NOWPayments reads a bare date in UTC). Payments are yielded once each (by payment_id) even when
   * a new payment shifts the pages while they are read. A JWT that expires mid-run (401) is renewed once.
   *
   * Throws a plain Error when the account email/password are not configured (the list API cannot be used without
   * them), NowPaymentsApiError(status, message) for a refusal (401/403: wrong login or API key; 400: bad parameters),
   * GatewayError for transport failures, HTTP 5xx and answers that are not JSON or not a page.
   */
  async *listPaymentsForPeriod(period: { dateFrom: Date | string; dateTo: Date | string }, opts: { limit?: number } = {}): AsyncIterable<NowPayment> {
    if (!this.canList) throw new Error("NOWPayments: listing payments needs the account's email and password (options email / password): the list API requires a JWT from /v1/auth")
    const limit = Math.min(Math.max(Math.floor(opts.limit ?? 500), 1), 500)
    const bound = (v: Date | string) => (v instanceof Date ? v.toISOString() : String(v))
    const seen = new Set<string>()
    for (let page = 0; ; page++) {
      const q = new URLSearchParams({ limit: String(limit), page: String(page), sortBy: "created_at", orderBy: "asc", dateFrom: bound(period.dateFrom), dateTo: bound(period.dateTo) })
      const answer = await this.withBearer((headers) => this.call<{ data?: NowPayment[]; pagesCount?: number | string; total?: number }>("GET", `/payment/?${q}`, undefined, headers))
      if (!answer || !Array.isArray(answer.data)) throw new GatewayError(`NOWPayments /payment/: the answer has no data array`, "protocol", 200)
      for (const p of answer.data) {
        const id = String(p.payment_id)
        if (seen.has(id)) continue
        seen.add(id)
        yield p
      }
      const pages = Number(answer.pagesCount)
      // the last page: pagesCount says so, or (a server that omits it) a short page
      if (Number.isFinite(pages) ? page + 1 >= pages : answer.data.length < limit) return
    }
  }

  /** Run an authenticated call; on a 401 (an expired JWT) log in again once and repeat it. */
  private async withBearer<T>(run: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    try {
      return await run({ authorization: `Bearer ${await this.bearer()}` })
    } catch (e) {
      if (!(e instanceof NowPaymentsApiError && e.status === 401 && this.jwt)) throw e
      this.jwt = null
      return run({ authorization: `Bearer ${await this.bearer()}` })
    }
  }

  getPayment(paymentId: string | number) {
    return this.call<NowPayment>("GET", `/payment/${encodeURIComponent(String(paymentId))}`)
  }
}
