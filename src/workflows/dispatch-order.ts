import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createOrderFulfillmentWorkflow,
  createOrderShipmentWorkflow,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { MathBN, MedusaError } from "@medusajs/framework/utils"
import type { TransitionInput } from "../modules/order-management/service"
import { applyTransitionStep } from "./steps/apply-transition"
import { emitLifecycleEventsStep } from "./steps/emit-lifecycle-events"
import { isPaymentFeeLine } from "../utils/payment-fee"
import { formatMinor, toMinorUnits } from "../utils/money"

export type DispatchLifecycleOrderInput = Omit<TransitionInput, "action" | "set"> & {
  tracking_number?: string | null
  /** dispatch although money is outstanding: the admin's reason (recorded in the history) */
  override_outstanding?: string | null
}

/**
 * Goods leave only when they are paid for: refuses (409) while Medusa's order summary says the customer still owes
 * money (an order edited up after it was paid), unless an admin overrides with a reason.
 * @returns the outstanding amount in minor units (0 when nothing is owed)
 */
export const validateNothingOutstandingStep = createStep(
  "order-management-validate-nothing-outstanding",
  async (input: { order: { currency_code: string; summary?: { pending_difference?: unknown } | null }; override?: string | null }) => {
    const pending = input.order.summary?.pending_difference
    const outstanding = pending === undefined || pending === null ? 0 : toMinorUnits(pending as any, input.order.currency_code)
    if (outstanding > 0 && !input.override) {
      throw new MedusaError(
        MedusaError.Types.CONFLICT,
        `Cannot dispatch this order: ${formatMinor(outstanding, input.order.currency_code)} is still outstanding; collect it first, or dispatch anyway with a reason (override_outstanding)`
      )
    }
    return new StepResponse(Math.max(outstanding, 0))
  }
)

type OrderItemRow = {
  id: string
  title?: string
  quantity: unknown
  requires_shipping?: boolean
  metadata?: Record<string, unknown> | null
  detail?: { quantity?: unknown; fulfilled_quantity?: unknown }
}

/** Split an order's items into what still ships and what is only activated (services); a payment fee line is neither. */
export function splitDispatchItems(items: OrderItemRow[]) {
  const open = items
    .filter((i) => !isPaymentFeeLine(i))
    .map((i) => ({
      ...i,
      remaining: MathBN.sub(MathBN.convert(((i.detail?.quantity ?? i.quantity) as any) ?? 0), MathBN.convert((i.detail?.fulfilled_quantity as any) ?? 0)).toNumber(),
    }))
    .filter((i) => i.remaining > 0)
  return {
    ship: open.filter((i) => i.requires_shipping).map((i) => ({ id: i.id, quantity: i.remaining })),
    activate: open.filter((i) => !i.requires_shipping).map((i) => ({ id: i.id, quantity: i.remaining, title: i.title })),
  }
}

/**
 * processing → dispatched ("activation"). Items that need shipping get a
 * Medusa fulfillment and a shipment (with the tracking number as its label);
 * service-only items are activated, and `order_management.order.dispatched`
 * lists them so a store can switch the service on.
 */
export const dispatchLifecycleOrderWorkflow = createWorkflow(
  "order-management-dispatch-order",
  (input: DispatchLifecycleOrderInput) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "currency_code", "summary.*", "items.id", "items.title", "items.quantity", "items.requires_shipping", "items.metadata", "items.detail.quantity", "items.detail.fulfilled_quantity"],
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })
    const outstandingInput = transform({ orders, input }, ({ orders, input }) => ({ order: orders[0] as any, override: input.override_outstanding ?? null }))
    const outstanding = validateNothingOutstandingStep(outstandingInput)
    const split = transform({ orders }, ({ orders }) => splitDispatchItems((orders[0]?.items ?? []) as OrderItemRow[]))
    const transitionInput = transform({ input, split, outstanding }, ({ input, split, outstanding }) => ({
      order_id: input.order_id,
      action: "dispatch" as const,
      actor: input.actor,
      reason: outstanding > 0 ? [input.reason, `dispatched with ${outstanding} minor units outstanding: ${input.override_outstanding}`].filter(Boolean).join("; ") : input.reason,
      metadata: {
        ...(input.metadata ?? {}),
        tracking_number: input.tracking_number ?? null,
        shipped_items: split.ship,
        activated_items: split.activate,
        ...(outstanding > 0 ? { outstanding_minor: outstanding, override_outstanding: input.override_outstanding } : {}),
      },
    }))
    const result = applyTransitionStep(transitionInput)

    const fulfillment = when("order-management-dispatch-ship", { split }, ({ split }) => split.ship.length > 0).then(() => {
      const fulfillmentInput = transform({ input, split }, ({ input, split }) => ({
        order_id: input.order_id,
        items: split.ship,
        created_by: input.actor.id ?? undefined,
      }))
      const created = createOrderFulfillmentWorkflow.runAsStep({ input: fulfillmentInput })
      const shipmentInput = transform({ input, split, created }, ({ input, split, created }) => ({
        order_id: input.order_id,
        fulfillment_id: created.id,
        items: split.ship,
        created_by: input.actor.id ?? undefined,
        labels: input.tracking_number
          ? [{ tracking_number: input.tracking_number, tracking_url: "", label_url: "" }]
          : [],
      }))
      createOrderShipmentWorkflow.runAsStep({ input: shipmentInput })
      return created
    })

    const extra = transform({ input, split, fulfillment }, ({ input, split, fulfillment }) => ({
      tracking_number: input.tracking_number ?? null,
      fulfillment_id: fulfillment?.id ?? null,
      shipped_items: split.ship,
      activated_items: split.activate,
    }))
    emitLifecycleEventsStep({ transitions: [result], extra })
    return new WorkflowResponse(result)
  }
)
