/**
 * BTCPay Server Greenfield API (self-hosted): invoices, refunds (pull
 * payments) and webhook verification: `BTCPay-Sig: sha256=<hex HMAC-SHA256 of
 * the raw body>`, compared in constant time. No Medusa imports.
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { GatewayError, httpRequest } from "../http"

/**
 * An invoice (Greenfield GET /api/v1/stores/{storeId}/invoices/{invoiceId}). `paidAmount` (invoice currency, rounded
 * to its digits) exists from BTCPay Server 2.1.2 on (btcpayserver#6747); older servers send none, and what was paid
 * is then read from the invoice's payment methods. `additionalStatus` "Marked": the merchant set the status by hand.
 */
export type BtcpayInvoice = {
  id: string
  storeId: string
  amount: string
  paidAmount?: string
  currency: string
  status: "New" | "Processing" | "Settled" | "Expired" | "Invalid"
  additionalStatus: "None" | "PaidPartial" | "PaidOver" | "PaidLate" | "Marked" | "Invalid"
  checkoutLink: string
  createdTime?: number
  expirationTime?: number
  metadata?: Record<string, unknown>
}

/**
 * One payment method of an invoice (Greenfield GET …/invoices/{invoiceId}/payment-methods; every amount a decimal
 * string in the method's own currency, e.g. BTC). `amount` is what is due in total (fees included), `totalPaid` what
 * was paid through every method converted into this one, `paymentMethodPaid` through this one, `due` the rest
 * (negative when overpaid), `rate` invoice currency per unit. 2.x names the method `paymentMethodId` ("BTC-CHAIN")
 * and its currency `currency`; 1.x `paymentMethod` ("BTC") and `cryptoCode`.
 */
export type BtcpayPaymentMethod = {
  paymentMethodId?: string
  paymentMethod?: string
  currency?: string
  cryptoCode?: string
  amount: string
  totalPaid: string
  paymentMethodPaid?: string
  due?: string
  rate?: string
  activated?: boolean
}

export function verifyBtcpaySig(rawBody: string | Buffer, header: unknown, secret: string): boolean {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`, "utf8")
  const given = Buffer.from(header.toLowerCase(), "utf8")
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export class BtcpayApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(`BTCPay ${status}: ${message}`)
    this.name = "BtcpayApiError"
  }
}

export class BtcpayClient {
  constructor(private readonly config: { baseUrl: string; apiKey: string; storeId: string; timeoutMs?: number }) {}

  private async call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const res = await httpRequest(this.config.baseUrl.replace(/\/$/, "") + path, {
      method,
      headers: { authorization: `token ${this.config.apiKey}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      timeoutMs: this.config.timeoutMs ?? 15_000,
    })
    if (res.status >= 500) throw new GatewayError(`BTCPay answered HTTP ${res.status}`, "transport", res.status)
    let data: any = null
    try {
      data = res.body ? JSON.parse(res.body) : null
    } catch {
      throw new GatewayError(`BTCPay ${path}: answer is not JSON`, "protocol", res.status)
    }
    if (res.status >= 300) throw new BtcpayApiError(res.status, String(data?.message ?? data?.code ?? res.body))
    return data as T
  }

  private get store() {
    return `/api/v1/stores/${encodeURIComponent(this.config.storeId)}`
  }

  createInvoice(input: { amount: string; currency: string; orderId: string; expirationMinutes: number; redirectUrl?: string; speedPolicy?: string; paymentMethods?: string[] }) {
    return this.call<BtcpayInvoice>("POST", `${this.store}/invoices`, {
      amount: input.amount,
      currency: input.currency.toUpperCase(),
      metadata: { orderId: input.orderId },
      checkout: {
        expirationMinutes: input.expirationMinutes,
        speedPolicy: input.speedPolicy ?? "MediumSpeed",
        paymentTolerance: 0,
        ...(input.paymentMethods ? { paymentMethods: input.paymentMethods } : {}),
        ...(input.redirectUrl ? { redirectURL: input.redirectUrl } : {}),
      },
    })
  }

  /** The store (needs btcpay.store.canviewstoresettings): a harmless read that proves key and store id. */
  getStore() {
    return this.call<{ id: string; name: string; defaultCurrency?: string }>("GET", this.store)
  }

  /** The store's webhooks (needs btcpay.store.webhooks.canmodifywebhooks). */
  listWebhooks() {
    return this.call<Array<{ id: string; enabled: boolean; url: string; authorizedEvents?: { everything?: boolean; specificEvents?: string[] } }>>("GET", `${this.store}/webhooks`)
  }

  getInvoice(invoiceId: string) {
    return this.call<BtcpayInvoice>("GET", `${this.store}/invoices/${encodeURIComponent(invoiceId)}`)
  }

  /** The invoice's payment methods, with what was paid through each (every Greenfield version; see BtcpayPaymentMethod). */
  getInvoicePaymentMethods(invoiceId: string) {
    return this.call<BtcpayPaymentMethod[]>("GET", `${this.store}/invoices/${encodeURIComponent(invoiceId)}/payment-methods`)
  }

  /**
   * Every invoice of the store created in [startDate, endDate]: Greenfield `GET /api/v1/stores/{storeId}/invoices
   * ?startDate=&endDate=&skip=&take=` (Get invoices, permission btcpay.store.canviewinvoices;
   * https://docs.btcpayserver.org/API/Greenfield/v1/#operation/Invoices_GetInvoices), `startDate` / `endDate` unix
   * timestamps in seconds (UTC), matched on the invoice's createdTime; the answer is a JSON array of invoices, newest
   * first (amount / paidAmount decimal strings in the invoice currency, createdTime unix seconds, metadata.orderId our
   * out-trade-number). Paged with skip / take (`pageSize`, default 100) until a short page; each invoice is yielded
   * once (by id) even when new invoices shift the pages. Archived invoices are left out (as Greenfield does by
   * default). Throws BtcpayApiError for a refusal (401 bad key, 403 missing permission, 422 bad parameters) and
   * GatewayError for transport failures, HTTP 5xx and answers that are not a JSON array.
   */
  async *listInvoicesForPeriod(period: { startDate: number; endDate: number }, opts: { pageSize?: number } = {}): AsyncIterable<BtcpayInvoice> {
    for (const [k, v] of Object.entries(period)) {
      if (!Number.isInteger(v) || v < 0) throw new TypeError(`${k} must be unix seconds (a non-negative integer), got ${v}`)
    }
    const take = Math.max(1, Math.floor(opts.pageSize ?? 100))
    const seen = new Set<string>()
    for (let skip = 0; ; skip += take) {
      const q = new URLSearchParams({ startDate: String(period.startDate), endDate: String(period.endDate), skip: String(skip), take: String(take) })
      const page = await this.call<BtcpayInvoice[]>("GET", `${this.store}/invoices?${q}`)
      if (!Array.isArray(page)) throw new GatewayError(`BTCPay ${this.store}/invoices: the answer is not an array`, "protocol", 200)
      for (const inv of page) {
        if (seen.has(inv.id)) continue
        seen.add(inv.id)
        yield inv
      }
      if (page.length < take) return
    }
  }

  /** A refund is a pull payment the buyer claims (their address is needed); returns its id and link. */
  refund(invoiceId: string, input: { amount: string; currency: string; description?: string }) {
    return this.call<{ id: string; viewLink?: string; amount?: string; currency?: string }>("POST", `${this.store}/invoices/${encodeURIComponent(invoiceId)}/refund`, {
      refundVariant: "Custom",
      customAmount: input.amount,
      customCurrency: input.currency.toUpperCase(),
      name: "Refund",
      description: input.description,
    })
  }
}
