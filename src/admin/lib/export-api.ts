import { sdk } from "./sdk"

export type ExportFieldInfo = { key: string; label: string; label_zh: string; group: string; personal: boolean; type: string; item_only: boolean }
export type ExportFormat = "csv" | "xlsx" | "pdf"
export type ExportRecord = {
  id: string
  report: string
  status: "pending" | "running" | "done" | "failed" | "canceled" | "expired" | "refused"
  format: string
  scope: "all" | "filtered" | "selected"
  filters: Record<string, unknown> | null
  order_ids: string[] | null
  fields: string[]
  row: "order" | "item"
  locale: "en" | "zh"
  masked: boolean
  reason: string | null
  rows_done: number
  rows_total: number | null
  filename: string | null
  size_bytes: number | null
  error: string | null
  created_by: string | null
  created_by_email: string | null
  created_at: string
  finished_at: string | null
  expires_at: string | null
  downloads: number
  file_url: string | null
}
export type ExportPreset = { id: string; name: string; fields: string[]; format: ExportFormat; row: "order" | "item"; locale: "en" | "zh"; shared: boolean; own: boolean }
export type CreateReport =
  | { report: "reconciliation"; format: ExportFormat; from: string; to: string; currency_code?: string; locale: "en" | "zh" }
  | { report: "sales"; from: string; to: string; currency_code?: string; compare?: "previous_period" | "previous_year"; locale: "en" | "zh" }
  | { report: "backup"; scope: "all"; locale: "en" | "zh"; unmask?: { reason: string } }
export type CreateExport = {
  format: ExportFormat
  scope: "all" | "filtered" | "selected"
  filters?: Record<string, string | number>
  order_ids?: string[]
  fields: string[]
  row: "order" | "item"
  locale: "en" | "zh"
  unmask?: { reason: string }
}

/** The plugin's export API (docs/export.md). */
export const exportApi = {
  fields: () => sdk.client.fetch<{ fields: ExportFieldInfo[]; default_fields: string[] }>("/admin/order-management/exports/fields"),
  list: (query: { limit: number; offset: number }) => sdk.client.fetch<{ exports: ExportRecord[]; count: number }>("/admin/order-management/exports", { query }),
  create: (body: CreateExport) => sdk.client.fetch<{ export: ExportRecord }>("/admin/order-management/exports", { method: "POST", body }),
  report: (body: CreateReport) => sdk.client.fetch<{ export: ExportRecord }>("/admin/order-management/exports", { method: "POST", body }),
  cancel: (id: string) => sdk.client.fetch<{ export: ExportRecord }>(`/admin/order-management/exports/${id}`, { method: "DELETE" }),
  presets: () => sdk.client.fetch<{ presets: ExportPreset[] }>("/admin/order-management/exports/presets"),
  savePreset: (body: { name: string; fields: string[]; format: ExportFormat; row: "order" | "item"; locale: "en" | "zh"; shared: boolean }) =>
    sdk.client.fetch<{ preset: ExportPreset }>("/admin/order-management/exports/presets", { method: "POST", body }),
  deletePreset: (id: string) => sdk.client.fetch(`/admin/order-management/exports/presets/${id}`, { method: "DELETE" }),
}

export const exportKeys = { all: ["order-management", "exports"] as const }

/** The list query's filters without paging: what "export the current filters" sends. */
export function exportFilters(apiQuery: Record<string, string | number>): Record<string, string | number> {
  const { limit, offset, sort, ...rest } = apiQuery
  return rest
}
