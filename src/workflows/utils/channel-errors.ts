import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PAYMENT_TRADES_MODULE } from "../../modules/payment-trades"
import type PaymentTradesModuleService from "../../modules/payment-trades/service"
import type { ChannelErrorRecord } from "../../modules/payment-trades/service"
import { channelErrorOf, stripChannelTag } from "../../providers/shared/channel-error"

/**
 * Keep a platform's indefinite answer (a ChannelError, however Medusa's payment module or workflow engine rethrew
 * it) for the channel's "recent query errors" on the Payment channels page. Anything that is not a platform answer
 * (a bug, a database error) is not recorded here; its caller logs it. Never throws.
 */
export async function recordChannelFailure(
  container: MedusaContainer,
  at: { provider_id: string | null | undefined; error: unknown; order_id?: string | null; source: ChannelErrorRecord["source"] }
): Promise<void> {
  const info = channelErrorOf(at.error)
  if (!info || !at.provider_id) return
  try {
    const trades: PaymentTradesModuleService = container.resolve(PAYMENT_TRADES_MODULE)
    await trades.recordChannelError({
      provider_id: at.provider_id,
      operation: info.operation ?? null,
      failure: info.failure ?? null,
      platform_code: info.platform_code ?? null,
      http_status: info.http_status ?? null,
      retryable: info.retryable !== false,
      key_serial: info.key_serial ?? null,
      out_trade_no: info.out_trade_no ?? null,
      order_id: at.order_id ?? null,
      source: at.source,
      message: stripChannelTag(info.message),
    })
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: could not record a ${at.provider_id} channel error: ${(e as Error).message}`)
  }
}
