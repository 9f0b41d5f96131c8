import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { customerBalance } from "../../../utils/customer-balance"
import { sendLifecycleError } from "../../../utils/errors"
import type { BalanceLedgerQueryType } from "../../../admin/order-management/validators"

/** GET /store/order-management/balance?currency_code=&limit=&offset= — the logged-in customer's own balances and ledger. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const customerId = req.auth_context?.actor_type === "customer" ? req.auth_context.actor_id : null
    if (!customerId) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Log in to see your balance")
    const { has_account: _h, ...body } = await customerBalance(req.scope, customerId, req.validatedQuery as BalanceLedgerQueryType)
    res.json(body)
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
