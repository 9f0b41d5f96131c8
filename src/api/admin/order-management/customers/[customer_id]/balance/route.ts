import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerBalance, storeCurrencies } from "../../../../../utils/customer-balance"
import { sendLifecycleError } from "../../../../../utils/errors"
import type { BalanceLedgerQueryType } from "../../../validators"

/**
 * GET /admin/order-management/customers/:customer_id/balance?currency_code=&limit=&offset=
 * — balances per currency, the ledger newest first (with the order and the admin behind each entry), and the
 * store's currencies an adjustment may use.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  try {
    const q = req.validatedQuery as BalanceLedgerQueryType
    const body = await customerBalance(req.scope, req.params.customer_id, q, { withActors: true })
    res.json({ ...body, currencies: await storeCurrencies(req.scope) })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
