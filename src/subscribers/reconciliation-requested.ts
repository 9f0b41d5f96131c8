import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { tracked } from "../utils/in-flight"
import { executeRun, RECONCILIATION_REQUESTED_EVENT } from "../workflows/reconciliation/run"

/**
 * order_management.reconciliation.requested { id } → run that queued reconciliation (fetch the bill, reconcile it).
 * One worker takes it (executeRun's compare-and-set); a lost event is picked up by the reconcile-bills job, which
 * runs queued runs too.
 */
async function reconciliationRequestedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  try {
    await executeRun(container, event.data.id)
  } catch (e) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order_management: reconciliation ${event.data?.id} not run: ${(e as Error)?.message ?? e}`)
  }
}

export default tracked(reconciliationRequestedHandler)

export const config: SubscriberConfig = {
  event: RECONCILIATION_REQUESTED_EVENT,
  context: { subscriberId: "order-management-reconciliation-requested" },
}
