import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../modules/points"
import type PointsModuleService from "../../modules/points/service"
import type { PointsEntry } from "../../modules/points/service"
import { pointsReversedFor } from "../../modules/points/options"
import { orderPointsFacts } from "./order-facts"
import { compensatePointsEntry } from "./steps"

/**
 * For each refund of the order made after its points were earned (oldest first), the points that refund takes back:
 * f(refunded up to and including it) − f(refunded before it), with f(x) = floor(earned × x / base). The sum over all
 * refunds is floor(earned × refunded / base), whatever order the refunds are processed in.
 */
export function reversalsFor(earned: number, base: number, refunds: Array<{ id: string; amount_minor: number }>): Array<{ refund_id: string; points: number; refunded_minor: number }> {
  let cumulative = 0
  return refunds.map((r) => {
    const before = pointsReversedFor(earned, cumulative, base)
    cumulative += r.amount_minor
    return { refund_id: r.id, points: pointsReversedFor(earned, cumulative, base) - before, refunded_minor: r.amount_minor }
  })
}

/**
 * Post the `earn_reversal` of every refund of the order not posted yet (source: the Medusa refund id, so each refund
 * reverses once). A reversal takes at most what the balance holds (points spent already cannot be taken back): the
 * entry records `metadata.wanted` and `metadata.shortfall`, and may be 0 points. Compensation posts the opposite.
 */
export const postEarnReversalsStep = createStep(
  "order-management-post-points-earn-reversals",
  async (input: { order_id: string }, { container }) => {
    const ledger: PointsModuleService = container.resolve(POINTS_MODULE)
    const earn = await ledger.findEntryBySource("earn", input.order_id)
    if (!earn) return new StepResponse([] as PointsEntry[], [] as PointsEntry[])
    const facts = await orderPointsFacts(container, input.order_id)
    if (!facts) return new StepResponse([] as PointsEntry[], [] as PointsEntry[])
    const counted = new Set<string>((earn.metadata?.refunds_counted as string[] | undefined) ?? [])
    const base = Number(earn.metadata?.base_minor ?? facts.total_minor)
    const later = facts.refunds.filter((r) => !counted.has(r.id))
    const posted: PointsEntry[] = []
    const written: PointsEntry[] = []
    for (const r of reversalsFor(earn.points, base, later)) {
      if (r.points <= 0) continue
      const res = await ledger.post({
        customer_id: earn.customer_id,
        direction: "debit",
        points: r.points,
        clamp: true,
        source_type: "earn_reversal",
        source_id: r.refund_id,
        reason: `refund ${r.refund_id} on order ${input.order_id}`,
        actor: { type: "system" },
        order_id: input.order_id,
        metadata: { refunded_minor: r.refunded_minor, base_minor: base, currency_code: facts.currency_code },
      })
      posted.push(res.entry)
      if (!res.duplicate && res.entry.points > 0) written.push(res.entry)
    }
    return new StepResponse(posted, written)
  },
  async (written, { container }) => {
    for (const e of written ?? []) await compensatePointsEntry(container, e)
  }
)

/** Reverse an order's earned points for its refunds, in proportion (input `{ order_id }`; answers the entries). */
export const reversePointsForRefundsWorkflow = createWorkflow("order-management-reverse-points-for-refunds", (input: { order_id: string }) => {
  return new WorkflowResponse(postEarnReversalsStep(input))
})
