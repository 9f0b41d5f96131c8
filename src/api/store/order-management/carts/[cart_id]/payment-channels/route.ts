import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { feeCart, planFeeFor } from "../../../../../../workflows/payment-fee-line"
import { assertAmountWithinLimits } from "../../../../../utils/channel-limits"
import { sendLifecycleError } from "../../../../../utils/errors"

/**
 * GET /store/order-management/carts/:cart_id/payment-channels — before the
 * customer picks a payment method: for each provider of the cart's region,
 * the customer-borne fee it would add, what the customer would pay, and
 * whether that is within the channel's limits (with the reason when not).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  try {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data: [cart] } = await query.graph({ entity: "cart", fields: ["id", "completed_at", "region.payment_providers.id", "region.payment_providers.is_enabled"], filters: { id: req.params.cart_id } })
    if (!cart) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${req.params.cart_id} was not found`)
    const providers = (((cart as any).region?.payment_providers ?? []) as any[]).filter((p) => p?.is_enabled !== false).map((p) => p.id as string)
    const priced = await feeCart(req.scope, (cart as any).id)
    const channels = providers.map((providerId) => {
      const plan = planFeeFor(req.scope, priced, providerId)
      let refusal: string | null = null
      try {
        assertAmountWithinLimits(req.scope, providerId, plan.currency, plan.total_minor)
      } catch (e) {
        refusal = (e as Error).message
      }
      return { provider_id: providerId, currency_code: plan.currency, fee_minor: plan.fee_minor, fee_label: plan.fee_minor ? plan.label : null, total_minor: plan.total_minor, available: !refusal, refusal }
    })
    res.json({ cart_id: (cart as any).id, channels })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
