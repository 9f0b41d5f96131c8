import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import ExcelJS from "exceljs"
import { RECONCILIATION_MODULE } from "../../../../../../../modules/reconciliation"
import type ReconciliationModuleService from "../../../../../../../modules/reconciliation/service"
import { fromMinorUnits } from "../../../../../../../utils/money"
import { sendLifecycleError } from "../../../../../../utils/errors"

/**
 * GET /admin/order-management/reconciliation/runs/:id/export — the run as an XLSX workbook for finance (exceljs): a
 * "Summary" sheet (source, day, status, rows, matched, totals in major units of the currency, differences by type)
 * and a "Differences" sheet (one row per difference: type, state, order, trade numbers, platform and store amounts,
 * delta, fee, detail, note, who decided). Amounts are numbers in major units with the currency's decimals. 404 unknown.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
    const run = await recon.retrieveRun(req.params.id)
    const cur = run.currency_code ?? "CNY"
    const major = (m: number | null | undefined) => (m === null || m === undefined ? null : Number(fromMinorUnits(m, cur)))
    const wb = new ExcelJS.Workbook()
    wb.creator = "medusa-order-management"
    const s = wb.addWorksheet("Summary")
    s.columns = [{ header: "Field", key: "k", width: 32 }, { header: "Value", key: "v", width: 40 }]
    const summary: Array<[string, unknown]> = [
      ["Provider", run.provider_id],
      ["Source", run.source],
      ["Day", run.date],
      ["Status", run.status],
      ["Currency", cur],
      ["Rows", run.rows],
      ["Matched", run.matched],
      ["Platform total", major(run.platform_total_minor)],
      ["Store total", major(run.store_total_minor)],
      ["Platform fees", major(run.fee_total_minor)],
      ["Configured fees", major(run.expected_fee_total_minor)],
      ...Object.entries(run.differences_by_type).map(([t, n]) => [`Differences: ${t}`, n] as [string, unknown]),
      ["File", run.file_name],
      ["Finished at", run.finished_at],
    ]
    for (const [k, v] of summary) s.addRow({ k, v })
    const d = wb.addWorksheet("Differences")
    d.columns = [
      { header: "Type", key: "type", width: 20 },
      { header: "State", key: "state", width: 16 },
      { header: "Bill line", key: "line", width: 10 },
      { header: "Order", key: "order", width: 14 },
      { header: "Out trade no", key: "otn", width: 28 },
      { header: "Platform trade no", key: "ptn", width: 32 },
      { header: "Currency", key: "cur", width: 10 },
      { header: "Platform amount", key: "pa", width: 16, style: { numFmt: "#,##0.00" } },
      { header: "Store amount", key: "sa", width: 16, style: { numFmt: "#,##0.00" } },
      { header: "Difference", key: "delta", width: 14, style: { numFmt: "#,##0.00" } },
      { header: "Platform fee", key: "fee", width: 14, style: { numFmt: "#,##0.00" } },
      { header: "Detail", key: "detail", width: 60 },
      { header: "Note", key: "note", width: 40 },
      { header: "Decided by", key: "by", width: 24 },
    ]
    d.getRow(1).font = { bold: true }
    for (let offset = 0; ; offset += 500) {
      const [rows] = await recon.listDifferences(run.id, {}, { limit: 500, offset })
      for (const x of rows) {
        d.addRow({
          type: x.type,
          state: x.state,
          line: x.platform?.line ?? null,
          order: x.store?.display_id ?? x.order_id,
          otn: x.out_trade_no,
          ptn: x.platform_trade_no,
          cur: x.currency_code,
          pa: major(x.platform?.amount_minor),
          sa: major(x.store?.captured_minor ?? x.store?.expected_minor ?? null),
          delta: major(x.delta_minor),
          fee: major(x.platform?.fee_minor),
          detail: x.detail,
          note: x.note,
          by: x.resolved_by,
        })
      }
      if (rows.length < 500) break
    }
    res.setHeader("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    res.setHeader("content-disposition", `attachment; filename="reconciliation-${run.provider_id}-${run.date}.xlsx"`)
    res.send(Buffer.from(await wb.xlsx.writeBuffer()))
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
