import { model } from "@medusajs/framework/utils"

/** A named choice of export fields, row mode, format and header language, owned by an admin and, when `shared`, offered to every admin. */
const OrderExportPreset = model
  .define("order_export_preset", {
    id: model.id({ prefix: "oexpp" }).primaryKey(),
    name: model.text(),
    owner_id: model.text(),
    shared: model.boolean().default(false),
    format: model.enum(["csv", "xlsx", "pdf"]).default("csv"),
    row_mode: model.enum(["order", "item"]).default("order"),
    locale: model.enum(["en", "zh"]).default("en"),
    fields: model.json(),
  })
  .indexes([{ on: ["owner_id", "name"], unique: true, where: "deleted_at IS NULL" }])

export default OrderExportPreset
