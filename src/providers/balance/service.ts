import { AbstractPaymentProvider, MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { formatMinor, toMinorUnits } from "../../utils/money"
import { notSupported, CLOSE_FLAG, FLAGS_CLEARED, QUERY_FLAG } from "../shared/session-data"
import { balanceLedger } from "./ledger"
import { validateBalanceOptions, type BalanceProviderOptions } from "./options"

export type BalanceData = {
  session_id: string
  method: "balance"
  customer_id: string
  amount_minor: number
  currency: string
  /** the balance when the session was created (for the storefront to show) */
  available_minor: number
  debit_entry_id?: string
  debited_at?: string
  reversed_at?: string
  refunds?: Array<{ refund_id: string; amount_minor: number; entry_id: string }>
}

function minor(amount: unknown, currency: string): number {
  try {
    return toMinorUnits(amount as any, currency)
  } catch (e) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
  }
}

/**
 * Pay from the customer's balance (the `balance` module's ledger). The
 * authorization is the debit: under the account's lock, only when the balance
 * covers the amount, posted once per payment session; the payment is then
 * captured at once. Cancelling credits the debit back; a refund credits the
 * refunded amount back to the balance.
 */
class BalanceProviderService extends AbstractPaymentProvider<BalanceProviderOptions> {
  static identifier = "balance"

  static validateOptions(options: Record<string, unknown>): void {
    validateBalanceOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: BalanceProviderOptions) {
    super(cradle, options)
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const customerId = input.context?.customer?.id
    if (!customerId) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Paying from the account balance needs a logged-in customer")
    const currency = String(input.currency_code).toLowerCase()
    if (this.config.currencies && !this.config.currencies.includes(currency)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `The account balance cannot pay in ${currency.toUpperCase()} (only ${this.config.currencies.map((c) => c.toUpperCase()).join(", ")})`)
    }
    const amount = minor(input.amount, currency)
    const available = await balanceLedger().balanceOf(customerId, currency)
    if (available < amount) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Insufficient balance: ${formatMinor(available, currency)} available, ${formatMinor(amount, currency)} needed`)
    }
    const sessionId = String((input.data as any)?.session_id ?? "")
    const data: BalanceData = { session_id: sessionId, method: "balance", customer_id: customerId, amount_minor: amount, currency: currency.toUpperCase(), available_minor: available }
    return { id: `balance_${sessionId}`, data: data as any, status: PaymentSessionStatus.PENDING }
  }

  /** The debit: atomic under the account's lock, refused when the balance does not cover it; once per session. */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const d = input.data as unknown as BalanceData
    if (!d?.customer_id || !d.session_id) throw new MedusaError(MedusaError.Types.INVALID_DATA, "not a balance payment session")
    const ledger = balanceLedger()
    if (d.reversed_at || (await ledger.findEntryBySource("payment_reversal", d.session_id))) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This balance payment was canceled; start a new payment session")
    }
    const { entry } = await ledger.post({
      customer_id: d.customer_id,
      currency_code: d.currency,
      direction: "debit",
      amount_minor: d.amount_minor,
      source_type: "payment",
      source_id: d.session_id,
      reason: "order payment",
      actor: { type: "customer", id: d.customer_id },
    })
    const data: BalanceData = { ...d, debit_entry_id: entry.id, debited_at: new Date(entry.created_at).toISOString() }
    return { data: data as any, status: PaymentSessionStatus.CAPTURED }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const d = input.data as unknown as BalanceData
    const status = d?.reversed_at ? PaymentSessionStatus.CANCELED : d?.debit_entry_id ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.PENDING
    return { data: input.data, status }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: input.data }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data }
  }

  /** Credits the debit back (once; nothing to do when nothing was debited). */
  private async reverse(d: BalanceData): Promise<BalanceData> {
    if (!d?.session_id) return d
    const ledger = balanceLedger()
    const debit = await ledger.findEntryBySource("payment", d.session_id)
    if (!debit) return d
    await ledger.post({
      customer_id: debit.customer_id,
      currency_code: debit.currency_code,
      direction: "credit",
      amount_minor: debit.amount_minor,
      source_type: "payment_reversal",
      source_id: d.session_id,
      reason: "payment canceled",
      actor: { type: "system", id: "balance-provider" },
    })
    return { ...d, reversed_at: new Date().toISOString() }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: (await this.reverse(input.data as unknown as BalanceData)) as any }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: (await this.reverse(input.data as unknown as BalanceData)) as any }
  }

  /** A refund goes back to the balance, posted once per Medusa refund. */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const d = input.data as unknown as BalanceData
    const refundId = String(input.context?.idempotency_key ?? "")
    if (!refundId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "a refund needs Medusa's refund id")
    const amount = minor(input.amount, d.currency)
    const { entry } = await balanceLedger().post({
      customer_id: d.customer_id,
      currency_code: d.currency,
      direction: "credit",
      amount_minor: amount,
      source_type: "refund",
      source_id: refundId,
      reason: "refund of a balance payment",
      actor: { type: "system", id: "balance-provider" },
    })
    const refunds = [...(d.refunds ?? []).filter((r) => r.refund_id !== refundId), { refund_id: refundId, amount_minor: amount, entry_id: entry.id }]
    return { data: { ...d, refunds } as any }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const { [CLOSE_FLAG]: close, [QUERY_FLAG]: query, ...rest } = (input.data ?? {}) as Record<string, any>
    const d = rest as BalanceData
    const cleared = close === undefined && query === undefined ? {} : FLAGS_CLEARED
    if (close) {
      // the unpaid-order job closes open sessions; a debited one is paid and refuses, like a paid trade
      if (d.debit_entry_id) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "this balance payment is already debited; it cannot be closed")
      return { data: { ...d, ...cleared } as any, status: PaymentSessionStatus.CANCELED }
    }
    const amount = minor(input.amount, String(input.currency_code))
    if (d.debit_entry_id && amount !== d.amount_minor) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "the amount changed after the balance was debited; start a new payment session")
    }
    return { data: { ...d, amount_minor: amount, ...cleared } as any }
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return notSupported({})
  }
}

export default BalanceProviderService
