import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ORDER_EXPORT_MODULE } from "../../../../modules/export"
import type OrderExportModuleService from "../../../../modules/export/service"
import { ORDER_MANAGEMENT_MODULE } from "../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../modules/order-management/service"
import { exportOrdersWorkflow } from "../../../../workflows/export/export-orders"
import { adminActor } from "../../../utils/actor"
import { serializeExport } from "./serialize"
import { buildStatisticsReport, storeCurrencies } from "../../../../workflows/statistics/statistics-report"
import { MedusaError } from "@medusajs/framework/utils"

const invalid = (message: string) => new MedusaError(MedusaError.Types.INVALID_DATA, message)
import { EXPORT_FIELDS } from "../../../../modules/export/fields"

/** The backup archive's fields: every order-level one (items are nested in each line). */
const RECONCILIATION_FIELDS = ["day", "currency_code", "payment_method", "orders", "paid", "refunded", "fees", "net"]
const BACKUP_FIELDS = EXPORT_FIELDS.filter((f) => !f.itemOnly && f.source !== "items").map((f) => f.key)
import type { CreateExportBodyType, ListExportsQueryType } from "./validators"

/**
 * GET /admin/order-management/exports — past exports, newest first: the audit log of exports (who, when, scope,
 * filters, fields, rows, masked or not, the reason, downloads). Query `limit` (1–100, default 20), `offset`.
 * Response `{ exports: [export], count, limit, offset }` (see POST for an export's shape).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListExportsQueryType>, res: MedusaResponse) {
  const q = req.validatedQuery as ListExportsQueryType
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const ttl = (req.scope.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).getOptions().exportLinkTtlSeconds
  const [rows, count] = await service.listAndCountOrderExports({}, { order: { created_at: "DESC", id: "DESC" }, skip: q.offset, take: q.limit })
  res.json({ exports: rows.map((e) => serializeExport(req.scope, e, ttl)), count, limit: q.limit, offset: q.offset })
}

/**
 * POST /admin/order-management/exports — start an export in the background.
 *
 * Body `{ report?: orders (default) | backup, format: csv|xlsx|pdf (backup: jsonl_gz, gzipped JSON Lines of every order
 * with every field and its items) | reconciliation (per day, currency and payment channel: orders paid, paid, refunded,
 * fees, net; with `from`, `to` days and an optional `currency_code`) | sales (the statistics period as a PDF: `from`,
 * `to`, `currency_code`, `compare` as GET …/statistics takes them), scope: all|filtered|selected, filters? (the order list's query, scope filtered),
 * order_ids? (scope selected, up to 10,000), fields: [key] (GET …/exports/fields), row: order|item (default order),
 * locale: en|zh (column headers; default en), unmask?: { reason } }`.
 * Personal data (fields marked `personal`) is masked unless `unmask` gives a reason; when the option
 * `permissions.unmaskExport` lists admins (user ids or emails), only they may unmask. Every request is recorded, a
 * refused one too (status `refused`).
 * 202 `{ export: { id, status: "pending", format, scope, filters, order_ids, fields, row, locale, masked, reason,
 * rows_done, rows_total, filename, size_bytes, error, created_by, created_by_email, created_at, started_at,
 * finished_at, expires_at, downloads, last_downloaded_at, file_url, file_url_expires_at } }`; follow it with GET
 * …/exports/:id (progress: rows_done of rows_total).
 * Errors: 400 naming the field (unknown field key, a per-item field with row order, filters the order list refuses,
 * filters or order_ids missing for their scope, selected orders that do not exist, a reconciliation currency the store
 * does not have); 403 unmasking without the permission (recorded).
 */
export async function POST(req: AuthenticatedMedusaRequest<CreateExportBodyType>, res: MedusaResponse) {
  const b = req.validatedBody as CreateExportBodyType
  const service: OrderExportModuleService = req.scope.resolve(ORDER_EXPORT_MODULE)
  const om: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
  const actor = await adminActor(req)
  // the reconciliation's currency must be the store's; the selected orders must exist
  if (b.report === "reconciliation" && b.currency_code) {
    const currencies = await storeCurrencies(req.scope)
    if (!currencies.includes(b.currency_code)) throw invalid(`currency_code ${b.currency_code.toUpperCase()} is not a currency of this store (${currencies.map((c) => c.toUpperCase()).join(", ")})`)
  }
  if (b.scope === "selected" && b.order_ids) {
    const known = new Set((await om.listOrderLifecycles({ order_id: b.order_ids }, { select: ["order_id"], take: b.order_ids.length })).map((l: any) => l.order_id))
    const missing = [...new Set(b.order_ids)].filter((id) => !known.has(id))
    if (missing.length) throw invalid(`order_ids: ${missing.length} not found (${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""})`)
  }
  // the sales report: the statistics' own checks (a currency of the store, the period) answer 400 now, not later
  const sales = b.report === "sales" ? await buildStatisticsReport(req.scope, { from: b.from, to: b.to, currency_code: b.currency_code, compare: b.compare }) : null
  const record = {
    report: b.report,
    format: b.report === "backup" ? "jsonl_gz" : b.report === "sales" ? "pdf" : b.format!,
    params:
      b.report === "reconciliation"
        ? { from: b.from, to: b.to, currency_code: b.currency_code ?? null, time_zone: om.getOptions().timeZone }
        : b.report === "sales"
          ? { from: sales!.from, to: sales!.to, currency_code: sales!.currency_code, compare: sales!.comparison.kind, time_zone: om.getOptions().timeZone }
          : null,
    scope: b.scope,
    filters: b.filters ?? null,
    order_ids: b.order_ids ?? null,
    fields: b.report === "backup" ? BACKUP_FIELDS : b.report === "reconciliation" ? RECONCILIATION_FIELDS : b.report === "sales" ? [] : b.fields ?? [],
    row_mode: b.row,
    locale: b.locale,
    masked: !b.unmask,
    reason: b.unmask?.reason ?? null,
    created_by: actor.id,
    created_by_email: actor.email ?? null,
  }
  if (b.unmask) {
    try {
      om.assertPermitted("unmaskExport", actor, "export personal data unmasked")
    } catch (e) {
      await service.createOrderExports({ ...record, status: "refused", error: (e as Error).message } as any)
      throw e
    }
  }
  const created: any = await service.createOrderExports(record as any)
  try {
    const { transaction } = await exportOrdersWorkflow(req.scope).run({ input: { export_id: created.id } })
    await service.updateOrderExports({ id: created.id, transaction_id: transaction.transactionId } as any)
  } catch (e) {
    // the workflow did not start: the export is recorded as failed, not left pending
    await service.failExport(created.id, `the export could not start: ${(e as Error).message}`)
    throw e
  }
  const current = await service.retrieveOrderExport(created.id)
  res.status(202).json({ export: serializeExport(req.scope, current, om.getOptions().exportLinkTtlSeconds) })
}

