import { z } from "@medusajs/framework/zod"
import { ListOrdersQuery } from "../validators"
import { EXPORT_FIELDS, FIELD_BY_KEY } from "../../../../modules/export/fields"

/**
 * The order list's filters as an export's `filters`: the list API's query parameters (GET
 * /admin/order-management/orders), flat (`{ "created_at[gte]": "2026-11-01", status: "paid" }`, as the page's URL
 * keeps them) or nested (`{ created_at: { gte: … } }`), checked by the list's own rules. Paging and sort are not
 * filters (an export is every matching order, newest first).
 */
export const ListOrdersFilters = z.preprocess(
  (v) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return v
    const out: Record<string, unknown> = {}
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      const m = /^([a-z_]+)\[(gte|lte)\]$/.exec(k)
      if (m) out[m[1]] = { ...((out[m[1]] as object) ?? {}), [m[2]]: val }
      else out[k] = val
    }
    return out
  },
  ListOrdersQuery
)

const MAX_SELECTED = 10_000
const MAX_REPORT_DAYS = 366
const DAY = /^\d{4}-\d{2}-\d{2}$/
const realDay = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= "1970-01-01" && v <= "2999-12-31"
}

/** Field keys of the catalogue, each named in the message when unknown. */
const fieldKeys = () =>
  z
    .array(z.string().max(100))
    .min(1, "fields must name at least one field")
    .max(EXPORT_FIELDS.length)
    .superRefine((keys, ctx) => {
      for (const k of keys) if (!FIELD_BY_KEY.has(k)) ctx.addIssue({ code: "custom", message: `unknown field ${k}; GET /admin/order-management/exports/fields lists them` })
      if (new Set(keys).size !== keys.length) ctx.addIssue({ code: "custom", message: "fields must not repeat a field" })
    })

