import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { syncOrderPayment } from "../../../../../../workflows/sync-payment"
import { processPaymentEvent } from "../../../../../../workflows/payment-inbox"
import { orderPaymentContext } from "../../../../../../workflows/utils/order-payment-context"
import { customerOrder } from "../../../../../utils/store-order"
import { sendLifecycleError } from "../../../../../utils/errors"

/** Do not ask the platform more often than this per order when a checkout page polls with ?sync=true. */
const SYNC_INTERVAL_MS = 3000
const lastSync = new Map<string, number>()

/**
 * GET /store/order-management/orders/:order_id/payment[?sync=true] — what a
 * checkout page polls: the order's payment status and, for each open
 * session, the QR (content and image) or redirect URL and its expiry. A
 * verified callback still waiting in the inbox for the worker is applied here
 * first (claimed, under the same lock; the worker then skips it), so the buyer
 * sees "paid" as soon as the money is verified, not when the queue gets to it.
 * With sync=true the platform is asked too (at most every 3 s per order).
 * Errors: 401 not logged in, 404 not the customer's order.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const order = await customerOrder(req)
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    let l = await service.retrieveLifecycleByOrder(order.id)
    if (["pending", "processing", "partially_paid"].includes(l.payment_status)) {
      const sessions = (await orderPaymentContext(req.scope, order.id)).sessions.map((s) => s.id)
      const queued = (await service.listPaymentEventsFor({ order_id: order.id, session_ids: sessions }, 20)).filter((e: any) => e.status === "received")
      for (const e of queued) await processPaymentEvent(req.scope, e.id)
      if (queued.length) l = await service.retrieveLifecycleByOrder(order.id)
    }
    if ((req.query as any).sync === "true" && l.payment_status === "pending") {
      const last = lastSync.get(order.id) ?? 0
      if (Date.now() - last >= SYNC_INTERVAL_MS) {
        lastSync.set(order.id, Date.now())
        if (lastSync.size > 10_000) lastSync.clear()
        await syncOrderPayment(req.scope, order.id, { type: "customer", id: order.customer_id }, { recordWhenUnchanged: false })
        l = await service.retrieveLifecycleByOrder(order.id)
      }
    }
    const ctx = await orderPaymentContext(req.scope, order.id)
    res.json({
      order_id: order.id,
      payment_status: l.payment_status,
      paid: l.payment_status === "confirmed",
      sessions: ctx.sessions.map((s) => {
        const d = (s.data ?? {}) as Record<string, any>
        return {
          id: s.id,
          provider_id: s.provider_id,
          status: s.status,
          method: d.method ?? null,
          out_trade_no: d.out_trade_no ?? null,
          qr_code: d.qr_code ?? null,
          qr_image: d.qr_image ?? null,
          pay_url: d.pay_url ?? null,
          expires_at: d.expires_at ?? null,
          closed: !!d.closed_at,
        }
      }),
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
