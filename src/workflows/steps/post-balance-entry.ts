import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { BALANCE_MODULE } from "../../modules/balance"
import type BalanceModuleService from "../../modules/balance/service"
import type { PostEntryInput, PostResult } from "../../modules/balance/service"

/**
 * Post one ledger entry (idempotent on its source). The ledger is append-only,
 * so compensation posts the opposite entry — a correction the ledger shows —
 * and only for an entry this step wrote.
 */
export const postBalanceEntryStep = createStep(
  "order-management-post-balance-entry",
  async (input: PostEntryInput, { container }) => {
    const ledger: BalanceModuleService = container.resolve(BALANCE_MODULE)
    const result = await ledger.post(input)
    return new StepResponse<PostResult, PostResult | null>(result, result.duplicate ? null : result)
  },
  async (posted, { container }) => {
    if (!posted) return
    const ledger: BalanceModuleService = container.resolve(BALANCE_MODULE)
    const e = posted.entry
    await ledger.post({
      customer_id: e.customer_id,
      currency_code: e.currency_code,
      direction: e.direction === "credit" ? "debit" : "credit",
      amount_minor: e.amount_minor,
      source_type: "adjustment",
      source_id: `reversal:${e.id}`,
      reason: `correction: ${e.source_type} ${e.source_id} was rolled back`,
      actor: { type: "system", id: "workflow-compensation" },
      order_id: e.order_id,
    })
  }
)
