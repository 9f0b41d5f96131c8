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
 * The line of the file a record starts on (1 = the header): csv-parse's `info.lines` is the line a record ends on,
 * so a quoted value spanning lines is counted back.
 */
function firstLineOf(p: { raw: string; info: { lines: number } }): number {
  const inner = p.raw.replace(/^[\r\n]+|[\r\n]+$/g, "").match(/\r\n|\r|\n/g)?.length ?? 0
  return p.info.lines - inner
}

/**
 * POST /admin/order-management/risk/blacklist/import { csv, on_duplicate?: "skip" | "update" } — add entries from a
 * CSV with a header row `type,value,reason,expires_at` (UTF-8, a BOM allowed; expires_at optional, ISO 8601): every
 * good row is added, every bad one reported with the line it starts on and why; blank rows (also rows of empty cells)
 * are skipped. `{ created, updated, skipped, errors: [{ line,
 * message }] }`. 400 when the file is
 * empty or not CSV, its first line is not the header (a header-less file), it lacks a column or has over 10,000 rows.
 */
export async function POST(req: AuthenticatedMedusaRequest<BlacklistImportBodyType>, res: MedusaResponse) {
  try {
    let header: string[] | null = null
    let parsed: Array<{ record: Record<string, string>; raw: string; info: { lines: number } }>
    try {
      parsed = parse(req.validatedBody.csv, {
        columns: (h: string[]) => (header = h.map((x) => String(x ?? "").trim().toLowerCase())),
        bom: true,
        skip_empty_lines: true,
        // a row of empty cells (",,," as spreadsheets write them) is a blank row, not an error
        skip_records_with_empty_values: true,
        trim: true,
        relax_column_count: true,
        info: true,
        raw: true,
      }) as any
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `csv could not be read: ${(e as Error).message}`)
    }
    if (!header) throw new MedusaError(MedusaError.Types.INVALID_DATA, "csv is empty (expected a header row: type,value,reason,expires_at)")
    if (parsed.length > MAX_ROWS) throw new MedusaError(MedusaError.Types.INVALID_DATA, `csv has ${parsed.length} rows; the limit is ${MAX_ROWS}`)
    const missing = ["type", "value", "reason"].filter((c) => !header!.includes(c))
    if (missing.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `csv lacks the column(s) ${missing.join(", ")} (the first line must be the header type,value,reason,expires_at)`)
    const rows: Array<Record<string, string>> = parsed.map((p) => ({ ...p.record, __line: String(firstLineOf(p)) }))
    const actor = await adminActor(req)
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const onDuplicate = req.validatedBody.on_duplicate === "update" ? "update" : "report"
    // customer ids the store does not know are reported, not listed
    const unknown = await unknownCustomers(req.scope, rows.filter((r) => r.type === "customer").map((r) => String(r.value ?? "").trim()))
    const good = rows.map((r) => ({ r, line: Number(r.__line) })).filter(({ r }) => !(r.type === "customer" && unknown.has(String(r.value ?? "").trim())))
    const notFound = rows.map((r) => ({ r, line: Number(r.__line) })).filter(({ r }) => r.type === "customer" && unknown.has(String(r.value ?? "").trim())).map(({ r, line }) => ({ line, message: `no customer ${String(r.value).trim()} in this store` }))
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
