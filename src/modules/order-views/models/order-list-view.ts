import { model } from "@medusajs/framework/utils"

/**
 * A saved view of the order list: the list's query (the same names as GET /admin/order-management/orders, e.g.
 * `{ status: "paid", payment_provider: "pp_alipay_alipay", "created_at[gte]": "2026-11-01" }`) under a name, owned
 * by the admin user who saved it and, when `shared`, offered to every admin.
 */
const OrderListView = model
  .define("order_list_view", {
    id: model.id({ prefix: "olv" }).primaryKey(),
    name: model.text(),
    /** the list's query parameters as the page keeps them in its URL (string values) */
    filters: model.json(),
    /** the admin user (auth actor id) who saved it; only they rename, change or delete it */
    owner_id: model.text(),
    shared: model.boolean().default(false),
  })
  .indexes([
    { on: ["owner_id"], where: "deleted_at IS NULL" },
    { on: ["shared"], where: "deleted_at IS NULL AND shared = true" },
    { on: ["owner_id", "name"], unique: true, where: "deleted_at IS NULL" },
  ])

export default OrderListView
