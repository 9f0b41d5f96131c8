import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PassThrough } from "node:stream"
import { DateTime } from "luxon"
import { ORDER_EXPORT_MODULE } from "../../modules/export"
import type OrderExportModuleService from "../../modules/export/service"
import { EXPORT_FIELDS, FIELD_BY_KEY, type ExportField } from "../../modules/export/fields"
import { readSelection, countSelection, summarizeSelection, type ExportSelection } from "../../modules/export/read-orders"
import { readBreakdowns } from "../../modules/export/breakdown"
import { rowFormatter, type Cell } from "../../modules/export/format"
import { deleteExportFile } from "../../modules/export/links"
import { readReconciliation } from "../../modules/export/reports/reconciliation"
import { writeSalesPdf } from "../../modules/export/reports/sales-pdf"
import { copyCsv } from "../../modules/export/copy-csv"
import { copyXlsx } from "../../modules/export/copy-xlsx"
import { csvSql } from "../../modules/export/sql-format"
import { buildStatisticsReport } from "../statistics/statistics-report"
import { currencyDigits } from "../../utils/money"
import { csvWriter } from "../../modules/export/writers/csv"
import { xlsxWriter } from "../../modules/export/writers/xlsx"
import { pdfText, pdfWriter, PDF_MAX_ROWS, type PdfBlock } from "../../modules/export/writers/pdf"
import { jsonlGzWriter } from "../../modules/export/writers/jsonl"
import { providerName } from "../../modules/export/labels"
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
function writerFor(format: string, out: PassThrough, source: Source, locale: "en" | "zh"): ExportWriter {
  if (format === "csv") return csvWriter(out, source.columns, locale)
  if (format === "xlsx") return xlsxWriter(out, source.columns, locale, source.title)
  if (format === "pdf") return pdfWriter(out, source.columns, { title: source.title, lines: source.lines, locale }, source.blocks)
  throw new Error(`format ${format} is not supported for this export`)
}

const money = (minor: number, currency: string): Cell => ({ t: "money", minor, digits: currencyDigits(currency), currency })
const printed = (minor: number, currency: string) => pdfText(money(minor, currency), "", "")

/** What an export writes: its file's name stem, sheet title, columns, how many rows, and the rows page by page. */
type Source = {
  name: string
  title: string
  columns: Column[]
  total: number
  pages: AsyncIterable<{ cells: Cell[][]; extras?: Array<Record<string, unknown>> }>
  /** a PDF's lines under the title and its summary tables (other formats ignore them) */
  lines: string[]
  blocks: PdfBlock[]
  /** a source that writes the file itself (the sales report; the CSV fast path), reporting progress through `progress` (false: stop) */
  render?: (out: PassThrough, progress: (rowsDone: number) => Promise<boolean>) => Promise<{ stopped?: boolean } | void>
}