export const CreateExportBody = z
  .object({
    report: z.enum(["orders", "backup", "reconciliation", "sales"], { error: "report must be orders, backup, reconciliation or sales" }).default("orders"),
    /** sales: the comparison period (as the statistics page's) */
    compare: z.enum(["previous_period", "previous_year"], { error: "compare must be previous_period or previous_year" }).optional(),
    /** reconciliation: the days (YYYY-MM-DD, the store's time zone, inclusive) and optionally one currency */
    from: z.string().regex(DAY, "from must be a day written YYYY-MM-DD").refine(realDay, "from is not a calendar day").optional(),
    to: z.string().regex(DAY, "to must be a day written YYYY-MM-DD").refine(realDay, "to is not a calendar day").optional(),
    currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "currency_code must be a 3-letter currency code").transform((c) => c.toLowerCase()).optional(),
    format: z.enum(["csv", "xlsx", "pdf", "jsonl_gz"], { error: "format must be csv, xlsx, pdf or jsonl_gz" }).optional(),
    scope: z.enum(["all", "filtered", "selected"], { error: "scope must be all, filtered or selected" }).default("all"),
    filters: z.record(z.string(), z.unknown()).optional(),
    order_ids: z.array(z.string().min(1).max(100)).min(1, "order_ids must name at least one order").max(MAX_SELECTED, `at most ${MAX_SELECTED} selected orders; export the filtered list instead`).optional(),
    fields: fieldKeys().optional(),
    row: z.enum(["order", "item"], { error: "row must be order or item" }).default("order"),
    locale: z.enum(["en", "zh"], { error: "locale must be en or zh" }).default("en"),
    unmask: z.object({ reason: z.string().trim().min(5, "unmask.reason must say why (at least 5 characters)").max(2000) }).strict().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.scope === "filtered" && !b.filters) ctx.addIssue({ code: "custom", path: ["filters"], message: "filters is required with scope filtered" })
    if (b.scope !== "filtered" && b.filters) ctx.addIssue({ code: "custom", path: ["filters"], message: "filters only applies with scope filtered" })
    if (b.scope === "selected" && !b.order_ids) ctx.addIssue({ code: "custom", path: ["order_ids"], message: "order_ids is required with scope selected" })
    if (b.scope !== "selected" && b.order_ids) ctx.addIssue({ code: "custom", path: ["order_ids"], message: "order_ids only applies with scope selected" })
    if (b.filters) {
      // the list's paging and sort are not filters: an export is every matching order, newest first
      for (const k of ["limit", "offset", "cursor", "page", "fields"]) {
        if (k in b.filters) ctx.addIssue({ code: "custom", path: ["filters", k], message: `filters.${k}: ${k} is paging, not a filter (an export has every matching order)` })
      }
      if ("sort" in b.filters) ctx.addIssue({ code: "custom", path: ["filters", "sort"], message: "filters.sort: an export is always newest first; sort is not a filter" })
      const r = ListOrdersFilters.safeParse(b.filters)
      if (!r.success) {
        for (const i of r.error.issues) {
          const where = i.path.length ? `filters.${i.path.join(".")}` : "filters"
          const message = i.code === "unrecognized_keys" ? `unknown filter ${(i as any).keys.join(", ")} (the filters are the order list's query parameters)` : i.message
          ctx.addIssue({ code: "custom", path: ["filters", ...i.path.map(String)], message: `${where}: ${message}` })
        }
      }
    }
    if (b.report === "orders") {
      if (!b.fields) ctx.addIssue({ code: "custom", path: ["fields"], message: "fields is required (GET /admin/order-management/exports/fields lists them)" })
      if (b.format === "jsonl_gz") ctx.addIssue({ code: "custom", path: ["format"], message: "jsonl_gz is the backup archive's format (report: backup)" })
      if (!b.format) ctx.addIssue({ code: "custom", path: ["format"], message: "format is required: csv, xlsx or pdf" })
      for (const k of new Set(b.fields ?? [])) {
        if (b.row === "order" && FIELD_BY_KEY.get(k)?.itemOnly) ctx.addIssue({ code: "custom", path: ["fields"], message: `${k} has one value per item: use row: item` })
      }
    }
    if (b.report === "reconciliation") {
      if (!b.from || !b.to) ctx.addIssue({ code: "custom", path: [b.from ? "to" : "from"], message: "the reconciliation needs from and to (days, YYYY-MM-DD)" })
      else if (b.from > b.to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to" })
      else if ((Date.parse(b.to) - Date.parse(b.from)) / 86_400_000 + 1 > MAX_REPORT_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `the reconciliation covers at most ${MAX_REPORT_DAYS} days` })
      if (!b.format || b.format === "jsonl_gz") ctx.addIssue({ code: "custom", path: ["format"], message: "format is required: csv, xlsx or pdf" })
      if (b.fields || b.order_ids || b.filters || b.unmask) ctx.addIssue({ code: "custom", path: ["report"], message: "the reconciliation takes from, to and currency_code only (no fields, orders or unmasking: it holds no personal data)" })
    } else if (b.report === "sales") {
      if (b.format && b.format !== "pdf") ctx.addIssue({ code: "custom", path: ["format"], message: "the sales report is a PDF (format pdf)" })
      if (b.from && b.to && b.from > b.to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to" })
      if (b.fields || b.order_ids || b.filters || b.unmask) ctx.addIssue({ code: "custom", path: ["report"], message: "the sales report takes from, to, currency_code and compare only" })
    } else if (b.from || b.to || b.currency_code) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "from, to and currency_code belong to the reconciliation and sales reports" })
    }
    if (b.compare && b.report !== "sales") ctx.addIssue({ code: "custom", path: ["compare"], message: "compare belongs to the sales report" })
    if (b.report === "backup") {
      if (b.format && b.format !== "jsonl_gz") ctx.addIssue({ code: "custom", path: ["format"], message: "the backup archive is gzipped JSON Lines (format jsonl_gz)" })
      if (b.fields) ctx.addIssue({ code: "custom", path: ["fields"], message: "the backup archive carries every field" })
    }
  })
export type CreateExportBodyType = z.infer<typeof CreateExportBody>

export const ListExportsQuery = z
  .object({
    limit: z.preprocess((v) => (v === undefined ? 20 : Number(v)), z.number().int().min(1, "limit must be 1–100").max(100, "limit must be 1–100")),
    offset: z.preprocess((v) => (v === undefined ? 0 : Number(v)), z.number().int().min(0, "offset must not be negative")),
    fields: z.string().optional(),
    order: z.string().optional(),
  })
  .strict()
export type ListExportsQueryType = z.infer<typeof ListExportsQuery>

export const DownloadQuery = z
  .object({
    expires: z.string().regex(/^\d{10}$/, "expires: not a link this store wrote"),
    signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "signature: not a link this store wrote"),
  })
  .strict()
export type DownloadQueryType = z.infer<typeof DownloadQuery>

export const ExportPresetBody = z
  .object({
    name: z.string().trim().min(1, "name must not be empty").max(100),
    fields: fieldKeys(),
    format: z.enum(["csv", "xlsx", "pdf"]).default("csv"),
    row: z.enum(["order", "item"]).default("order"),
    locale: z.enum(["en", "zh"]).default("en"),
    shared: z.boolean().default(false),
  })
  .strict()
export type ExportPresetBodyType = z.infer<typeof ExportPresetBody>
