import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PassThrough } from "node:stream"
import { ORDER_EXPORT_MODULE } from "../../modules/export"
import type OrderExportModuleService from "../../modules/export/service"
import { EXPORT_FIELDS, FIELD_BY_KEY, type ExportField } from "../../modules/export/fields"
import { readSelection, countSelection, type ExportSelection } from "../../modules/export/read-orders"
import { readBreakdowns } from "../../modules/export/breakdown"
import { rowFormatter, type Cell } from "../../modules/export/format"
import { readReconciliation } from "../../modules/export/reports/reconciliation"
import { currencyDigits } from "../../utils/money"
import { csvWriter } from "../../modules/export/writers/csv"
import { xlsxWriter } from "../../modules/export/writers/xlsx"
import { jsonlGzWriter } from "../../modules/export/writers/jsonl"
import { readItems } from "../../modules/export/items"
import type { Column, ExportWriter } from "../../modules/export/writers/types"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import { lifecycleFiltersFromQuery } from "../../api/utils/order-filters"
import { ListOrdersFilters } from "../../api/admin/order-management/exports/validators"

export const EXPORT_FORMATS = {
  csv: { ext: "csv", mime: "text/csv; charset=utf-8" },
  xlsx: { ext: "xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  pdf: { ext: "pdf", mime: "application/pdf" },
  jsonl_gz: { ext: "jsonl.gz", mime: "application/gzip" },
} as const

/** The format's streaming writer over `out`. Throws for a format this export cannot write. */
function writerFor(format: string, out: PassThrough, columns: Column[], locale: "en" | "zh", title: string): ExportWriter {
  if (format === "csv") return csvWriter(out, columns, locale)
  if (format === "xlsx") return xlsxWriter(out, columns, locale, title)
  throw new Error(`format ${format} is not supported for this export`)
}

/** What an export writes: its file's name stem, sheet title, columns, how many rows, and the rows page by page. */
type Source = { name: string; title: string; columns: Column[]; total: number; pages: AsyncIterable<{ cells: Cell[][]; extras?: Array<Record<string, unknown>> }> }

/** The rows of an export by its report: orders (the chosen fields), the backup archive, or the financial reconciliation. */
async function sourceOf(container: MedusaContainer, exp: any, tz: string, pageSize?: number): Promise<Source> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const locale = exp.locale as "en" | "zh"
  if (exp.report === "reconciliation") {
    const p = exp.params ?? {}
    const lines = await readReconciliation(knex, tz, p.from, p.to, p.currency_code ?? null)
    const columns: Column[] = RECONCILIATION_COLUMNS.map((c) => ({ key: c.key, header: c.label[locale], type: c.type }))
    const cells = lines.map((l): Cell[] => {
      const digits = currencyDigits(l.currency_code)
      const money = (minor: number): Cell => ({ t: "money", minor, digits, currency: l.currency_code })
      return [{ t: "text", v: l.day }, { t: "text", v: l.currency_code.toUpperCase() }, { t: "text", v: l.provider_id }, { t: "int", v: l.orders }, money(l.paid_minor), money(l.refunded_minor), money(l.fee_minor), money(l.net_minor)]
    })
    return { name: "reconciliation", title: locale === "zh" ? "财务对账" : "Reconciliation", columns, total: cells.length, pages: (async function* () { if (cells.length) yield { cells } })() }
  }
  // the backup archive: every order-level field, and each order's items nested
  const backup = exp.report === "backup"
  const fields = backup ? EXPORT_FIELDS.filter((f) => !f.itemOnly && f.source !== "items") : ((exp.fields as string[]).map((k) => FIELD_BY_KEY.get(k)).filter(Boolean) as ExportField[])
  const filters = exp.scope === "filtered" ? lifecycleFiltersFromQuery(ListOrdersFilters.parse(exp.filters ?? {}), tz) : null
  const selection: ExportSelection = { filters, order_ids: exp.scope === "selected" ? (exp.order_ids as string[]) : null, fields, row_mode: exp.row_mode, time_zone: tz }
  const format = rowFormatter(fields, exp.masked)
  const breakdown = fields.some((f) => f.source === "breakdown")
  return {
    name: backup ? "orders-backup" : "orders",
    title: locale === "zh" ? "订单" : "Orders",
    columns: fields.map((f) => ({ key: f.key, header: f.label[locale] ?? f.label.en, type: f.type })),
    total: await countSelection(knex, selection),
    pages: (async function* () {
      for await (const rows of readSelection(knex, selection, pageSize)) {
        const amounts = breakdown ? await readBreakdowns(knex, [...new Set(rows.map((r) => r.__order_id))]) : null
        const items = backup ? await readItems(knex, rows.map((r) => r.__order_id)) : null
        yield {
          cells: rows.map((r) => format(r, amounts?.get(r.__order_id))),
          extras: items ? rows.map((r) => ({ order_id: r.__order_id, items: items.get(r.__order_id) ?? [] })) : undefined,
        }
      }
    })(),
  }
}