/** The rows of an export by its report: orders (the chosen fields), the backup archive, or the financial reconciliation. */
async function sourceOf(container: MedusaContainer, exp: any, tz: string, pageSize: number | undefined, pdfMaxRows: number): Promise<Source> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const locale = exp.locale as "en" | "zh"
  const zh = locale === "zh"
  const pdf = exp.format === "pdf"
  const now = DateTime.now().setZone(tz).toFormat("yyyy-LL-dd HH:mm")
  const generated = zh ? `生成于 ${now}（${tz}，时间均为该时区）` : `Generated ${now} (${tz}; all times in this time zone)`
  if (exp.report === "sales") {
    const report = await buildStatisticsReport(container, exp.params ?? {})
    return {
      name: "sales-report",
      title: zh ? "销售报表" : "Sales report",
      columns: [],
      total: 1,
      pages: (async function* () {})(),
      lines: [],
      blocks: [],
      render: (out) => writeSalesPdf(out, report, locale, generated),
    }
  }
  if (exp.report === "reconciliation") {
    const p = exp.params ?? {}
    const lines = await readReconciliation(knex, tz, p.from, p.to, p.currency_code ?? null)
    const columns: Column[] = RECONCILIATION_COLUMNS.map((c) => ({ key: c.key, header: c.label[locale], type: c.type }))
    const cells = lines.map((l): Cell[] => {
      const digits = currencyDigits(l.currency_code)
      const money = (minor: number): Cell => ({ t: "money", minor, digits, currency: l.currency_code })
      return [{ t: "text", v: l.day }, { t: "text", v: l.currency_code.toUpperCase() }, { t: "text", v: providerName(l.provider_id, locale) || (zh ? "（无）" : "(none)") }, { t: "int", v: l.orders }, money(l.paid_minor), money(l.refunded_minor), money(l.fee_minor), money(l.net_minor)]
    })
    const totals = new Map<string, { orders: number; paid: number; refunded: number; fee: number; net: number }>()
    for (const l of lines) {
      const t = totals.get(l.currency_code) ?? totals.set(l.currency_code, { orders: 0, paid: 0, refunded: 0, fee: 0, net: 0 }).get(l.currency_code)!
      t.orders += l.orders
      t.paid += l.paid_minor
      t.refunded += l.refunded_minor
      t.fee += l.fee_minor
      t.net += l.net_minor
    }
    const blocks: PdfBlock[] = totals.size
      ? [{
          title: zh ? "合计（按币种）" : "Totals per currency",
          columns: zh ? ["币种", "支付订单数", "收款", "退款", "手续费", "净额"] : ["Currency", "Orders paid", "Paid", "Refunded", "Fees", "Net"],
          types: ["text", "int", "money", "money", "money", "money"],
          rows: [...totals.entries()].map(([c, t]) => [c.toUpperCase(), String(t.orders), printed(t.paid, c), printed(t.refunded, c), printed(t.fee, c), printed(t.net, c)]),
        }]
      : []
    const period = zh ? `期间 ${p.from} 至 ${p.to}${p.currency_code ? `，仅 ${String(p.currency_code).toUpperCase()}` : ""}` : `Period ${p.from} to ${p.to}${p.currency_code ? `, ${String(p.currency_code).toUpperCase()} only` : ""}`
    return {
      name: "reconciliation",
      title: zh ? "财务对账" : "Financial reconciliation",
      columns,
      total: cells.length,
      pages: (async function* () { if (cells.length) yield { cells } })(),
      lines: [period, generated, zh ? "收款与退款按 Medusa 记账日期；手续费按支付确认日的订单。" : "Paid and refunded by the day Medusa recorded them; fees by the day the orders' payment was confirmed."],
      blocks,
    }
  }
  // the backup archive: every order-level field, and each order's items nested
  const backup = exp.report === "backup"
  const fields = backup ? EXPORT_FIELDS.filter((f) => !f.itemOnly && f.source !== "items") : ((exp.fields as string[]).map((k) => FIELD_BY_KEY.get(k)).filter(Boolean) as ExportField[])
  const filters = exp.scope === "filtered" ? lifecycleFiltersFromQuery(ListOrdersFilters.parse(exp.filters ?? {}), tz) : null
  const selection: ExportSelection = { filters, order_ids: exp.scope === "selected" ? (exp.order_ids as string[]) : null, fields, row_mode: exp.row_mode, time_zone: tz }
  const format = rowFormatter(fields, exp.masked, backup ? null : locale)
  const breakdown = fields.some((f) => f.source === "breakdown")
  const total = await countSelection(knex, selection)
  if (pdf && total > pdfMaxRows) {
    throw new Error(`a PDF holds at most ${pdfMaxRows.toLocaleString("en")} rows and this export has ${total.toLocaleString("en")}: choose CSV or Excel, or narrow the filters`)
  }
  const blocks: PdfBlock[] = []
  if (pdf) {
    const s = await summarizeSelection(knex, selection)
    blocks.push(
      {
        title: zh ? "合计（按币种）" : "Totals per currency",
        columns: zh ? ["币种", "订单数", "订单总额", "已付"] : ["Currency", "Orders", "Total", "Paid"],
        types: ["text", "int", "money", "money"],
        rows: s.currencies.map((c) => [c.currency_code.toUpperCase(), String(c.orders), printed(c.total_minor, c.currency_code), printed(c.paid_minor, c.currency_code)]),
      },
      {
        title: zh ? "按支付方式" : "Per payment channel",
        columns: zh ? ["支付方式", "币种", "订单数", "已付"] : ["Payment channel", "Currency", "Orders", "Paid"],
        types: ["text", "text", "int", "money"],
        rows: s.channels.map((c) => [providerName(c.provider_id, locale) || (zh ? "（无）" : "(none)"), c.currency_code.toUpperCase(), String(c.orders), printed(c.paid_minor, c.currency_code)]),
      }
    )
  }
  const scopeLine =
    exp.scope === "selected"
      ? zh ? `已选订单：${(exp.order_ids ?? []).length} 个` : `Selected orders: ${(exp.order_ids ?? []).length}`
      : exp.scope === "filtered"
        ? `${zh ? "筛选条件" : "Filters"}: ${Object.entries(exp.filters ?? {}).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ") || "—"}`
        : zh ? "全部订单" : "All orders"
  // CSV or XLSX of fields that all have an SQL form: PostgreSQL's COPY reads and formats the rows (copy-csv.ts,
  // copy-xlsx.ts); otherwise (the amount breakdown, PDF, the backup) the rows pass through JavaScript
  const fast = (exp.format === "csv" || exp.format === "xlsx") && !backup && fields.every((f) => csvSql(f, selection.row_mode, exp.masked, locale) !== null)
  const progressEvery = pageSize ? Math.max(pageSize, 1) : undefined
  return {
    ...(fast && {
      render: async (out: PassThrough, progress: (n: number) => Promise<boolean>) => {
        if (exp.format === "xlsx") {
          const columns = fields.map((f) => ({ key: f.key, header: f.label[locale] ?? f.label.en, type: f.type }))
          return { stopped: (await copyXlsx(knex, selection, { masked: exp.masked, locale, columns, sheetName: zh ? "订单导出" : "Orders", progressEvery }, out, progress)).stopped }
        }
        const r = await copyCsv(knex, selection, { masked: exp.masked, locale, headers: fields.map((f) => f.label[locale] ?? f.label.en), progressEvery }, out, progress)
        if (!r.stopped) await new Promise<void>((resolve, reject) => {
          out.once("finish", resolve)
          out.once("error", reject)
          out.end()
        })
        return { stopped: r.stopped }
      },
    }),
    name: backup ? "orders-backup" : "orders",
    title: zh ? "订单导出" : "Orders",
    lines: [
      scopeLine,
      generated,
      exp.masked ? (zh ? "个人信息已脱敏" : "Personal data masked") : (zh ? `未脱敏，理由：${exp.reason}` : `Unmasked; reason: ${exp.reason}`),
      zh ? `共 ${total} 行` : `${total} rows`,
    ],
    blocks,
    columns: fields.map((f) => ({ key: f.key, header: f.label[locale] ?? f.label.en, type: f.type })),
    total,
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
export async function writeExport(container: MedusaContainer, exportId: string, opts: { pageSize?: number; pdfMaxRows?: number } = {}): Promise<WriteResult> {
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
    await deleteExportFile(file as any, container.resolve(ContainerRegistrationKeys.LOGGER), exportId, fileKey)
  }
  try {
    const source = await sourceOf(container, exp, tz, opts.pageSize, opts.pdfMaxRows ?? PDF_MAX_ROWS)
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
    if (source.render) {
      const r = await source.render(counter, async (n) => {
        rowsDone = n
        return service.reportProgress(exp.id, n)
      })
      if (r?.stopped) {
        counter.destroy()
        await dropFile()
        return { status: "canceled", rows_done: rowsDone }
      }
      // a whole-document report reports no pages: its rows are its total
      if (!rowsDone) rowsDone = source.total
    }
    writer = source.render ? null : exp.format === "jsonl_gz" ? jsonlGzWriter(counter, source.columns) : writerFor(exp.format, counter, source, exp.locale)
    for await (const page of writer ? source.pages : []) {
      await writer!.addRows(page.cells, page.extras)
      rowsDone += page.cells.length
      if (!(await service.reportProgress(exp.id, rowsDone))) {
        writer!.abort()
        await dropFile()
        return { status: "canceled", rows_done: rowsDone }
      }
    }
    await writer?.end()
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
