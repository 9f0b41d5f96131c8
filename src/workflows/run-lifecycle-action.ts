import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../modules/order-management"
import type OrderManagementModuleService from "../modules/order-management/service"
import type { AdminAction } from "../modules/order-management/lifecycle/transitions"
import type { Actor } from "../modules/order-management/lifecycle/statuses"
import { DISPATCH_SCHEDULED_EVENT } from "../modules/order-management/lifecycle/events"
import { transitionOrderWorkflow } from "./transition-order"
import { cancelLifecycleOrderWorkflow } from "./cancel-order"
import { dispatchLifecycleOrderWorkflow } from "./dispatch-order"
import { completeLifecycleOrderWorkflow } from "./complete-order"

export type LifecycleActionInput = {
  order_id: string
  action: AdminAction
  actor: Actor & { email?: string | null }
  reason?: string | null
  activate_at?: Date | null
  tracking_number?: string | null
  /** dispatch although money is outstanding (the admin's reason) */
  override_outstanding?: string | null
}

/**
 * Route one lifecycle action to its workflow. Shared by the admin routes,
 * the batch route and the jobs, so every entry point runs the same checks.
 */
export async function runLifecycleAction(container: MedusaContainer, input: LifecycleActionInput) {
  const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
  service.assertPermitted(input.action, input.actor)
  const actor = { type: input.actor.type, id: input.actor.id ?? null }
  const base = { order_id: input.order_id, actor, reason: input.reason ?? null }

  switch (input.action) {
    case "approve": {
      const { result } = await transitionOrderWorkflow(container).run({ input: { ...base, action: "approve" } })
      if (service.getOptions().autoActivate && !result.lifecycle.activate_at) {
        return await activateAfterApproval(container, input.order_id, result)
      }
      return result
    }
    case "hold":
    case "release":
      return (await transitionOrderWorkflow(container).run({ input: { ...base, action: input.action } })).result
    case "reject":
    case "cancel":
      return (await cancelLifecycleOrderWorkflow(container).run({ input: { ...base, action: input.action } })).result
    case "complete":
      return (await completeLifecycleOrderWorkflow(container).run({ input: base })).result
    case "dispatch": {
      if (input.activate_at && input.activate_at.getTime() > Date.now()) {
        const lifecycle = await service.scheduleActivation(input.order_id, input.activate_at, actor)
        await container.resolve(Modules.EVENT_BUS).emit({
          name: DISPATCH_SCHEDULED_EVENT,
          data: { id: input.order_id, order_id: input.order_id, order_number: lifecycle.order_number, activate_at: input.activate_at.toISOString() },
        })
        return { lifecycle, scheduled: true }
      }
      return (
        await dispatchLifecycleOrderWorkflow(container).run({
          input: { ...base, tracking_number: input.tracking_number ?? null, override_outstanding: input.override_outstanding ?? null },
        })
      ).result
    }
  }
}

/** `autoActivate`: dispatch right after approval; a failure leaves the order approved and is logged in history. */
export async function activateAfterApproval(container: MedusaContainer, orderId: string, approved: unknown) {
  try {
    return await dispatchLifecycleOrderWorkflow(container).run({
      input: { order_id: orderId, actor: { type: "system", id: "auto-activate" }, reason: "autoActivate: dispatched right after approval" },
    }).then((r) => r.result)
  } catch (e) {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`order-management: auto-activation of ${orderId} failed: ${(e as Error).message}`)
    await service.recordEvent(orderId, {
      action: "auto_activate_failed",
      actor: { type: "system", id: "auto-activate" },
      reason: (e as Error).message,
    })
    return approved
  }
}
