import { AbstractPaymentProvider, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, InitiatePaymentInput, InitiatePaymentOutput,
  ProviderWebhookPayload, RefundPaymentInput, RefundPaymentOutput, RetrievePaymentInput,
  RetrievePaymentOutput, UpdatePaymentInput, UpdatePaymentOutput, WebhookActionResult,
} from "@medusajs/framework/types"

/**
 * Test and demo stand-in for a pay-later channel (the real bank-transfer and
 * QR providers come later): the order is placed with a pending_authorization
 * session, and counts as paid once the session data says `paid: true`.
 */
class DeferredPaymentProvider extends AbstractPaymentProvider<Record<string, unknown>> {
  static identifier = "deferred"

  constructor(cradle: Record<string, unknown>, config: Record<string, unknown>) {
    super(cradle, config)
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    return { id: `deferred_${(input.data as any)?.session_id ?? Date.now()}`, data: { ...(input.data ?? {}) }, status: PaymentSessionStatus.PENDING }
  }
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    // the status query: paid once the session data says the money arrived
    if ((input.data as any)?.fail_query === true) throw new Error("platform query timed out")
    const paid = (input.data as any)?.paid === true
    return { data: input.data, status: paid ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.PENDING_AUTHORIZATION }
  }
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data }
  }
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: { ...(input.data ?? {}), canceled: true } }
  }
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: input.data }
  }
  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const paid = (input.data as any)?.paid === true
    return { data: input.data, status: paid ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.PENDING_AUTHORIZATION }
  }
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return { data: { ...(input.data ?? {}), refunded: String(input.amount) } }
  }
  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: input.data }
  }
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const { order_management_close_trade: close, ...data } = (input.data ?? {}) as Record<string, unknown>
    if (close) {
      // like a platform's close: refused once the money is there
      if (data.paid === true) throw new Error("trade already paid")
      if (data.fail_close === true) throw new Error("platform unavailable")
      // null, not left out: Medusa merges stored session data with the answer
      return { data: { ...data, closed: true, order_management_close_trade: null }, status: PaymentSessionStatus.CANCELED }
    }
    return { data }
  }
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}

export default DeferredPaymentProvider
