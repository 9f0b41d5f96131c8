import { model } from "@medusajs/framework/utils"

/**
 * One export (and the audit log of exports: who, when, filters, fields, rows, masked or not, the reason). `report`:
 * `orders` (the chosen fields), `reconciliation` (per day and channel), `sales` (the statistics period) or `backup`
 * (every order with every field, gzipped JSON Lines). The file lives in Medusa's File module (private); `file_id` is
 * its key. `heartbeat_at` moves while the writer runs: a running export whose heartbeat stops (a worker restart) is
 * failed by the export job and its partial file deleted, never left as a silent half file.
 */
const OrderExport = model
  .define("order_export", {
    id: model.id({ prefix: "oexp" }).primaryKey(),
    report: model.enum(["orders", "reconciliation", "sales", "backup"]).default("orders"),
    format: model.enum(["csv", "xlsx", "pdf", "jsonl_gz"]),
    scope: model.enum(["all", "filtered", "selected"]).default("all"),
    /** the order list's query (its names and values), for scope filtered */
    filters: model.json().nullable(),
    /** the selected orders, for scope selected */
    order_ids: model.json().nullable(),
    /** field keys in column order (see fields.ts) */
    fields: model.json(),
    row_mode: model.enum(["order", "item"]).default("order"),
    locale: model.enum(["en", "zh"]).default("en"),
    /** report parameters (period, currency, time zone) */
    params: model.json().nullable(),
    masked: model.boolean().default(true),
    /** why personal data was exported unmasked (required then) */
    reason: model.text().nullable(),
    /** refused: an unmasked export asked for without the permission (kept as the audit of the attempt) */
    status: model.enum(["pending", "running", "done", "failed", "canceled", "expired", "refused"]).default("pending"),
    rows_done: model.number().default(0),
    rows_total: model.number().nullable(),
    file_id: model.text().nullable(),
    filename: model.text().nullable(),
    mime_type: model.text().nullable(),
    size_bytes: model.bigNumber().nullable(),
    error: model.text().nullable(),
    created_by: model.text().nullable(),
    created_by_email: model.text().nullable(),
    transaction_id: model.text().nullable(),
    started_at: model.dateTime().nullable(),
    heartbeat_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    /** the file is deleted after this (option exportRetentionDays) */
    expires_at: model.dateTime().nullable(),
    downloads: model.number().default(0),
    last_downloaded_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["created_at"], where: "deleted_at IS NULL" },
    { on: ["status", "heartbeat_at"], where: "deleted_at IS NULL" },
  ])

export default OrderExport
