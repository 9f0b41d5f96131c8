import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { LifecycleRow } from "../../modules/order-management/service"
import { formatOrderNumber } from "../../modules/order-management/lifecycle/order-number"
import { OrderForSync, paymentStateOf } from "../utils/medusa-payment-state"

/**
 * Create the lifecycle record (and its link to Medusa's order) unless it exists. `known`: the record as the caller
 * read it a moment ago under the order's lock (the payment apply path), which saves reading it again.
 */
export const ensureLifecycleStep = createStep(
  "order-management-ensure-lifecycle",
  async ({ order, known: given }: { order: OrderForSync; known?: LifecycleRow | null }, { container }) => {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    // most syncs are of orders that have their record: one read instead of the insert-or-find
    const known = given && given.order_id === order.id ? given : await service.findLifecycleByOrder(order.id)
    if (known) return new StepResponse(known, undefined as { id: string; order_id: string } | undefined)
    const state = paymentStateOf(order)
    const placedAt = new Date(order.created_at)
    const { lifecycle, created } = await service.ensureLifecycle({
      order_id: order.id,
      order_number: formatOrderNumber(service.getOptions().orderNumber, order.display_id ?? 0, placedAt),
      display_id: order.display_id ?? null,
      payment_provider: state.provider,
      currency_code: order.currency_code,
      total_minor: state.total_minor,
      paid_minor: 0,
      customer_id: order.customer_id ?? null,
      email: order.email ?? null,
      product_ids: order.product_ids ?? [],
      placed_at: placedAt,
    })
    if (created) {
      await container.resolve(ContainerRegistrationKeys.LINK).create({
        [Modules.ORDER]: { order_id: order.id },
        [ORDER_MANAGEMENT_MODULE]: { order_lifecycle_id: lifecycle.id },
      })
    }
    return new StepResponse(lifecycle, created ? { id: lifecycle.id, order_id: order.id } : undefined)
  },
  async (created, { container }) => {
    if (!created) {
      return
    }
    await container.resolve(ContainerRegistrationKeys.LINK).dismiss({
      [Modules.ORDER]: { order_id: created.order_id },
      [ORDER_MANAGEMENT_MODULE]: { order_lifecycle_id: created.id },
    })
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    await service.deleteOrderLifecycles(created.id)
  }
)
