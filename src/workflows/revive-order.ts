import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addOrderTransactionStep, useQueryGraphStep } from "@medusajs/medusa/core-flows"
import type { Actor } from "../modules/order-management/lifecycle/statuses"
import { applyTransitionStep } from "./steps/apply-transition"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"
import { reopenMedusaOrderStep, reserveOrderItemsStep } from "./steps/reserve-order-items"

/**
 * Revive a canceled order whose money arrived late: reserve every item again
 * (refused, naming the items, when stock is gone), reopen Medusa's order, and
 * move the lifecycle canceled → confirmed, and record the late capture on the order (Medusa's order summary then
 * owes nothing); review follows as for any paid order.
 */
export const reviveLifecycleOrderWorkflow = createWorkflow(
  "order-management-revive-order",
  (input: { order_id: string; actor: Actor; reason?: string | null; anomaly_id?: string | null }) => {
    const transitionInput = transform({ input }, ({ input }) => ({
      order_id: input.order_id,
      action: "revive" as const,
      actor: input.actor,
      reason: input.reason ?? "payment arrived after the cancel",
      metadata: { anomaly_id: input.anomaly_id ?? null },
    }))
    const result = applyTransitionStep(transitionInput)
    reserveOrderItemsStep({ order_id: input.order_id })
    reopenMedusaOrderStep({ order_id: input.order_id })
    // the late money was captured beside the canceled order: Medusa's order summary learns of it now, so the
    // revived order owes nothing (Medusa skips captures it already has a transaction for)
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "currency_code", "payment_collections.payments.captures.id", "payment_collections.payments.captures.raw_amount", "payment_collections.payments.captures.amount"],
      filters: { id: input.order_id },
    }).config({ name: "order-management-revive-captures" })
    const transactions = transform({ orders }, ({ orders }) => {
      const o = orders[0] as any
      return ((o?.payment_collections ?? []) as any[]).flatMap((c) => c?.payments ?? []).flatMap((p: any) => p?.captures ?? []).filter(Boolean)
        .map((c: any) => ({ order_id: o.id, amount: c.raw_amount ?? c.amount, currency_code: o.currency_code, reference: "capture", reference_id: c.id }))
    })
    addOrderTransactionStep(transactions)
    emitLifecycleEventsStep({ transitions: [result] })
    return new WorkflowResponse(result)
  }
)
