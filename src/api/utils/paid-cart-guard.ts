import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { paidNoOrderOf } from "../../workflows/orphan-payments"
import { formatMinor } from "../../utils/money"

/**
 * Middleware for Medusa's POST /store/carts/:id/complete. A cart that was paid but could not become an order (an
 * item sold out before the money arrived) answers 409 with a message the storefront can show, instead of trying
 * again and again; the payment waits for a refund in the admin (paid_no_order anomaly).
 */
export async function refuseCompletingPaidCartWithoutOrder(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const anomaly = await paidNoOrderOf(req.scope, req.params.id)
    if (!anomaly) return next()
    const amount = anomaly.amount_minor !== null && anomaly.currency_code ? ` of ${formatMinor(anomaly.amount_minor, anomaly.currency_code)}` : ""
    res.status(409).json({
      type: "not_allowed",
      code: "paid_no_order",
      message: `Your payment${amount} was received, but the order could not be placed because an item is no longer available. ${anomaly.status === "resolved" && anomaly.resolution === "refunded" ? "The payment has been refunded." : "The payment will be refunded; no further payment is needed."}`,
    })
  } catch (e) {
    next(e)
  }
}
