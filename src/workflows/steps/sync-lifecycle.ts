import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { TransitionInput, TransitionResult } from "../../modules/order-management/service"
import { channelFeeMinor, channelFor, providerMatches } from "../../modules/order-management/options"
import { heldPayments, OrderForSync, paymentDueAt, paymentStateOf } from "../utils/medusa-payment-state"
import { ANOMALY_OPENED_EVENT } from "../../modules/order-management/lifecycle/events"
import { MedusaError, Modules } from "@medusajs/framework/utils"

const SYSTEM = { type: "system" as const, id: "medusa-payment" }

/**
 * Bring the lifecycle up to what Medusa's payment collection says, then start
 * the review: providers listed in `manualReviewProviders` stop at holded, the
 * others are approved by the system with a history row saying so. Each move is
 * a compare-and-set; a move another process made first is simply skipped.
 */
export const syncLifecycleStep = createStep(
  "order-management-sync-lifecycle",
  async (order: OrderForSync, { container }) => {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const state = paymentStateOf(order)
    const done: TransitionResult[] = []
    const apply = async (t: TransitionInput) => {
      try {
        done.push(await service.transition(t))
        return true
      } catch (e) {
        // CONFLICT: someone else moved it first (a callback racing the subscriber) — nothing to do
        if ((e as MedusaError).type === MedusaError.Types.CONFLICT) return false
        throw e
      }
    }
    let current = await service.retrieveLifecycleByOrder(order.id)
    const base = { order_id: order.id, actor: SYSTEM }

    // money captured for an order we canceled (through any path): never revert the cancel, open an anomaly
    if (current.payment_status === "canceled") {
      for (const p of heldPayments(order)) {
        const { anomaly, created } = await service.openAnomaly({
          order_id: order.id,
          type: "paid_after_cancel",
          dedupe_key: `paid_after_cancel:${p.session_id ?? p.payment_id}`,
          amount_minor: p.held_minor,
          currency_code: order.currency_code,
          provider_id: p.provider_id,
          payment_id: p.payment_id,
          metadata: { session_id: p.session_id, detected_by: "sync" },
        })
        if (created) {
          await container.resolve(Modules.EVENT_BUS).emit({
            name: ANOMALY_OPENED_EVENT,
            data: { id: anomaly.id, order_id: order.id, type: anomaly.type, amount_minor: anomaly.amount_minor, currency_code: anomaly.currency_code },
          })
        }
      }
    }

    if (state.target === "canceled" && current.payment_status !== "canceled" && current.fulfillment_status !== "refunded") {
      await apply({ ...base, action: "cancel", reason: "order canceled in Medusa" })
    }
    if (state.target === "processing" && current.payment_status === "pending") {
      await apply({ ...base, action: "payment_processing", reason: "payment authorized", set: { payment_provider: state.provider } })
    }
    if (state.target === "partially_paid" && ["pending", "processing"].includes(current.payment_status)) {
      await apply({
        ...base,
        action: "payment_partially_paid",
        reason: `payment captured, ${state.outstanding_minor} minor units still outstanding (the order changed after its payment was made)`,
        set: { paid_minor: state.paid_minor, payment_provider: state.provider },
        metadata: { outstanding_minor: state.outstanding_minor, total_minor: state.total_minor },
      })
    }
    if (state.target === "confirmed" && ["pending", "processing", "partially_paid"].includes(current.payment_status)) {
      const channel = channelFor(state.provider, service.getOptions())
      const fee = channel?.fee ? channelFeeMinor(state.paid_minor, channel.fee) : null
      await apply({ ...base, action: "payment_confirmed", reason: "payment captured", set: { paid_minor: state.paid_minor, payment_provider: state.provider, payment_fee_minor: fee } })
    }
    current = await service.retrieveLifecycleByOrder(order.id)
    // the money columns follow Medusa (an order edit changes the total; a later capture or refund what is owed)
    const paidCounts = ["partially_paid", "confirmed"].includes(current.payment_status)
    const dueAt = paymentDueAt(order)
    const dueChanged = (current.payment_due_at ? new Date(current.payment_due_at).getTime() : null) !== (dueAt?.getTime() ?? null)
    if (current.total_minor !== state.total_minor || current.outstanding_minor !== state.outstanding_minor || (paidCounts && current.paid_minor !== state.paid_minor) || dueChanged) {
      await service.updateOrderLifecycles({ id: current.id, total_minor: state.total_minor, outstanding_minor: state.outstanding_minor, payment_due_at: dueAt, ...(paidCounts ? { paid_minor: state.paid_minor } : {}) })
      current = await service.retrieveLifecycleByOrder(order.id)
    }
    if (current.payment_status === "confirmed" && current.fulfillment_status === null) {
      const options = service.getOptions()
      const manual = providerMatches(current.payment_provider, options.manualReviewProviders) || current.on_hold
      const reviewed = await apply({
        ...base,
        action: "submit_review",
        reason: manual
          ? `manual review required for ${current.on_hold ? "an order on hold" : `payment provider ${current.payment_provider}`}`
          : "payment confirmed",
        set: { review_mode: manual ? "manual" : "auto" },
      })
      if (reviewed && !manual) {
        await apply({
          ...base,
          action: "approve",
          reason: `auto-approved: online payment via ${current.payment_provider ?? "unknown provider"}`,
        })
      }
    }
    return new StepResponse(done, done)
  },
  async (done, { container }) => {
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    for (const t of [...(done ?? [])].reverse()) {
      await service.revertTransition(t)
    }
  }
)
