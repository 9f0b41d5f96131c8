import { randomUUID } from "node:crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../../../../../../modules/order-management"
import type OrderManagementModuleService from "../../../../../../../modules/order-management/service"
import { adjustBalanceWorkflow } from "../../../../../../../workflows/adjust-balance"
import { adminActor } from "../../../../../../utils/actor"
import { storeCurrencies } from "../../../../../../utils/customer-balance"
import { sendLifecycleError } from "../../../../../../utils/errors"
import type { BalanceAdjustmentBodyType } from "../../../../validators"

/**
 * POST /admin/order-management/customers/:customer_id/balance/adjustments
 * { currency_code, amount (signed minor units), reason, idempotency_key? } — credit (amount > 0) or debit
 * (amount < 0) by hand; a debit below zero is refused; the same idempotency_key twice is one adjustment.
 */
export async function POST(req: AuthenticatedMedusaRequest<BalanceAdjustmentBodyType>, res: MedusaResponse) {
  try {
    const b = req.validatedBody
    const actor = await adminActor(req)
    const service: OrderManagementModuleService = req.scope.resolve(ORDER_MANAGEMENT_MODULE)
    service.assertPermitted("adjust_balance", actor, "adjust a customer's balance")
    const [customer] = await req.scope.resolve(Modules.CUSTOMER).listCustomers({ id: req.params.customer_id }, { select: ["id"] })
    if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${req.params.customer_id} was not found`)
    const currency = b.currency_code.toLowerCase()
    const currencies = await storeCurrencies(req.scope)
    if (!currencies.includes(currency)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `currency_code ${currency.toUpperCase()} is not one of the store's currencies (${currencies.map((c) => c.toUpperCase()).join(", ")})`)
    const { result } = await adjustBalanceWorkflow(req.scope).run({
      input: {
        customer_id: customer.id,
        currency_code: currency,
        amount_minor: b.amount,
        reason: b.reason,
        idempotency_key: b.idempotency_key ?? randomUUID(),
        actor: { type: "user", id: actor.id ?? null },
      },
    })
    res.status(result.duplicate ? 200 : 201).json({ entry: result.entry, balance_minor: result.balance_minor, duplicate: result.duplicate })
  } catch (e) {
    sendLifecycleError(res, e)
  }
}
