import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { RISK_MODULE } from "../../../../../modules/risk"
import type RiskModuleService from "../../../../../modules/risk/service"
import { adminActor } from "../../../../utils/actor"
import { sendLifecycleError } from "../../../../utils/errors"
import { type BlacklistEntryBodyType, ListBlacklistQuery, unknownCustomers } from "../validators"

/**
 * GET /admin/order-management/risk/blacklist?type=&q=&active=true|false&limit=50&offset=0 — the blacklist, newest
 * first: `{ entries: [{ id, type, value (normalised), display_value, reason, created_by: { type, id, email },
 * expires_at, source, active,
 * created_at }], count, limit, offset }`. 400 for a bad filter.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const parsed = ListBlacklistQuery.safeParse(req.query)
    if (!parsed.success) throw new MedusaError(MedusaError.Types.INVALID_DATA, parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "))
    const q = parsed.data
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const { entries, count } = await risk.listBlacklist({ type: q.type, q: q.q, active: q.active === undefined ? undefined : q.active === "true" }, { limit: q.limit, offset: q.offset })
    // who added each entry, by name: the admin's email (created_by.email) next to their id
    const ids = [...new Set(entries.map((e: any) => e.created_by?.type === "user" && e.created_by.id).filter(Boolean))] as string[]
    const emails = new Map<string, string>()
    if (ids.length) for (const u of await req.scope.resolve(Modules.USER).listUsers({ id: ids }, { select: ["id", "email"] })) emails.set(u.id, u.email)
    res.json({ entries: entries.map((e: any) => ({ ...e, created_by: e.created_by ? { ...e.created_by, email: e.created_by.id ? emails.get(e.created_by.id) ?? null : null } : null })), count, limit: q.limit, offset: q.offset })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}

/**
 * POST /admin/order-management/risk/blacklist { type: customer | email | email_domain | phone | ip | device | address,
 * value, reason, expires_at? } — add one entry: 201 `{ entry }`. 400 when the value is not one of its type (an IP or
 * CIDR range, an email, …); 409 when it is on the list already.
 */
export async function POST(req: AuthenticatedMedusaRequest<BlacklistEntryBodyType>, res: MedusaResponse) {
  try {
    const actor = await adminActor(req)
    const risk: RiskModuleService = req.scope.resolve(RISK_MODULE)
    const b = req.validatedBody
    if (b.type === "customer" && (await unknownCustomers(req.scope, [b.value.trim()])).size) throw new MedusaError(MedusaError.Types.INVALID_DATA, `no customer ${b.value.trim()} in this store`)
    const [r] = await risk.addBlacklistEntries([b], { type: "user", id: actor.id ?? null })
    if (r.error) throw new MedusaError(MedusaError.Types.INVALID_DATA, r.error)
    if (r.duplicate) throw new MedusaError(MedusaError.Types.CONFLICT, `${r.entry!.value} is on the blacklist already (${r.entry!.id})`)
    res.status(201).json({ entry: r.entry })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
