import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RECONCILIATION_MODULE } from "../../../../../modules/reconciliation"
import type ReconciliationModuleService from "../../../../../modules/reconciliation/service"
import { validateBankProfileMapping } from "../../../../../modules/reconciliation/bills"
import { adminActor } from "../../../../utils/actor"
import { sendLifecycleError } from "../../../../utils/errors"
import type { BankProfileBodyType } from "../validators"

/** GET /admin/order-management/reconciliation/bank-profiles → `{ bank_profiles: [{ id, name, mapping, created_by, created_at }] }`, by name. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
  const rows = await recon.listBankProfiles({}, { order: { name: "ASC" }, take: 200 })
  res.json({ bank_profiles: rows.map((p: any) => ({ id: p.id, name: p.name, mapping: p.mapping, created_by: p.created_by ?? null, created_at: p.created_at })) })
}

/**
 * POST /admin/order-management/reconciliation/bank-profiles { name, mapping: { date, amount | credit (+ debit),
 * currency | default_currency, reference, payer_name?, bank_transaction_id, date_format?, encoding?, delimiter?,
 * skip_lines?, decimal? } } — save a bank's statement column mapping (the header names of its export). 201
 * `{ bank_profile }`; 400 a mapping problem named; 409 the name is taken.
 */
export async function POST(req: AuthenticatedMedusaRequest<BankProfileBodyType>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const problems = validateBankProfileMapping(b.mapping as any)
    if (problems.length) throw new MedusaError(MedusaError.Types.INVALID_DATA, `mapping: ${problems.join("; ")}`)
    const recon: ReconciliationModuleService = req.scope.resolve(RECONCILIATION_MODULE)
    if ((await recon.listBankProfiles({ name: b.name })).length) throw new MedusaError(MedusaError.Types.CONFLICT, `name: a bank profile named "${b.name}" exists already`)
    const actor = await adminActor(req)
    const p: any = await recon.createBankProfiles({ name: b.name, mapping: b.mapping as any, created_by: actor.id ?? null })
    res.status(201).json({ bank_profile: { id: p.id, name: p.name, mapping: p.mapping, created_by: p.created_by ?? null, created_at: p.created_at } })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
