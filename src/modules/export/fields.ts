import type { LabelSet } from "./labels"
import type { MaskKind } from "./mask"

/** Where a field's value comes from; the reader joins only what the chosen fields need. */
export type FieldSource = "lifecycle" | "order" | "customer" | "address" | "summary" | "payment" | "notes" | "items" | "breakdown"

export type FieldType = "text" | "int" | "money" | "datetime" | "bool"

export type ExportField = {
  key: string
  group: "order" | "customer" | "address" | "items" | "amounts" | "payment" | "notes"
  label: { en: string; zh: string }
  /** personal data: masked by this rule unless the export is unmasked */
  personal?: MaskKind
  type: FieldType
  source: FieldSource
  /**
   * SQL for the value in a row per order (aliases: l order_lifecycle, o "order", c customer, sa the shipping
   * order_address, s order_summary, pay the order's latest payment, nc its notes count, items the aggregated items);
   * money in minor units (integer), datetimes as `YYYY-MM-DD HH24:MI:SS` in the store's time zone (:tz).
   * Breakdown fields have none: Medusa's own totals function computes them (see breakdown.ts).
   */
  sql?: string
  /** SQL in a row per item (alias it: order_item joined to li: order_line_item); defaults to `sql` */
  itemSql?: string
  /** only in a row per item (a row per order has no single value for it) */
  itemOnly?: boolean
  /** money only: the SQL gives integer minor units (default) or Medusa's exact decimal in major units, converted once by the exporter */
  unit?: "minor" | "major"
  /** a code shown as words in the export's language (labels.ts); the backup archive keeps the code */
  labels?: LabelSet
}

/** The display name rule of src/utils/person-name.ts in SQL: CJK names family name first without a space (张 + 三丰 → 张三丰), others given name first. */
const personNameSql = (a: string) =>
  `case when concat(${a}.last_name, ${a}.first_name) ~ '[\u3400-\u9fff\uf900-\ufaff]' then nullif(concat(trim(${a}.last_name), trim(${a}.first_name)), '')
   else nullif(concat_ws(' ', nullif(trim(${a}.first_name), ''), nullif(trim(${a}.last_name), '')), '') end`
const local = (col: string) => `to_char(${col} at time zone :tz, 'YYYY-MM-DD HH24:MI:SS')`

/**
 * The export's field catalogue (GET /admin/order-management/exports/fields): keys are the API's, labels the file's
 * column headers in English or Chinese. Amounts are exported in the order's currency (column `currency_code`), in
 * major units: numbers in XLSX with the currency's decimals, decimal strings in CSV.
 */
