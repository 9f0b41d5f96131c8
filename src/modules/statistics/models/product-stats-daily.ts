import { model } from "@medusajs/framework/utils"

/**
 * What one product sold in the orders paid on one day (store time zone) in one currency: `quantity` of its current
 * line items, `revenue_amount` = unit price × quantity − the items' discount adjustments (before tax and shipping;
 * exact, major units), `orders` containing it. `title` is the product's title on that day's latest line item (a period shows the title of its latest day).
 */
const ProductStatsDaily = model
  .define("product_stats_daily", {
    id: model.id({ prefix: "psd" }).primaryKey(),
    day: model.text(),
    currency_code: model.text(),
    product_id: model.text(),
    title: model.text(),
    quantity: model.number().default(0),
    orders: model.number().default(0),
    revenue_amount: model.bigNumber().default(0),
  })
  .indexes([{ on: ["currency_code", "day", "product_id"], unique: true, where: "deleted_at IS NULL" }])

export default ProductStatsDaily
