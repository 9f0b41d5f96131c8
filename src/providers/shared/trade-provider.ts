import { AbstractPaymentProvider, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput, AuthorizePaymentOutput, CancelPaymentInput, CancelPaymentOutput, InitiatePaymentInput, InitiatePaymentOutput,
  CapturePaymentInput, CapturePaymentOutput, DeletePaymentInput, DeletePaymentOutput,
  GetPaymentStatusInput, GetPaymentStatusOutput, RefundPaymentInput, RefundPaymentOutput,
  RetrievePaymentInput, RetrievePaymentOutput,
} from "@medusajs/framework/types"
import { refundToBalanceInstead } from "./balance-refund"
import { ADOPT_FLAG } from "./session-data"
import type { PlatformReport } from "./platform-report"
import { paidMatches } from "./session-data"

/**
 * What every platform provider here does the same way: the platform's answer
 * to a status query decides (captured only when settled, otherwise
 * pending_authorization, so Medusa places the order and reserves stock);
 * capture is a no-op (the platforms capture when paid); cancel and delete close
 * the trade; a refund the plugin sends to the customer's balance is recorded
 * without the platform. A provider supplies the query, the close, the
 * platform refund and, if it differs, what "settled" means.
 */
export abstract class TradeProvider<TConfig extends Record<string, any>> extends AbstractPaymentProvider<TConfig> {
  /** The platform's view of the session's trade (null when there is no trade to ask about). */
  abstract queryReport(data: any): Promise<PlatformReport | null>

  /** Close the trade at the platform; refuse loudly when money already arrived. */
  protected abstract closeTrade(data: any): Promise<any>

  /** Send a refund back through the platform (or record the manual task where the platform has no refund API). */
  protected abstract refundAtPlatform(input: RefundPaymentInput): Promise<RefundPaymentOutput>

  /**
   * initiatePayment for a session that adopts an existing trade (ADOPT_FLAG in its data, set only by the plugin):
   * the trade's registered data, nothing created at the platform. Null for an ordinary session.
   */
  protected adoptedTrade(input: InitiatePaymentInput): InitiatePaymentOutput | null {
    const { [ADOPT_FLAG]: adopt, ...data } = (input.data ?? {}) as Record<string, any>
    if (!adopt) return null
    const id = data.out_trade_no ?? data.payment_id ?? data.invoice_id
    if (!id) return null
    return { id: String(id), data: { ...data, adopted: true, [ADOPT_FLAG]: null }, status: PaymentSessionStatus.PENDING }
  }

  /** Paid exactly what the session asked (crypto providers add tolerance and irregular payments). */
  protected isSettled(report: PlatformReport | null, data: any): boolean {
    return paidMatches(report, data)
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = input.data as any
    const report = await this.queryReport(data)
    return { data: { ...data, platform: report }, status: this.isSettled(report, data) ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.PENDING_AUTHORIZATION }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return this.authorizePayment(input as AuthorizePaymentInput)
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: { ...(input.data as any), platform: await this.queryReport(input.data) } }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: input.data }
  }

  /** Through the platform, unless the plugin is refunding this payment to the customer's balance instead. */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return refundToBalanceInstead(input) ?? this.refundAtPlatform(input)
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.closeTrade(input.data) }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: await this.closeTrade(input.data) }
  }
}
