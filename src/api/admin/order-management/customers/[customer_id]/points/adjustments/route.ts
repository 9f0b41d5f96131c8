import { randomUUID } from "node:crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../../modules/order-management/service"
import { adjustPointsWorkflow } from "../../../../../../../workflows/points/adjust"
import { adminActor } from "../../../../../../utils/actor"
import { sendLifecycleError } from "../../../../../../utils/errors"
import type { PointsAdjustmentBodyType } from "../../../../../../store/order-management/points/helpers"

/**
 * POST /admin/order-management/customers/:customer_id/points/adjustments { points (signed whole points), reason,
 * idempotency_key? } — credit (points > 0) or debit (points < 0) by hand, the admin recorded as the actor.
 * 201 `{ entry, balance, duplicate: false }`; the same idempotency_key again 200 with `duplicate: true`; a debit
 * below zero 400 "Insufficient points: 30 available, 50 needed"; 404 for an unknown customer; 403 when the plugin's
 * `permissions.adjust_points` lists admins and this one is not among them.
 */
export async function POST(req: AuthenticatedMedusaRequest<PointsAdjustmentBodyType>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const actor = await adminActor(req)
    // the same permission model as balance adjustments: `permissions.adjust_points` (admin ids or emails), when set
    ;(req.scope.resolve(ORDER_MANAGEMENT_MODULE) as OrderManagementModuleService).assertPermitted("adjust_points", actor, "adjust a customer's points")
    const [customer] = await req.scope.resolve(Modules.CUSTOMER).listCustomers({ id: req.params.customer_id }, { select: ["id"] })
    if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${req.params.customer_id} was not found`)
    const { result } = await adjustPointsWorkflow(req.scope).run({
      input: { customer_id: customer.id, points: b.points, reason: b.reason, idempotency_key: b.idempotency_key ?? randomUUID(), actor: { type: "user", id: actor.id ?? null } },
    })
    const { account_id: _a, ...entry } = result.entry
    res.status(result.duplicate ? 200 : 201).json({ entry, balance: result.balance, duplicate: result.duplicate })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
