import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { createHash } from "node:crypto"
import { RECONCILIATION_MODULE } from "../../../../../modules/reconciliation"
import type ReconciliationModuleService from "../../../../../modules/reconciliation/service"
import { importBill, importBankStatement } from "../../../../../workflows/reconciliation/imports"
import { adminActor } from "../../../../utils/actor"
import { sendLifecycleError } from "../../../../utils/errors"

/**
 * POST /admin/order-management/reconciliation/imports — multipart/form-data with `file` and either `provider_id`
 * (a platform's bill downloaded by hand: Alipay's csv.zip or its 业务明细 CSV, WeChat Pay's trade bill (.csv or
 * .gz), NOWPayments' or BTCPay's CSV export; `date` YYYY-MM-DD, the bill's day in the platform's time zone) or
 * `bank_profile` (a saved bank-statement column mapping's id; CSV or XLSX). Reconciles it at once and answers 201
 * `{ run }`. The same day (or, for a statement, the same file) again replaces the result and keeps the decisions.
 * 400: no file, both or neither of provider_id / bank_profile, a file of another platform or format, a row that
 * cannot be read (the message names the line and column), an unknown profile.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const file = (req as any).file as { buffer: Buffer; originalname: string; size: number } | undefined
    const body = (req.body ?? {}) as Record<string, string | undefined>
    if (!file?.buffer?.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, "file: attach the bill or statement as the multipart field `file`")
    const providerId = body.provider_id?.trim() || null
    const profileId = body.bank_profile?.trim() || null
    if (!!providerId === !!profileId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "give either provider_id (a platform's bill) or bank_profile (a bank statement), not both")
    const actor = await adminActor(req)
    const sha256 = createHash("sha256").update(file.buffer).digest("hex")
    const name = String(file.originalname ?? "upload").slice(-200)
    const run = providerId
      ? await importBill(req.scope, { provider_id: providerId, date: body.date?.trim() ?? "", file: file.buffer, file_name: name, file_sha256: sha256, actor: { type: "user", id: actor.id ?? null } })
      : await importBankStatement(req.scope, { bank_profile_id: profileId!, file: file.buffer, file_name: name, file_sha256: sha256, actor: { type: "user", id: actor.id ?? null } })
    const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
    res.status(201).json({ run: await recon.retrieveRun(run.id) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
