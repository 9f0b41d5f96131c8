import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { withPaymentRefundLock } from "../../workflows/utils/refund-lock"

/**
 * Middleware for Medusa's POST /admin/payments/:id/refund: the route's work runs holding the payment's refund lock
 * (released when the response is sent), so it is serialized with the plugin's own refunds of that payment.
 */
export function serializePaymentRefunds(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  withPaymentRefundLock(req.scope, [req.params.id], () => new Promise<void>((resolve) => {
    res.once("finish", () => resolve())
    res.once("close", () => resolve())
    next()
  })).catch((e) => {
    if (res.headersSent) return
    if ((e as MedusaError).type === MedusaError.Types.CONFLICT) return res.status(409).json({ type: "conflict", message: (e as Error).message })
    next(e)
  })
}
