import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createWorkflow, when, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addToCartWorkflow, deleteLineItemsWorkflow } from "@medusajs/medusa/core-flows"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import { channelFeeMinor, channelFor } from "../modules/order-management/options"
import { formatMinor, fromMinorUnits, toMinorUnits } from "../utils/money"
import { isPaymentFeeLine, PAYMENT_FEE_KEY, type PaymentFeeMeta } from "../utils/payment-fee"

export type PaymentFeePlan = {
  cart_id: string
  currency: string
  provider_id: string
  /** the cart total without any payment fee line */
  base_minor: number
  /** the customer-borne fee of the chosen channel (0: none) */
  fee_minor: number
  /** what the customer pays with that channel */
  total_minor: number
  label: string
  meta: PaymentFeeMeta | null
  /** fee lines to take off (another channel's, or an outdated amount) */
  remove: string[]
  add: boolean
}

const feeOf = (i: any) => i.metadata?.[PAYMENT_FEE_KEY] as PaymentFeeMeta

/** The cart a payment collection belongs to (null for an order's own collection). */
export async function cartOfCollection(container: MedusaContainer, collectionId: string): Promise<string | null> {
  const { data: [link] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: collectionId },
  })
  return (link as any)?.cart_id ?? null
}

/** A cart as fee planning reads it: currency, total, and its items' totals and metadata. */
export async function feeCart(container: MedusaContainer, cartId: string) {
  const { data: [cart] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart", fields: ["id", "currency_code", "total", "items.id", "items.total", "items.metadata"], filters: { id: cartId },
  })
  if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cartId} was not found`)
  return cart as any
}

/** What the cart's payment fee line must be for a channel: computed on the cart total without fee lines. */
export function planFeeFor(container: MedusaContainer, c: any, providerId: string): PaymentFeePlan {
  const currency = String(c.currency_code).toLowerCase()
  const feeLines = ((c.items ?? []) as any[]).filter(isPaymentFeeLine)
  const base = toMinorUnits(c.total ?? 0, currency) - feeLines.reduce((s, i) => s + toMinorUnits(i.total ?? 0, currency), 0)
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const fee = channelFor(providerId, service.getOptions())?.fee
  const feeMinor = fee?.bearer === "customer" ? channelFeeMinor(base, fee) : 0
  const meta: PaymentFeeMeta | null = feeMinor > 0 ? { provider_id: providerId, rate_bps: fee!.rateBps ?? 0, fixed_minor: fee!.fixedMinor ?? 0, base_minor: base, fee_minor: feeMinor } : null
  const keep = !!meta && feeLines.length === 1 && feeOf(feeLines[0]).provider_id === providerId && feeOf(feeLines[0]).fee_minor === feeMinor &&
    feeOf(feeLines[0]).base_minor === base && toMinorUnits(feeLines[0].total ?? 0, currency) === feeMinor
  return {
    cart_id: c.id, currency, provider_id: providerId, base_minor: base, fee_minor: feeMinor, total_minor: base + feeMinor,
    label: fee?.label ?? "Payment fee", meta,
    remove: keep ? [] : feeLines.map((i) => i.id),
    add: !keep && !!meta,
  }
}

export async function planPaymentFee(container: MedusaContainer, cartId: string, providerId: string): Promise<PaymentFeePlan> {
  return planFeeFor(container, await feeCart(container, cartId), providerId)
}

/**
 * Bring the cart's payment fee line in line with its plan: take off another
 * channel's (or an outdated) fee line, add the chosen channel's as its own
 * line — no shipping, tax included, so its total is exactly the fee. Medusa's
 * cart workflows refresh the totals and the payment collection's amount.
 */
export const syncPaymentFeeLineWorkflow = createWorkflow("order-management-sync-payment-fee-line", (plan: PaymentFeePlan) => {
  when("order-management-remove-fee-lines", { plan }, ({ plan }) => plan.remove.length > 0).then(() => {
    deleteLineItemsWorkflow.runAsStep({ input: transform({ plan }, ({ plan }) => ({ cart_id: plan.cart_id, ids: plan.remove })) })
  })
  when("order-management-add-fee-line", { plan }, ({ plan }) => plan.add).then(() => {
    const addInput = transform({ plan }, ({ plan }) => ({
      cart_id: plan.cart_id,
      items: [{
        title: plan.label,
        quantity: 1,
        unit_price: fromMinorUnits(plan.fee_minor, plan.currency),
        is_tax_inclusive: true,
        requires_shipping: false,
        metadata: { [PAYMENT_FEE_KEY]: plan.meta },
      }],
    }))
    addToCartWorkflow.runAsStep({ input: addInput as any })
  })
  return new WorkflowResponse(plan)
})

/**
 * An order's own payment collection (paying again) cannot change its total:
 * the new channel must carry exactly the fee line the order has (or none).
 */
export async function assertOrderPaymentFee(container: MedusaContainer, orderId: string, providerId: string) {
  const { data: [order] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order", fields: ["id", "currency_code", "items.id", "items.metadata"], filters: { id: orderId },
  })
  const o = order as any
  const line = ((o?.items ?? []) as any[]).find(isPaymentFeeLine)
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const fee = channelFor(providerId, service.getOptions())?.fee
  const customerFee = fee?.bearer === "customer"
  if (!line && customerFee) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${providerId} adds a payment fee this order does not include; choose another payment method`)
  }
  if (line) {
    const meta = feeOf(line)
    const same = customerFee && channelFeeMinor(meta.base_minor, fee) === meta.fee_minor
    if (!same) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `This order's total includes a payment fee of ${formatMinor(meta.fee_minor, String(o.currency_code))} for ${meta.provider_id}; pay it with that method`)
    }
  }
}
