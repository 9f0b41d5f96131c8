import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { POINTS_ADJUSTED_EVENT } from "../../modules/points/events"
import { postPointsEntryStep } from "./steps"

export type AdjustPointsInput = {
  customer_id: string
  /** signed whole points: positive credits, negative debits */
  points: number
  reason: string
  /** the same key twice is one adjustment */
  idempotency_key: string
  actor: { type: "user"; id: string | null }
}

/** An admin's credit or debit of points with a reason; a debit below zero is refused by the ledger (400). */
export const adjustPointsWorkflow = createWorkflow("order-management-adjust-points", (input: AdjustPointsInput) => {
  const entryInput = transform({ input }, ({ input }) => ({
    customer_id: input.customer_id,
    direction: input.points > 0 ? ("credit" as const) : ("debit" as const),
    points: Math.abs(input.points),
    source_type: "adjustment" as const,
    source_id: input.idempotency_key,
    reason: input.reason,
    actor: input.actor,
  }))
  const posted = postPointsEntryStep(entryInput)
  const eventData = transform({ posted }, ({ posted }) => ({
    id: posted.entry.id,
    customer_id: posted.entry.customer_id,
    points: posted.entry.direction === "credit" ? posted.entry.points : -posted.entry.points,
    balance: posted.balance,
    reason: posted.entry.reason,
  }))
  when("order-management-points-adjusted", { posted }, ({ posted }) => !posted.duplicate).then(() => {
    emitEventStep({ eventName: POINTS_ADJUSTED_EVENT, data: eventData })
  })
  return new WorkflowResponse(posted)
})
