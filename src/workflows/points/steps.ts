import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../modules/points"
import type PointsModuleService from "../../modules/points/service"
import type { PostPointsInput, PostPointsResult } from "../../modules/points/service"

/**
 * Post one points entry (idempotent on its source). The ledger is append-only, so compensation posts the opposite
 * entry (an `adjustment` with source `reversal:<entry id>`, clamped for a credit already spent) — and only for an
 * entry this step wrote.
 */
export const postPointsEntryStep = createStep(
  "order-management-post-points-entry",
  async (input: PostPointsInput, { container }) => {
    const ledger: PointsModuleService = container.resolve(POINTS_MODULE)
    const result = await ledger.post(input)
    return new StepResponse<PostPointsResult, PostPointsResult | null>(result, result.duplicate || result.entry.points === 0 ? null : result)
  },
  async (posted, { container }) => {
    if (!posted) return
    await compensatePointsEntry(container, posted.entry)
  }
)

/** Post the opposite of an entry (a rollback the ledger shows). */
export async function compensatePointsEntry(container: { resolve: (k: string) => unknown }, e: PostPointsResult["entry"]) {
  const ledger = container.resolve(POINTS_MODULE) as PointsModuleService
  await ledger.post({
    customer_id: e.customer_id,
    direction: e.direction === "credit" ? "debit" : "credit",
    points: e.points,
    source_type: "adjustment",
    source_id: `reversal:${e.id}`,
    reason: `correction: ${e.source_type} ${e.source_id} was rolled back`,
    actor: { type: "system", id: "workflow-compensation" },
    order_id: e.order_id,
  })
}
