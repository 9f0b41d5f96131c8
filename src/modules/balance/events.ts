/** An admin credited or debited a balance by hand (data: entry id, customer, currency, signed amount, balance). */
export const BALANCE_ADJUSTED_EVENT = "order_management.balance.adjusted"
/** A payment of an order was refunded to the customer's balance instead of the original method. */
export const REFUNDED_TO_BALANCE_EVENT = "order_management.order.refunded_to_balance"
