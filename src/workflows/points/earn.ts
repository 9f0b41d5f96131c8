import { createStep, createWorkflow, StepResponse, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { POINTS_MODULE } from "../../modules/points"
import type PointsModuleService from "../../modules/points/service"
import type { PostPointsInput } from "../../modules/points/service"
import { pointsEarned } from "../../modules/points/options"
import { orderPointsFacts } from "./order-facts"
import { postPointsEntryStep } from "./steps"

/**
 * The earn posting for a completed order, or null when it earns nothing (no account, a currency without a rate, a
 * total that rounds to 0 points). The base is the order's total net of what was refunded before completion:
 * floor(base in major units × earnPerMajorUnit[currency]). The base and the refunds it already counts go in the
 * entry's metadata, so later refunds reverse in proportion to the same base.
 */
export const planEarnStep = createStep("order-management-plan-points-earn", async (input: { order_id: string }, { container }) => {
  const facts = await orderPointsFacts(container, input.order_id)
  if (!facts || !facts.customer_id || !facts.has_account) return new StepResponse(null)
  const refundedBefore = facts.refunds.reduce((s, r) => s + r.amount_minor, 0)
  const base = Math.max(0, facts.total_minor - refundedBefore)
  const points = pointsEarned(base, facts.currency_code, (container.resolve(POINTS_MODULE) as PointsModuleService).getPointsOptions())
  if (points <= 0) return new StepResponse(null)
  const posting: PostPointsInput = {
    customer_id: facts.customer_id,
    direction: "credit",
    points,
    source_type: "earn",
    source_id: facts.order_id,
    reason: `earned on order ${facts.order_id}`,
    actor: { type: "system" },
    order_id: facts.order_id,
    metadata: { currency_code: facts.currency_code, base_minor: base, total_minor: facts.total_minor, refunds_counted: facts.refunds.map((r) => r.id) },
  }
  return new StepResponse(posting)
})

/**
 * Credit the points a completed order earns (once per order: the source is the order id, so a second run is a
 * duplicate). Input `{ order_id }`; answers the posting result or undefined when nothing is earned.
 */
export const earnPointsForOrderWorkflow = createWorkflow("order-management-earn-points", (input: { order_id: string }) => {
  const posting = planEarnStep(input)
  const posted = when("order-management-points-earned", { posting }, ({ posting }) => !!posting).then(() => postPointsEntryStep(posting as unknown as PostPointsInput))
  return new WorkflowResponse(posted as any)
})
