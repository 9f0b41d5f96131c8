import type { MedusaContainer } from "@medusajs/framework/types"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { channelFor } from "../../modules/order-management/options"
import { fromMinorUnits, toMinorUnits } from "../../utils/money"
import { sendLifecycleError } from "./errors"

/** Refuse a payment outside the channel's limits for its currency, naming the limit. */
export async function assertWithinChannelLimits(container: MedusaContainer, providerId: string, collectionId: string) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const channel = channelFor(providerId, service.getOptions())
  if (!channel?.limits) return
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [c] } = await query.graph({ entity: "payment_collection", fields: ["id", "amount", "currency_code"], filters: { id: collectionId } })
  if (!c) return // Medusa's own route answers for an unknown collection
  const currency = String((c as any).currency_code).toLowerCase()
  const limit = channel.limits[currency]
  if (!limit) return
  const amount = toMinorUnits((c as any).amount, currency)
  const show = (m: number) => `${fromMinorUnits(m, currency)} ${currency.toUpperCase()}`
  if (limit.min !== undefined && amount < limit.min) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${providerId} takes payments of at least ${show(limit.min)}; this one is ${show(amount)}`)
  }
  if (limit.max !== undefined && amount > limit.max) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${providerId} takes payments of at most ${show(limit.max)}; this one is ${show(amount)}`)
  }
}

/** Middleware for Medusa's POST /store/payment-collections/:id/payment-sessions. */
export async function enforceChannelLimits(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const providerId = (req.body as any)?.provider_id
  if (typeof providerId !== "string") return next()
  try {
    await assertWithinChannelLimits(req.scope, providerId, req.params.id)
    next()
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
