import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { parse } from "csv-parse/sync"
import { RISK_MODULE } from "../../../../../../modules/risk"
import type RiskModuleService from "../../../../../../modules/risk/service"
import { adminActor } from "../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../utils/errors"
import { type BlacklistImportBodyType, unknownCustomers } from "../../validators"

const MAX_ROWS = 10_000

/**
 * POST /admin/order-management/risk/blacklist/import { csv, on_duplicate?: "skip" | "update" } — add entries from a
 * CSV with a header row `type,value,reason,expires_at` (UTF-8, a BOM allowed; expires_at optional, ISO 8601): every
 * good row is added, every bad one reported with its line and why. `{ created, updated, skipped, errors: [{ line,
 * message }] }`. 400 when the file is not CSV, lacks a column or has over 10,000 rows.
 */
export async function POST(req: AuthenticatedMedusaRequest<BlacklistImportBodyType>, res: MedusaResponse) {
  try {
    let rows: Record<string, string>[]
    try {
      rows = parse(req.validatedBody.csv, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, relax_column_count: true })
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `csv could not be read: ${(e as Error).message}`)
    }
    if (rows.length > MAX_ROWS) throw new MedusaError(MedusaError.Types.INVALID_DATA, `csv has ${rows.length} rows; the limit is ${MAX_ROWS}`)
    const missing = ["type", "value", "reason"].filter((c) => rows.length && !(c in rows[0]))
    if (missing.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `csv lacks the column(s) ${missing.join(", ")} (header: type,value,reason,expires_at)`)
    const actor = await adminActor(req)
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const onDuplicate = req.validatedBody.on_duplicate === "update" ? "update" : "report"
    // customer ids the store does not know are reported, not listed
    const unknown = await unknownCustomers(req.scope, rows.filter((r) => r.type === "customer").map((r) => String(r.value ?? "").trim()))
    const good = rows.map((r, i) => ({ r, line: i + 2 })).filter(({ r }) => !(r.type === "customer" && unknown.has(String(r.value ?? "").trim())))
    const notFound = rows.map((r, i) => ({ r, line: i + 2 })).filter(({ r }) => r.type === "customer" && unknown.has(String(r.value ?? "").trim())).map(({ r, line }) => ({ line, message: `no customer ${String(r.value).trim()} in this store` }))
    const results = await risk.addBlacklistEntries(good.map(({ r }) => ({ type: r.type as any, value: r.value, reason: r.reason, expires_at: r.expires_at || null })), { type: "user", id: actor.id ?? null, source: "import" }, onDuplicate)
    res.json({
      created: results.filter((r) => r.entry && !r.duplicate).length,
      updated: onDuplicate === "update" ? results.filter((r) => r.duplicate).length : 0,
      skipped: onDuplicate === "report" ? results.filter((r) => r.duplicate).length : 0,
      // line numbers as in the file (the header is line 1)
      errors: [...results.filter((r) => r.error).map((r) => ({ line: good[r.row - 1].line, message: r.error! })), ...notFound].sort((a, b) => a.line - b.line),
    })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
