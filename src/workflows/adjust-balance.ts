import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { BALANCE_ADJUSTED_EVENT } from "../modules/balance/events"
import { postBalanceEntryStep } from "./steps/post-balance-entry"

export type AdjustBalanceInput = {
  customer_id: string
  currency_code: string
  /** signed minor units: positive credits, negative debits */
  amount_minor: number
  reason: string
  /** the same key twice is one adjustment (a double click, a retried request) */
  idempotency_key: string
  actor: { type: "user"; id: string | null }
}

/** An admin's credit or debit with a reason; a debit below zero is refused by the ledger. */
export const adjustBalanceWorkflow = createWorkflow("order-management-adjust-balance", (input: AdjustBalanceInput) => {
  const entryInput = transform({ input }, ({ input }) => ({
    customer_id: input.customer_id,
    currency_code: input.currency_code,
    direction: input.amount_minor > 0 ? ("credit" as const) : ("debit" as const),
    amount_minor: Math.abs(input.amount_minor),
    source_type: "adjustment" as const,
    source_id: input.idempotency_key,
    reason: input.reason,
    actor: input.actor,
  }))
  const posted = postBalanceEntryStep(entryInput)
  const eventData = transform({ posted }, ({ posted }) => ({
    id: posted.entry.id,
    customer_id: posted.entry.customer_id,
    currency_code: posted.entry.currency_code,
    amount_minor: posted.entry.direction === "credit" ? posted.entry.amount_minor : -posted.entry.amount_minor,
    balance_minor: posted.balance_minor,
    reason: posted.entry.reason,
  }))
  // a repeated request (same idempotency key) changed nothing and tells nobody
  when("order-management-balance-adjusted", { posted }, ({ posted }) => !posted.duplicate).then(() => {
    emitEventStep({ eventName: BALANCE_ADJUSTED_EVENT, data: eventData })
  })
  return new WorkflowResponse(posted)
})
