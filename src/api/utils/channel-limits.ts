import type { MedusaContainer } from "@medusajs/framework/types"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { channelFor } from "../../modules/order-management/options"
import { formatMinor, toMinorUnits } from "../../utils/money"
import { cartOfCollection, planPaymentFee, syncPaymentFeeLineWorkflow } from "../../workflows/payment-fee-line"
import { sendLifecycleError } from "./errors"

/** Refuse an amount outside the channel's limits for its currency, naming the limit. */
export function assertAmountWithinLimits(container: MedusaContainer, providerId: string, currencyCode: string, amountMinor: number) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const currency = currencyCode.toLowerCase()
  const limit = channelFor(providerId, service.getOptions())?.limits?.[currency]
  if (!limit) return
  if (limit.min !== undefined && amountMinor < limit.min) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${providerId} takes payments of at least ${formatMinor(limit.min, currency)}; this one is ${formatMinor(amountMinor, currency)}`)
  }
  if (limit.max !== undefined && amountMinor > limit.max) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${providerId} takes payments of at most ${formatMinor(limit.max, currency)}; this one is ${formatMinor(amountMinor, currency)}`)
  }
}

/** The limits against a payment collection's amount (an order's own collection, when paying again). */
export async function assertWithinChannelLimits(container: MedusaContainer, providerId: string, collectionId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [c] } = await query.graph({ entity: "payment_collection", fields: ["id", "amount", "currency_code"], filters: { id: collectionId } })
  if (!c) return // Medusa's own route answers for an unknown collection
  const currency = String((c as any).currency_code).toLowerCase()
  assertAmountWithinLimits(container, providerId, currency, toMinorUnits((c as any).amount, currency))
}

/**
 * Middleware for Medusa's POST /store/payment-collections/:id/payment-sessions,
 * before Medusa creates the session: for a cart, the chosen channel's
 * customer-borne fee goes onto the cart as its own line (another channel's
 * comes off) and the limits are checked on what the customer will pay;
 * Medusa then creates the session for the refreshed amount.
 */
export async function preparePaymentSession(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const providerId = (req.body as any)?.provider_id
  if (typeof providerId !== "string") return next()
  try {
    const cartId = await cartOfCollection(req.scope, req.params.id)
    if (!cartId) {
      await assertWithinChannelLimits(req.scope, providerId, req.params.id)
      return next()
    }
    // one fee line however many session requests arrive at once (a double click)
    await req.scope.resolve(Modules.LOCKING).execute([`payment-fee:${cartId}`], async () => {
      const plan = await planPaymentFee(req.scope, cartId, providerId)
      assertAmountWithinLimits(req.scope, providerId, plan.currency, plan.total_minor)
      if (plan.remove.length || plan.add) await syncPaymentFeeLineWorkflow(req.scope).run({ input: plan })
    }, { timeout: 15 })
    next()
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
