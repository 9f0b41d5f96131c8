import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { providerMatches } from "../../../../../../modules/order-management/options"
import { orderPaymentContext } from "../../../../../../workflows/utils/order-payment-context"
import { balanceRefundContext } from "../../../../../../workflows/refund-to-balance"
import { sendLifecycleError } from "../../../../../utils/errors"

/**
 * GET /admin/order-management/orders/:order_id/payment — payment details for
 * the order page: per session the method, our gateway order number, the
 * platform transaction number, paid time and masked payer; and the inbox
 * events (callbacks and queries) for the order; what can be refunded to the
 * customer's balance; what the order still owes (outstanding_minor > 0) or what is due back to the customer
 * (outstanding_minor < 0) after an order edit, in the order currency's minor units.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const lifecycle = await service.retrieveLifecycleByOrder(req.params.order_id)
    const ctx = await orderPaymentContext(req.scope, req.params.order_id)
    const events = await service.listPaymentEventsFor({ order_id: req.params.order_id, session_ids: ctx.sessions.map((s) => s.id) })
    const queryable = service.getOptions().queryablePaymentProviders
    const proofs = await service.listProofsOf(req.params.order_id)
    const refund = await balanceRefundContext(req.scope, req.params.order_id)
    res.json({
      currency_code: lifecycle.currency_code,
      total_minor: lifecycle.total_minor,
      paid_minor: lifecycle.paid_minor,
      outstanding_minor: lifecycle.outstanding_minor,
      // what "Refund to balance" may refund now, or why it cannot
      balance_refund: { currency: refund.currency, refundable_minor: refund.refundable_minor, refusal: refund.refusal },
      proofs: proofs.map((p: any) => ({ id: p.id, status: p.status, file_id: p.file_id, file_url: p.file_url, mime_type: p.mime_type, size_bytes: p.size_bytes, payer_name: p.payer_name, account_last4: p.account_last4, transfer_date: p.transfer_date, reject_reason: p.reject_reason, created_at: p.created_at })),
      sessions: ctx.sessions.map((s) => {
        const d = (s.data ?? {}) as Record<string, any>
        const paidEvent = events.find((e: any) => e.session_id === s.id && e.platform_status === "paid")
        const platform = d.platform ?? null
        return {
          id: s.id,
          provider_id: s.provider_id,
          status: s.status,
          method: d.method ?? null,
          out_trade_no: d.out_trade_no ?? null,
          transaction_id: platform?.transaction_id ?? paidEvent?.transaction_id ?? null,
          paid_at: platform?.paid_at ?? paidEvent?.payload?.paid_at ?? null,
          payer: platform?.payer ?? paidEvent?.payload?.payer ?? null,
          expires_at: d.expires_at ?? null,
          closed_at: d.closed_at ?? null,
          queryable: providerMatches(s.provider_id, queryable),
          // bank transfer: the reference to look for on the statement, and what was received so far
          currency: String(d.currency ?? s.currency_code ?? "").toLowerCase() || null,
          reference: d.reference ?? null,
          amount_minor: d.amount_minor ?? null,
          received_minor: d.received_minor ?? null,
          receipts: d.receipts ?? null,
        }
      }),
      events: events.map((e: any) => ({
        id: e.id, provider: e.provider, source: e.source, kind: e.kind, status: e.status, outcome: e.outcome,
        platform_status: e.platform_status, transaction_id: e.transaction_id, amount_minor: e.amount_minor,
        currency_code: e.currency_code, attempts: e.attempts, error: e.error, created_at: e.created_at,
      })),
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
