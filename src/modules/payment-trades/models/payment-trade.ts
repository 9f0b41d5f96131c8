import { model } from "@medusajs/framework/utils"

/**
 * The plugin's own map from a platform trade to where its money belongs: every payment session a store creates is
 * registered here (session id, provider, our out-trade-number, payment collection, cart, later the order). Medusa
 * hard-deletes a session when the cart changes or the customer pays again with another method, while the QR, the
 * crypto address or the invoice behind it stays payable at the platform; money reported for such a trade is found
 * through this map and reaches the order (or the cart) as an anomaly with a refund path. Reconciliation matches bill
 * rows against it too. Amounts in the currency's minor units.
 */
const PaymentTrade = model
  .define("payment_trade", {
    id: model.id({ prefix: "ptrd" }).primaryKey(),
    session_id: model.text().unique(),
    provider_id: model.text(),
    /** our number at the platform (Alipay/WeChat out_trade_no; NOWPayments/BTCPay order id), latest revision */
    out_trade_no: model.text().nullable(),
    payment_collection_id: model.text(),
    cart_id: model.text().nullable(),
    order_id: model.text().nullable(),
    amount_minor: model.bigNumber(),
    currency_code: model.text(),
    /** the session's data when it was registered (no secrets: trade numbers, QR content, payment ids); adopted again for a refund */
    data: model.json().nullable(),
    /** when Medusa no longer had the session (found missing by a report) */
    session_deleted_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["out_trade_no"], where: "deleted_at IS NULL AND out_trade_no IS NOT NULL" },
    { on: ["cart_id"], where: "deleted_at IS NULL AND cart_id IS NOT NULL" },
    { on: ["order_id"], where: "deleted_at IS NULL AND order_id IS NOT NULL" },
  ])

export default PaymentTrade