/** The reconciliation's columns. */
const RECONCILIATION_COLUMNS: Array<{ key: string; label: { en: string; zh: string }; type: Column["type"] }> = [
  { key: "day", label: { en: "Date", zh: "日期" }, type: "text" },
  { key: "currency_code", label: { en: "Currency", zh: "币种" }, type: "text" },
  { key: "payment_method", label: { en: "Payment method", zh: "支付方式" }, type: "text" },
  { key: "orders", label: { en: "Orders paid", zh: "支付订单数" }, type: "int" },
  { key: "paid", label: { en: "Paid", zh: "收款" }, type: "money" },
  { key: "refunded", label: { en: "Refunded", zh: "退款" }, type: "money" },
  { key: "fees", label: { en: "Fees", zh: "手续费" }, type: "money" },
  { key: "net", label: { en: "Net", zh: "净额" }, type: "money" },
]

/** What a writer run ended with. */
export type WriteResult = { status: "done" | "failed" | "canceled"; rows_done: number; size_bytes?: number; error?: string }

/**
 * Writes one export's file (the export row says what: scope, filters or ids, fields, row mode, format, masking) into
 * Medusa's File module as a private file, page by page with keyset paging (memory stays flat), reporting progress
 * and a heartbeat after every page. A cancel (the row no longer running) stops it at the next page and deletes the
 * partial file; an error marks the export failed with its message and deletes the partial file too. Never throws for
 * the export's own failures; returns how it ended.
 */
export async function writeExport(container: MedusaContainer, exportId: string, opts: { pageSize?: number } = {}): Promise<WriteResult> {
  const service: OrderExportModuleService = container.resolve(ORDER_EXPORT_MODULE)
  const file = container.resolve(Modules.FILE)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const om: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  const { timeZone: tz, exportRetentionDays } = om.getOptions()
  const exp: any = await service.retrieveOrderExport(exportId)
  if (exp.status !== "pending") return { status: exp.status === "canceled" ? "canceled" : "failed", rows_done: exp.rows_done ?? 0, error: `export is ${exp.status}` }

  let fileKey: string | null = null
  let writer: ExportWriter | null = null
  let rowsDone = 0
  const dropFile = async () => {
    if (fileKey) await file.deleteFiles(fileKey).catch(() => undefined)
  }
  try {
    const source = await sourceOf(container, exp, tz, opts.pageSize)
    const format = EXPORT_FORMATS[exp.format as keyof typeof EXPORT_FORMATS]
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)
    const filename = `${source.name}-${stamp}-${exp.id.slice(-8).toLowerCase()}.${format.ext}`
    const upload = await file.getUploadStream({ filename, mimeType: format.mime, access: "private" } as any)
    fileKey = upload.fileKey
    if (!(await service.startExport(exp.id, { rows_total: source.total, file_id: upload.fileKey, filename, mime_type: format.mime }))) {
      upload.writeStream.destroy()
      await dropFile()
      return { status: "canceled", rows_done: 0 }
    }
    let bytes = 0
    const counter = new PassThrough()
    counter.on("data", (chunk: Buffer) => (bytes += chunk.length))
    counter.pipe(upload.writeStream)
    writer = exp.format === "jsonl_gz" ? jsonlGzWriter(counter, source.columns) : writerFor(exp.format, counter, source.columns, exp.locale, source.title)
    for await (const page of source.pages) {
      await writer.addRows(page.cells, page.extras)
      rowsDone += page.cells.length
      if (!(await service.reportProgress(exp.id, rowsDone))) {
        writer.abort()
        await dropFile()
        return { status: "canceled", rows_done: rowsDone }
      }
    }
    await writer.end()
    await upload.promise
    const expires = new Date(Date.now() + (exportRetentionDays ?? 7) * 86_400_000)
    if (!(await service.finishExport(exp.id, { rows_done: rowsDone, size_bytes: bytes, expires_at: expires }))) {
      await dropFile()
      return { status: "canceled", rows_done: rowsDone }
    }
    return { status: "done", rows_done: rowsDone, size_bytes: bytes }
  } catch (e) {
    writer?.abort()
    await dropFile()
    const message = (e as Error)?.message ?? String(e)
    await service.failExport(exp.id, message)
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: export ${exp.id} failed: ${message}`)
    return { status: "failed", rows_done: rowsDone, error: message }
  }
}