export const EXPORT_FIELDS: ExportField[] = [
  // order
  { key: "order_number", group: "order", label: { en: "Order number", zh: "订单号" }, type: "text", source: "lifecycle", sql: "l.order_number" },
  { key: "display_id", group: "order", label: { en: "Display ID", zh: "序号" }, type: "int", source: "lifecycle", sql: "l.display_id" },
  { key: "placed_at", group: "order", label: { en: "Placed at", zh: "下单时间" }, type: "datetime", source: "lifecycle", sql: local("l.placed_at") },
  { key: "order_status", group: "order", label: { en: "Order status", zh: "订单状态" }, type: "text", labels: "order_status", source: "order", sql: "o.status" },
  { key: "payment_status", group: "order", label: { en: "Payment status", zh: "支付状态" }, type: "text", labels: "payment_status", source: "lifecycle", sql: "l.payment_status" },
  { key: "fulfillment_status", group: "order", label: { en: "Fulfillment status", zh: "履约状态" }, type: "text", labels: "fulfillment_status", source: "lifecycle", sql: "l.fulfillment_status" },
  { key: "on_hold", group: "order", label: { en: "On hold", zh: "挂起" }, type: "bool", source: "lifecycle", sql: "l.on_hold" },
  { key: "marks", group: "order", label: { en: "Marks", zh: "标记" }, type: "text", source: "lifecycle", sql: "array_to_string(l.marks, ', ')" },
  { key: "currency_code", group: "order", label: { en: "Currency", zh: "币种" }, type: "text", source: "lifecycle", sql: "upper(l.currency_code)" },
  // customer
  { key: "customer_name", group: "customer", label: { en: "Customer name", zh: "客户姓名" }, personal: "name", type: "text", source: "customer", sql: personNameSql("c") },
  { key: "customer_email", group: "customer", label: { en: "Email", zh: "邮箱" }, personal: "email", type: "text", source: "order", sql: "o.email" },
  { key: "customer_phone", group: "customer", label: { en: "Phone", zh: "电话" }, personal: "phone", type: "text", source: "customer", sql: "coalesce(nullif(c.phone, ''), sa.phone)" },
  // address (shipping)
  { key: "shipping_name", group: "address", label: { en: "Recipient", zh: "收货人" }, personal: "name", type: "text", source: "address", sql: personNameSql("sa") },
  { key: "shipping_phone", group: "address", label: { en: "Recipient phone", zh: "收货电话" }, personal: "phone", type: "text", source: "address", sql: "sa.phone" },
  { key: "shipping_country", group: "address", label: { en: "Country", zh: "国家" }, type: "text", source: "address", sql: "upper(sa.country_code)" },
  { key: "shipping_province", group: "address", label: { en: "Province", zh: "省份" }, type: "text", source: "address", sql: "sa.province" },
  { key: "shipping_city", group: "address", label: { en: "City", zh: "城市" }, type: "text", source: "address", sql: "sa.city" },
  { key: "shipping_address", group: "address", label: { en: "Street address", zh: "详细地址" }, personal: "street", type: "text", source: "address", sql: "nullif(trim(concat_ws(' ', sa.address_1, sa.address_2)), '')" },
  { key: "shipping_postal_code", group: "address", label: { en: "Postal code", zh: "邮编" }, personal: "street", type: "text", source: "address", sql: "sa.postal_code" },
  // items: aggregated in a row per order, one item each in a row per item
  { key: "item_product", group: "items", label: { en: "Product", zh: "商品" }, type: "text", source: "items", sql: "items.products", itemSql: "li.product_title" },
  { key: "item_variant", group: "items", label: { en: "Variant", zh: "规格" }, type: "text", source: "items", sql: "items.variants", itemSql: "li.variant_title" },
  { key: "item_sku", group: "items", label: { en: "SKU", zh: "SKU" }, type: "text", source: "items", sql: "items.skus", itemSql: "li.variant_sku" },
  { key: "item_quantity", group: "items", label: { en: "Quantity", zh: "数量" }, type: "int", source: "items", sql: "items.quantity", itemSql: "it.quantity" },
  { key: "item_unit_price", group: "items", label: { en: "Unit price", zh: "单价" }, type: "money", unit: "major", source: "items", itemOnly: true, itemSql: "li.unit_price::text" },
  // amounts
  { key: "subtotal", group: "amounts", label: { en: "Subtotal", zh: "商品小计" }, type: "money", source: "breakdown" },
  { key: "discount_total", group: "amounts", label: { en: "Discounts", zh: "优惠" }, type: "money", source: "breakdown" },
  { key: "shipping_total", group: "amounts", label: { en: "Shipping", zh: "运费" }, type: "money", source: "breakdown" },
  { key: "tax_total", group: "amounts", label: { en: "Tax", zh: "税费" }, type: "money", source: "breakdown" },
  { key: "payment_fee", group: "amounts", label: { en: "Payment fee", zh: "支付手续费" }, type: "money", source: "lifecycle", sql: "l.payment_fee_minor" },
  { key: "total", group: "amounts", label: { en: "Total", zh: "订单总额" }, type: "money", source: "lifecycle", sql: "l.total_minor" },
  { key: "paid", group: "amounts", label: { en: "Paid", zh: "已付" }, type: "money", source: "lifecycle", sql: "l.paid_minor" },
  { key: "refunded", group: "amounts", label: { en: "Refunded", zh: "已退款" }, type: "money", unit: "major", source: "summary", sql: "coalesce(s.totals->'raw_refunded_total'->>'value', s.totals->>'refunded_total', '0')" },
  { key: "outstanding", group: "amounts", label: { en: "Outstanding", zh: "待付" }, type: "money", source: "lifecycle", sql: "l.outstanding_minor" },
  // payment
  { key: "payment_method", group: "payment", label: { en: "Payment method", zh: "支付方式" }, type: "text", labels: "provider", source: "lifecycle", sql: "l.payment_provider" },
  { key: "transaction_id", group: "payment", label: { en: "Transaction number", zh: "交易号" }, type: "text", source: "payment", sql: "pay.transaction_id" },
  { key: "out_trade_no", group: "payment", label: { en: "Platform order number", zh: "商户订单号" }, type: "text", source: "payment", sql: "pay.out_trade_no" },
  { key: "paid_at", group: "payment", label: { en: "Paid at", zh: "支付时间" }, type: "datetime", source: "lifecycle", sql: local("l.paid_at") },
  // notes
  { key: "notes_count", group: "notes", label: { en: "Notes", zh: "备注数" }, type: "int", source: "notes", sql: "nc.count" },
]

export const FIELD_BY_KEY = new Map(EXPORT_FIELDS.map((f) => [f.key, f]))

/** The fields a default export (and the benchmark) carries: 12 columns, four of them personal. */
export const DEFAULT_FIELDS = ["order_number", "placed_at", "payment_status", "fulfillment_status", "customer_name", "customer_email", "customer_phone", "shipping_province", "shipping_city", "payment_method", "total", "paid"]
