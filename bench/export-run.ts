/**
 * The export benchmark's worker (bench/export.mjs runs it with `medusa exec ./bench/export-run.ts <mode> [rows]`):
 * - `csv` | `xlsx`: the plugin's export of every order (scope all, the 12 default fields, personal data masked)
 *   through writeExport — the export workflow's own step code — into the File module;
 * - `pdf <rows>`: a PDF of the newest `rows` orders (scope selected, the same fields);
 * - `medusa`: Medusa 2.21's own order export step (`exportOrdersStep` of @medusajs/core-flows: query.graph pages of
 *   50, json-2-csv, the same File module) over every order, run as a one-step workflow so it can be timed;
 * - `statement`: prints the SQL the export reads (the same columns through the same joins, unpaged) for the COPY
 *   baseline.
 * Prints `BENCH_EXPORT_RESULT {json}`: ms, rows, bytes, RSS before and at peak (sampled every 20 ms) in MB, and the
 * process's max RSS. The file written is deleted afterwards.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { exportOrdersStep } from "@medusajs/medusa/core-flows"
import { ORDER_EXPORT_MODULE } from "../src/modules/export"
import { DEFAULT_FIELDS, FIELD_BY_KEY, type ExportField } from "../src/modules/export/fields"
import { JOINS_FOR, selectionStatement } from "../src/modules/export/read-orders"
import { csvStatement } from "../src/modules/export/sql-format"
import { writeExport } from "../src/workflows/export/write-export"

const MB = 1024 * 1024

export default async function exportRun({ container, args }: ExecArgs) {
  const [mode, rowsArg] = args
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const file = container.resolve(Modules.FILE)
  const service: any = container.resolve(ORDER_EXPORT_MODULE)
  const tz = (container.resolve("order_management") as any).getOptions().timeZone
  if (mode === "statement") {
    const fields = DEFAULT_FIELDS.map((k) => FIELD_BY_KEY.get(k)!) as ExportField[]
    const { sql, bindings } = selectionStatement(knex, { fields, row_mode: "order", time_zone: tz }, null, null)
    // the CSV path's own statement unpaged (masked and formatted in SQL, as copyCsv writes it): how much of the gap to
    // the baseline is PostgreSQL's work on the masks rather than the export's
    const sel = { fields, row_mode: "order" as const, time_zone: tz }
    const masked = csvStatement(fields, "order", true, "en", `(select * from order_lifecycle where deleted_at is null) l ${JOINS_FOR(sel).join("\n")}`, "l.placed_at desc, l.id desc", tz)
    console.log(`BENCH_EXPORT_STATEMENT ${JSON.stringify({ sql: knex.raw(sql, bindings as any).toString(), masked_sql: masked })}`)
    return
  }
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const t0 = performance.now()
  let result: { rows: number; bytes: number; file_id: string | null }
  if (mode === "medusa") {
    const wf = createWorkflow(`bench-medusa-export-${Date.now()}`, (input: any) => new WorkflowResponse(exportOrdersStep(input)))
    const select = ["id", "display_id", "status", "created_at", "region_id", "currency_code", "email", "subtotal", "shipping_total", "discount_total", "gift_card_total", "tax_total", "total"]
    const { result: out } = await wf(container).run({ input: { select, filter: {} } })
    const buf: Buffer = await file.getAsBuffer((out as any).id)
    let lines = 0
    for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++
    result = { rows: lines, bytes: buf.length, file_id: (out as any).id } // lines: the header and every order but the last end in \n
  } else {
    const format = mode === "pdf" ? "pdf" : mode
    const ids = mode === "pdf" ? (await knex("order_lifecycle").whereNull("deleted_at").orderBy("placed_at", "desc").limit(Number(rowsArg ?? 10000)).pluck("order_id")) : null
    const exp = await service.createOrderExports({ report: "orders", format, scope: ids ? "selected" : "all", order_ids: ids, fields: DEFAULT_FIELDS, row_mode: "order", locale: "en", masked: true })
    const r = await writeExport(container, exp.id)
    if (r.status !== "done") throw new Error(`the export ended ${r.status}: ${r.error}`)
    const row = await service.retrieveOrderExport(exp.id)
    result = { rows: r.rows_done, bytes: r.size_bytes ?? 0, file_id: row.file_id }
  }
  const ms = performance.now() - t0
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  if (result.file_id) await file.deleteFiles(result.file_id).catch(() => undefined)
  console.log(
    `BENCH_EXPORT_RESULT ${JSON.stringify({ mode, ms: Math.round(ms), rows: result.rows, bytes: result.bytes, rss_before_mb: Math.round(before / MB), rss_peak_mb: Math.round(peak / MB), max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}`
  )
}
