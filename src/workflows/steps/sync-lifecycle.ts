import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ORDER_MANAGEMENT_MODULE } from "../../modules/order-management"
import type OrderManagementModuleService from "../../modules/order-management/service"
import type { LifecycleRow, TransitionResult } from "../../modules/order-management/service"
import { channelFeeMinor, channelFor, providerMatches } from "../../modules/order-management/options"
import { HELD_PAYMENT_FIELDS, heldPayments, OrderForSync, paymentDueAt, paymentStateOf } from "../utils/medusa-payment-state"
import { ANOMALY_OPENED_EVENT } from "../../modules/order-management/lifecycle/events"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

const SYSTEM = { type: "system" as const, id: "medusa-payment" }

/**
 * Bring the lifecycle up to what Medusa's payment collection says, then start
 * the review: providers listed in `manualReviewProviders` stop at holded, the
 * others are approved by the system with a history row saying so. Each move is
 * a compare-and-set; a move another process made first is simply skipped.
 */
export const syncLifecycleStep = createStep(
  "order-management-sync-lifecycle",
  async (input: { order: OrderForSync; lifecycle?: LifecycleRow | null }, { container }) => {
    const { order } = input
    const service: OrderManagementModuleService = container.resolve(ORDER_MANAGEMENT_MODULE)
    const state = paymentStateOf(order)
    const read = input.lifecycle && input.lifecycle.order_id === order.id ? input.lifecycle : await service.retrieveLifecycleByOrder(order.id)
    const base = { order_id: order.id, actor: SYSTEM }

    // money captured for an order we canceled (through any path): never revert the cancel, open an anomaly
    if (read.payment_status === "canceled") {
      const { data: [withCaptures] } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: HELD_PAYMENT_FIELDS, filters: { id: order.id } })
      for (const p of heldPayments(withCaptures as unknown as OrderForSync)) {
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

    // the money columns follow Medusa (an order edit changes the total; a later capture or refund what is owed)
    const dueAt = paymentDueAt(order)
    const money = { total_minor: state.total_minor, outstanding_minor: state.outstanding_minor, payment_due_at: dueAt }
    const options = service.getOptions()
    let submitted: "auto" | "manual" | null = null
    // every move decided on the row the previous one left, all in one transaction
    const { results: done, lifecycle: current } = await service.transitionSeries(order.id, [
      (c) => (state.target === "canceled" && c.payment_status !== "canceled" && c.fulfillment_status !== "refunded" ? { ...base, action: "cancel", reason: "order canceled in Medusa" } : null),
      (c) => (state.target === "processing" && c.payment_status === "pending" ? { ...base, action: "payment_processing", reason: "payment authorized", set: { payment_provider: state.provider } } : null),
      (c) =>
        state.target === "partially_paid" && ["pending", "processing"].includes(c.payment_status)
          ? {
              ...base,
              action: "payment_partially_paid",
              reason: `payment captured, ${state.outstanding_minor} minor units still outstanding (the order changed after its payment was made)`,
              set: { paid_minor: state.paid_minor, payment_provider: state.provider, ...money },
              metadata: { outstanding_minor: state.outstanding_minor, total_minor: state.total_minor },
            }
          : null,
      (c) => {
        if (state.target !== "confirmed" || !["pending", "processing", "partially_paid"].includes(c.payment_status)) return null
        const channel = channelFor(state.provider, options)
        const fee = channel?.fee ? channelFeeMinor(state.paid_minor, channel.fee) : null
        return { ...base, action: "payment_confirmed", reason: "payment captured", set: { paid_minor: state.paid_minor, payment_provider: state.provider, payment_fee_minor: fee, ...money } }
      },
      (c) => {
        submitted = null // (the series decides its moves again when another process got in between)
        if (c.payment_status !== "confirmed" || c.fulfillment_status !== null) return null
        const manual = providerMatches(c.payment_provider, options.manualReviewProviders) || c.on_hold
        submitted = manual ? "manual" : "auto"
        return {
          ...base,
          action: "submit_review",
          reason: manual ? `manual review required for ${c.on_hold ? "an order on hold" : `payment provider ${c.payment_provider}`}` : "payment confirmed",
          set: { review_mode: manual ? "manual" : "auto" },
        }
      },
      // auto-approval right after an automatic review submission made here (skipped if that submission lost a race)
      (c) =>
        submitted === "auto" && c.fulfillment_status === "holded" && c.review_mode === "auto"
          ? { ...base, action: "approve", reason: `auto-approved: online payment via ${c.payment_provider ?? "unknown provider"}` }
          : null,
    ], read)
    const paidCounts = ["partially_paid", "confirmed"].includes(current.payment_status)
    const dueChanged = (current.payment_due_at ? new Date(current.payment_due_at).getTime() : null) !== (dueAt?.getTime() ?? null)
    // the products follow the order's current items (an edit, exchange or claim changes them)
    const products = order.product_ids && (current.product_ids ?? []).join("\n") !== order.product_ids.join("\n") ? { product_ids: order.product_ids } : {}
    if (Number(current.total_minor) !== state.total_minor || Number(current.outstanding_minor) !== state.outstanding_minor || (paidCounts && Number(current.paid_minor) !== state.paid_minor) || dueChanged || products.product_ids) {
      await service.updateOrderLifecycles({ id: current.id, ...money, ...products, ...(paidCounts ? { paid_minor: state.paid_minor } : {}) })
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
