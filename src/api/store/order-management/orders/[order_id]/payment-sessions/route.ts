import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createOrUpdateOrderPaymentCollectionWorkflow, createPaymentSessionsWorkflow } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../modules/order-management/service"
import { customerOrder } from "../../../../../utils/store-order"
import { sendLifecycleError } from "../../../../../utils/errors"
import { assertWithinChannelLimits } from "../../../../../utils/channel-limits"
import { assertOrderPaymentFee } from "../../../../../../workflows/payment-fee-line"
import { applyPlatformPayment } from "../../../../../../workflows/apply-platform-payment"
import { providerMatches } from "../../../../../../modules/order-management/options"
import { serializeLifecycle } from "../../../../../utils/serialize"
import { formatMinor, toMinorUnits } from "../../../../../../utils/money"
import { registerCollectionTrades } from "../../../../../../workflows/utils/payment-trades"
import { syncOrder } from "../../../../../../workflows/sync-order"

/**
 * POST /store/order-management/orders/:order_id/payment-sessions { provider_id, data? }:
 * pay again for an unpaid order — a new session on the order's payment
 * collection (Medusa replaces the old one, whose trade its provider closes) —
 * or pay what is still outstanding on a partly paid order (edited after its
 * payment was made): Medusa's own createOrUpdateOrderPaymentCollection makes a
 * collection for exactly the difference (order summary's pending_difference).
 * With the account balance the order is paid at once.
 * Errors: 401 not logged in, 404 not the customer's order, 409 nothing to pay.
 */
export async function POST(req: AuthenticatedMedusaRequest<{ provider_id: string; data?: Record<string, unknown> }>, res: MedusaResponse) {
  try {
    const order = await customerOrder(req, ["currency_code", "summary.*", "payment_collections.id", "payment_collections.status"])
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    const l = await service.retrieveLifecycleByOrder(order.id)
    const pending = order.summary?.pending_difference
    const outstanding = pending === undefined || pending === null ? 0 : toMinorUnits(pending, order.currency_code)
    const paysDifference = ["partially_paid", "confirmed"].includes(l.payment_status) && outstanding > 0
    if (l.payment_status !== "pending" && !paysDifference) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot pay this order again: its payment is ${l.payment_status}${outstanding <= 0 ? " and nothing is outstanding" : ""}`)
    }
    let collection = (order.payment_collections ?? []).find((c: any) => c && ["not_paid", "awaiting"].includes(c.status))
    if (paysDifference) {
      const { result } = await createOrUpdateOrderPaymentCollectionWorkflow(req.scope).run({ input: { order_id: order.id } })
      collection = (Array.isArray(result) ? result[0] : result) ?? collection
      if (!collection) throw new MedusaError(MedusaError.Types.CONFLICT, `Cannot collect the outstanding ${formatMinor(outstanding, order.currency_code)}: no payment collection could be made`)
    }
    if (!collection) {
      throw new MedusaError(MedusaError.Types.CONFLICT, "Cannot pay this order again: it has no open payment collection")
    }
    await assertWithinChannelLimits(req.scope, req.validatedBody.provider_id, collection.id)
    await assertOrderPaymentFee(req.scope, order.id, req.validatedBody.provider_id)
    const { result } = await createPaymentSessionsWorkflow(req.scope).run({
      input: { payment_collection_id: collection.id, provider_id: req.validatedBody.provider_id, customer_id: order.customer_id, data: req.validatedBody.data },
    })
    await registerCollectionTrades(req.scope, collection.id)
    // the new session's deadline (payment_due_at) and what is owed follow at once
    await syncOrder(req.scope, order.id)
    // the balance pays at authorization: nothing to wait for, the order is paid now (a balance spent meanwhile is a 400)
    if (providerMatches(result.provider_id, ["balance"])) {
      await applyPlatformPayment(req.scope, { session_id: result.id, amount: result.amount })
      const paid = await req.scope.resolve(Modules.PAYMENT).retrievePaymentSession(result.id)
      return res.status(201).json({ payment_session: paid, order_lifecycle: serializeLifecycle(await service.retrieveLifecycleByOrder(order.id)) })
    }
    res.status(201).json({ payment_session: result })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
