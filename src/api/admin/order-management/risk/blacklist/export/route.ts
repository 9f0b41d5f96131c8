import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { stringify } from "csv-stringify/sync"
import { neutralizeFormula } from "../../../../../../modules/export/writers/csv"
import { RISK_MODULE } from "../../../../../../modules/risk"
import type RiskModuleService from "../../../../../../modules/risk/service"
import type { BlacklistEntryView } from "../../../../../../modules/risk/service"
import { sendLifecycleError } from "../../../../../utils/errors"

/**
 * GET /admin/order-management/risk/blacklist/export — every live (not expired) entry as CSV (UTF-8 with BOM) in the import's
 * columns `type,value,reason,expires_at` plus `created_at,created_by,source`, so a file exported here imports again.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const all: BlacklistEntryView[] = []
    for (let offset = 0; ; offset += 500) {
      const { entries } = await risk.listBlacklist({ active: true }, { limit: 500, offset })
      all.push(...entries)
      if (entries.length < 500) break
    }
    // text a spreadsheet would run as a formula gets the export's guard (a leading apostrophe)
    const csv = stringify(all.map((e) => [e.type, e.display_value, e.reason, e.expires_at ?? "", e.created_at, e.created_by.id ?? e.created_by.type, e.source].map((v) => neutralizeFormula(String(v)))), {
      header: true,
      columns: ["type", "value", "reason", "expires_at", "created_at", "created_by", "source"],
      bom: true,
    })
    res.setHeader("content-type", "text/csv; charset=utf-8")
    res.setHeader("content-disposition", `attachment; filename="blacklist-${new Date().toISOString().slice(0, 10)}.csv"`)
    res.status(200).send(csv)
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
