import type { MedusaContainer } from "@medusajs/framework/types"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PAYMENT_TRADES_MODULE } from "../../modules/payment-trades"
import type PaymentTradesModuleService from "../../modules/payment-trades/service"
import type { RegisteredTrade } from "../../modules/payment-trades/service"
import { toMinorUnits } from "../../utils/money"

/** Our number at the platform for a session's data (Alipay/WeChat out_trade_no, NOWPayments payment/invoice, BTCPay invoice). */
export function tradeNumberOf(data: Record<string, any> | null | undefined): string | null {
  const d = data ?? {}
  return d.out_trade_no ?? d.payment_id ?? d.invoice_id ?? d.reference ?? null
}

/**
 * Register every payment session of a payment collection in the trade map (idempotent), with the cart and the
 * order the collection belongs to. Called after a session is created: the store route (middleware below), pay again.
 */
export async function registerCollectionTrades(container: MedusaContainer, collectionId: string): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: [collection] }, { data: carts }, { data: orders }] = await Promise.all([
    query.graph({ entity: "payment_collection", fields: ["id", "payment_sessions.id", "payment_sessions.provider_id", "payment_sessions.amount", "payment_sessions.currency_code", "payment_sessions.data"], filters: { id: collectionId } }),
    query.graph({ entity: "cart_payment_collection", fields: ["cart_id"], filters: { payment_collection_id: collectionId } }),
    query.graph({ entity: "order_payment_collection", fields: ["order_id"], filters: { payment_collection_id: collectionId } }),
  ])
  const sessions = ((collection as any)?.payment_sessions ?? []) as Array<{ id: string; provider_id: string; amount: unknown; currency_code: string; data: Record<string, any> | null }>
  if (!sessions.length) return
  const service: PaymentTradesModuleService = container.resolve(PAYMENT_TRADES_MODULE)
  await service.register(sessions.map((s) => ({
    session_id: s.id,
    provider_id: s.provider_id,
    out_trade_no: tradeNumberOf(s.data),
    payment_collection_id: collectionId,
    cart_id: (carts[0] as any)?.cart_id ?? null,
    order_id: (orders[0] as any)?.order_id ?? null,
    amount_minor: toMinorUnits(s.amount as any, s.currency_code),
    currency_code: s.currency_code,
    data: s.data ?? null,
  })))
}

/**
 * Middleware for Medusa's POST /store/payment-collections/:id/payment-sessions: once Medusa has created the session
 * and before the storefront gets the answer, the new trade is registered, so money paid to it is found even after
 * Medusa deletes the session. A failure to register is logged and does not fail the checkout.
 */
export function registerTradesAfterSessionCreation(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const send = res.json.bind(res)
  res.json = ((body: unknown) => {
    if (res.statusCode >= 300) return send(body)
    registerCollectionTrades(req.scope, req.params.id)
      .catch((e) => req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: could not register the trades of payment collection ${req.params.id}: ${(e as Error).message}`))
      .finally(() => send(body))
    return res
  }) as typeof res.json
  next()
}

/** The order a registered trade's money belongs to now: known already, or through its collection or cart. */
export async function orderOfTrade(container: MedusaContainer, trade: RegisteredTrade): Promise<string | null> {
  if (trade.order_id) return trade.order_id
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: byCollection } = await query.graph({ entity: "order_payment_collection", fields: ["order_id"], filters: { payment_collection_id: trade.payment_collection_id } })
  if (byCollection[0]) return (byCollection[0] as any).order_id
  if (!trade.cart_id) return null
  const { data: byCart } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: trade.cart_id } })
  return (byCart[0] as any)?.order_id ?? null
}
