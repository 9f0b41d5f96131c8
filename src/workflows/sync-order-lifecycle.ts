import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { ORDER_SYNC_FIELDS, OrderForSync } from "./utils/medusa-payment-state"
import { ensureLifecycleStep } from "./steps/ensure-lifecycle"
import { syncLifecycleStep } from "./steps/sync-lifecycle"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"

/**
 * Create or update an order's lifecycle from Medusa's own state. Runs on
 * order.placed, payment.captured and order.canceled, and in the backfill.
 */
export const syncOrderLifecycleWorkflow = createWorkflow(
  "order-management-sync-order-lifecycle",
  (input: { order_id: string }) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ORDER_SYNC_FIELDS,
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })
    const order = transform({ orders }, ({ orders }) => orders[0] as unknown as OrderForSync)
    const created = ensureLifecycleStep(order)
    const transitions = syncLifecycleStep(order)
    emitLifecycleEventsStep({ transitions })
    return new WorkflowResponse({ lifecycle: created, transitions })
  }
)
