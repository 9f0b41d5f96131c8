import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { downloadLink } from "../../../../modules/export/links"

/**
 * An export as the API shows it. A finished one carries `file_url`, a download link valid for the option
 * `exportLinkTtlSeconds` from now (`file_url_expires_at`); `size_bytes` is the file's size.
 */
export function serializeExport(container: MedusaContainer, e: any, ttlSeconds: number) {
  const link = e.status === "done" && e.file_id ? downloadLink(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig.http.jwtSecret as string, e.id, ttlSeconds) : null
  return {
    id: e.id,
    report: e.report,
    status: e.status,
    format: e.format,
    scope: e.scope,
    filters: e.filters ?? null,
    order_ids: e.order_ids ?? null,
    fields: e.fields,
    row: e.row_mode,
    locale: e.locale,
    masked: e.masked,
    reason: e.reason ?? null,
    rows_done: e.rows_done,
    rows_total: e.rows_total ?? null,
    filename: e.filename ?? null,
    size_bytes: e.size_bytes == null ? null : Number(e.size_bytes),
    error: e.error ?? null,
    created_by: e.created_by ?? null,
    created_by_email: e.created_by_email ?? null,
    created_at: e.created_at,
    started_at: e.started_at ?? null,
    finished_at: e.finished_at ?? null,
    expires_at: e.expires_at ?? null,
    downloads: e.downloads ?? 0,
    last_downloaded_at: e.last_downloaded_at ?? null,
    file_url: link?.url ?? null,
    file_url_expires_at: link?.expires_at ?? null,
  }
}
