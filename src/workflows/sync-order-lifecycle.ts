import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { OrderForSync } from "./utils/medusa-payment-state"
import { readOrderForSync } from "./utils/read-order-for-sync"
import { ensureLifecycleStep } from "./steps/ensure-lifecycle"
import { syncLifecycleStep } from "./steps/sync-lifecycle"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"
import type { LifecycleRow } from "../modules/order-management/service"

/** Read the order as a sync needs it (readOrderForSync); nothing to undo. */
const readOrderForSyncStep = createStep("order-management-read-order-for-sync", async (input: { order_id: string }, { container }) => {
  return new StepResponse(await readOrderForSync(container, input.order_id))
})

/**
 * The steps of a lifecycle sync, for composing into a workflow (this one, and the payment apply path, which runs
 * them inline rather than as a nested workflow, passing the lifecycle it read under the lock): read the order, create its lifecycle unless it exists, move it to
 * what Medusa says, emit the events of the moves (released when the workflow succeeds). `payment_ids`: the order's
 * payments as read.
 */
export function syncLifecycleSteps(input: { order_id: string; lifecycle?: LifecycleRow | null }) {
  const order = readOrderForSyncStep(input)
  const ensureInput = transform({ order, input }, ({ order, input }) => ({ order, known: input.lifecycle ?? null }))
  const lifecycle = ensureLifecycleStep(ensureInput)
  const transitions = syncLifecycleStep({ order, lifecycle } as any)
  emitLifecycleEventsStep({ transitions })
  const payment_ids = transform({ order }, ({ order }: { order: OrderForSync }) =>
    (order.payment_collections ?? []).flatMap((c) => c?.payments ?? []).filter((p): p is NonNullable<typeof p> => !!p).map((p) => p.id)
  )
  return { lifecycle, transitions, payment_ids }
}

/**
 * Create or update an order's lifecycle from Medusa's own state. Runs on
 * order.placed, payment.captured and order.canceled, and in the backfill.
 */
export const syncOrderLifecycleWorkflow = createWorkflow(
  "order-management-sync-order-lifecycle",
  (input: { order_id: string }) => {
    const { lifecycle, transitions } = syncLifecycleSteps(input)
    return new WorkflowResponse({ lifecycle, transitions })
  }
)
