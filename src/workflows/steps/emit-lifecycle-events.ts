import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { LIFECYCLE_EVENTS } from "../../modules/order-management/lifecycle/events"
import type { TransitionResult } from "../../modules/order-management/service"

export function lifecycleEventPayload(r: TransitionResult, extra: Record<string, unknown> = {}) {
  return {
    id: r.lifecycle.order_id,
    order_id: r.lifecycle.order_id,
    order_number: r.lifecycle.order_number,
    action: r.action,
    from: { payment_status: r.before.payment_status, fulfillment_status: r.before.fulfillment_status, on_hold: r.before.on_hold },
    to: { payment_status: r.lifecycle.payment_status, fulfillment_status: r.lifecycle.fulfillment_status, on_hold: r.lifecycle.on_hold },
    history_id: r.event_id,
    ...extra,
  }
}

/**
 * Emit `order_management.*` for each transition. Like Medusa's emitEventStep,
 * the events join the workflow's event group and are released only when the
 * whole workflow succeeds (cleared on compensation).
 */
export const emitLifecycleEventsStep = createStep(
  "order-management-emit-lifecycle-events",
  async (input: { transitions: (TransitionResult | undefined)[]; extra?: Record<string, unknown> }, { container, eventGroupId }) => {
    const eventBus = container.resolve(Modules.EVENT_BUS)
    const transitions = input.transitions.filter((t): t is TransitionResult => !!t)
    const names = transitions.map((t) => LIFECYCLE_EVENTS[t.action])
    if (transitions.length) {
      await eventBus.emit(
        transitions.map((t) => ({
          name: LIFECYCLE_EVENTS[t.action],
          data: lifecycleEventPayload(t, input.extra),
          metadata: eventGroupId ? { eventGroupId } : {},
        }))
      )
    }
    return new StepResponse(names, { eventGroupId, names })
  },
  async (data, { container }) => {
    if (!data?.eventGroupId || !data.names.length) {
      return
    }
    await container.resolve(Modules.EVENT_BUS).clearGroupedEvents(data.eventGroupId, { eventNames: data.names })
  }
)
