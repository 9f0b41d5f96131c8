import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyTransitionStep } from "./steps/apply-transition"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"
import { openAnomalyStep } from "./steps/open-anomaly"

export type FlagPaymentMismatchInput = {
  order_id: string
  /** move the order to suspected_fraud (false when it is already past pending, e.g. canceled) */
  suspect: boolean
  type: "amount_mismatch" | "currency_mismatch" | "duplicate_payment" | "paid_late"
  reason: string
  provider_id: string
  session_id: string
  platform_transaction_id: string | null
  amount_minor: number | null
  currency_code: string | null
  expected: { amount_minor: number; currency_code: string }
}

/**
 * The platform reports money that does not match the order: nothing is
 * captured; the order becomes suspected_fraud (history, actor gateway) and an
 * anomaly is opened for a person to handle. Compensation undoes both.
 */
export const flagPaymentMismatchWorkflow = createWorkflow(
  "order-management-flag-payment-mismatch",
  (input: FlagPaymentMismatchInput) => {
    const transitioned = when("order-management-suspect-payment", { input }, ({ input }) => input.suspect).then(() => {
      const t = applyTransitionStep(
        transform({ input }, ({ input }) => ({
          order_id: input.order_id,
          action: "payment_suspected_fraud" as const,
          actor: { type: "gateway" as const, id: input.provider_id },
          reason: input.reason,
          metadata: { session_id: input.session_id, platform_transaction_id: input.platform_transaction_id, reported: { amount_minor: input.amount_minor, currency_code: input.currency_code }, expected: input.expected },
        }))
      )
      emitLifecycleEventsStep(transform({ t }, ({ t }) => ({ transitions: [t] })))
      return t
    })
    const anomaly = openAnomalyStep(
      transform({ input }, ({ input }) => ({
        order_id: input.order_id,
        type: input.type,
        dedupe_key: `${input.type}:${input.session_id}:${input.platform_transaction_id ?? "none"}`,
        amount_minor: input.amount_minor,
        currency_code: input.currency_code ? input.currency_code.toLowerCase() : null,
        provider_id: input.provider_id,
        platform_transaction_id: input.platform_transaction_id,
        metadata: { session_id: input.session_id, expected: input.expected, reason: input.reason },
      }))
    )
    return new WorkflowResponse(transform({ anomaly, transitioned }, ({ anomaly, transitioned }) => ({ anomaly_id: anomaly.id as string, suspected: !!transitioned })))
  }
)
