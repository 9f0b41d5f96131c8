import { model } from "@medusajs/framework/utils"

/**
 * The checkout funnel of the carts created on one day (store time zone) in one currency, followed to today:
 * `carts` created with at least one item, `checkouts` of those that reached a payment session, `orders` of those
 * that were completed into an order. A cohort: a cart created on the 1st and completed on the 3rd counts on the 1st,
 * so the three numbers of a day only grow until its carts settle (the refresh job recomputes recent days).
 */
const CartStatsDaily = model
  .define("cart_stats_daily", {
    id: model.id({ prefix: "csd" }).primaryKey(),
    day: model.text(),
    currency_code: model.text(),
    carts: model.number().default(0),
    checkouts: model.number().default(0),
    orders: model.number().default(0),
  })
  .indexes([{ on: ["currency_code", "day"], unique: true, where: "deleted_at IS NULL" }])

export default CartStatsDaily
