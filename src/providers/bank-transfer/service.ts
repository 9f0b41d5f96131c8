import { AbstractPaymentProvider, MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"
import { toMinorUnits } from "../../utils/money"
import { minutesFrom } from "../shared/options"
import { notSupported, CLOSE_FLAG, FLAGS_CLEARED, QUERY_FLAG } from "../shared/session-data"
import { validateBankTransferOptions, type BankTransferProviderOptions } from "./options"
import { newReference } from "./reference"
import { refundToBalanceInstead } from "../shared/balance-refund"

export type BankTransferData = {
  session_id: string
  method: "bank_transfer"
  reference: string
  amount_minor: number
  currency: string
  expires_at: string
  accounts: BankTransferProviderOptions["accounts"]
  instructions: string | null
  /** receipts an admin confirmed: the money seen on the merchant's account */
  receipts?: Array<{ amount_minor: number; received_at: string; bank_reference: string; by: string | null }>
  received_minor?: number
  closed_at?: string
  manual_refunds?: any[]
}

/**
 * Offline bank transfer: a checksummed reference per order, the merchant's
 * account details from options, pending_authorization until an admin confirms
 * receipt of the full amount (the plugin's confirm route records receipts in
 * the session data, then Medusa captures).
 */
class BankTransferProviderService extends AbstractPaymentProvider<BankTransferProviderOptions> {
  static identifier = "bank-transfer"

  static validateOptions(options: Record<string, unknown>): void {
    validateBankTransferOptions(options)
  }

  constructor(cradle: Record<string, unknown>, options: BankTransferProviderOptions) {
    super(cradle, options)
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const currency = String(input.currency_code).toLowerCase()
    const accounts = this.config.accounts.filter((a) => !a.currency || a.currency.toLowerCase() === currency)
    if (!accounts.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `no bank account takes ${currency.toUpperCase()}`)
    const data: BankTransferData = {
      session_id: String((input.data as any)?.session_id ?? ""),
      method: "bank_transfer",
      reference: newReference(),
      amount_minor: toMinorUnits(input.amount as any, currency),
      currency: currency.toUpperCase(),
      expires_at: minutesFrom(new Date(), this.config.expiresInMinutes ?? 4320).toISOString(),
      accounts,
      instructions: this.config.instructions ?? null,
      receipts: [],
      received_minor: 0,
    }
    return { id: data.reference, data: data as any, status: PaymentSessionStatus.PENDING }
  }

  private status(d: BankTransferData) {
    return (d.received_minor ?? 0) >= d.amount_minor ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.PENDING_AUTHORIZATION
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return { data: input.data, status: this.status(input.data as BankTransferData) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return { data: input.data, status: this.status(input.data as BankTransferData) }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: input.data }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: { ...(input.data ?? {}), closed_at: new Date().toISOString() } }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: input.data }
  }

  /** The money goes back by a transfer a person makes: recorded as a manual task. */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const toBalance = refundToBalanceInstead(input)
    if (toBalance) return toBalance
    const d = input.data as BankTransferData
    const id = String(input.context?.idempotency_key ?? "")
    const tasks = [...(d.manual_refunds ?? []).filter((t) => t.refund_id !== id), { refund_id: id, amount_minor: toMinorUnits(input.amount as any, d.currency), currency: d.currency, status: "manual_task", note: "transfer the refund to the buyer's account" }]
    return { data: { ...d, manual_refunds: tasks } as any }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const { [CLOSE_FLAG]: close, [QUERY_FLAG]: query, ...data } = (input.data ?? {}) as Record<string, any>
    if (close) {
      if ((data.received_minor ?? 0) > 0) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `money was already received for ${data.reference}; it cannot be closed`)
      return { data: { ...data, closed_at: new Date().toISOString(), ...FLAGS_CLEARED }, status: PaymentSessionStatus.CANCELED }
    }
    return { data: query === undefined ? data : { ...data, ...FLAGS_CLEARED } }
  }

  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return notSupported({})
  }
}

export default BankTransferProviderService
