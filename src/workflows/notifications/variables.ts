import { LIFECYCLE_EVENTS, ANOMALY_OPENED_EVENT } from "../../modules/order-management/lifecycle/events"
import { BANK_TRANSFER_PROOF_REJECTED } from "../../modules/notifications/events"
import {
  REFUND_REQUEST_APPROVED,
  REFUND_REQUEST_CREATED,
  REFUND_REQUEST_FAILED,
  REFUND_REQUEST_REFUNDED,
  REFUND_REQUEST_REJECTED,
  type RefundRequestEventData,
} from "../../modules/after-sales/events"
import type { NotificationLocale } from "../../modules/notifications/options"
import type { TemplateVariables } from "../../modules/notifications/render"
import { labelOf } from "../../modules/notifications/templates"
import { formatMinor } from "../../utils/money"

/** What the messages need to know about the order, read once per event (see readOrderFacts). */
export type OrderFacts = {
  order_id: string
  /** the plugin's number (order_lifecycle.order_number), else "#display_id" */
  order_number: string
  display_id: number | null
  email: string | null
  customer_id: string | null
  customer_name: string | null
  currency_code: string
  total_minor: number
  paid_minor: number
  /** language tags, most preferred first: the order's `locale`, the customer's `metadata.locale` / `metadata.language` */
  locale_tags: unknown[]
  /** the order's line items: id → what the customer bought */
  items: Array<{ id: string; title: string; quantity: number }>
  store_name: string | null
}

/** From the lifecycle history row of the event (`history_id` in the payload): the person's reason. */
export type HistoryFacts = { reason: string | null; actor_type: string | null } | null

const money = (minor: unknown, currency: string | null | undefined): string | null =>
  typeof minor === "number" && Number.isFinite(minor) && currency ? formatMinor(minor, currency) : null

/** "- Tea (500 g) × 2" lines for the items a dispatch names ([{id, quantity, title?}]), or null for none. */
export function itemLines(list: unknown, facts: OrderFacts): string | null {
  if (!Array.isArray(list) || !list.length) return null
  return list
    .map((i: any) => {
      const item = facts.items.find((x) => x.id === i?.id)
      const title = item?.title ?? i?.title ?? i?.id ?? "item"
      const qty = Number(i?.quantity ?? item?.quantity ?? 1)
      return `- ${title} × ${qty}`
    })
    .join("\n")
}

/**
 * The variables of a customer message: the common ones (order_number, display_id, order_total, store_name,
 * customer_name) and the event's own. Amounts are formatted with their currency ("138.00 CNY") from minor units.
 * @param event the Medusa event name
 * @param data the event's payload (lifecycle payload, `{id, order_id, reason}` for a slip, RefundRequestEventData)
 * @param facts the order as readOrderFacts read it
 * @param history the lifecycle history row of the event, when the payload names one
 * @param locale the message's language (for the words of codes: destinations, reasons, failure causes)
 */
export function customerVariables(event: string, data: Record<string, any>, facts: OrderFacts, history: HistoryFacts, locale: NotificationLocale): TemplateVariables {
  const common: TemplateVariables = {
    order_id: facts.order_id,
    order_number: facts.order_number,
    display_id: facts.display_id,
    order_total: money(facts.total_minor, facts.currency_code),
    store_name: facts.store_name,
    customer_name: facts.customer_name,
  }
  const paidBack = facts.paid_minor > 0 ? money(facts.paid_minor, facts.currency_code) : null
  switch (event) {
    case LIFECYCLE_EVENTS.payment_confirmed:
      return { ...common, amount: money(facts.paid_minor || facts.total_minor, facts.currency_code) }
    case LIFECYCLE_EVENTS.approve:
      return common
    case LIFECYCLE_EVENTS.reject:
    case LIFECYCLE_EVENTS.cancel:
      return { ...common, reason: history?.reason ?? data.reason ?? null, actor_type: history?.actor_type ?? null, refund_amount: paidBack }
    case LIFECYCLE_EVENTS.dispatch:
      return {
        ...common,
        tracking_number: data.tracking_number || null,
        shipped_items: itemLines(data.shipped_items, facts),
        activated_items: itemLines(data.activated_items, facts),
      }
    case BANK_TRANSFER_PROOF_REJECTED:
      return { ...common, reason: data.reason ?? null, amount: money(facts.total_minor - facts.paid_minor > 0 ? facts.total_minor - facts.paid_minor : facts.total_minor, facts.currency_code) }
    case REFUND_REQUEST_CREATED:
    case REFUND_REQUEST_APPROVED:
    case REFUND_REQUEST_REJECTED:
    case REFUND_REQUEST_REFUNDED:
    case REFUND_REQUEST_FAILED: {
      const r = data as RefundRequestEventData
      const currency = r.currency_code || facts.currency_code
      return {
        ...common,
        refund_request_id: r.id,
        amount: money(r.amount_minor, currency),
        // what went back: the payload's refunded amount, or (a refunded event without one) the approved amount
        refunded_amount: r.refunded_minor > 0 ? money(r.refunded_minor, currency) : event === REFUND_REQUEST_REFUNDED ? money(r.amount_minor, currency) : null,
        destination_label: labelOf(locale, "destination", r.destination),
        destination_original: r.destination === "original" ? "yes" : null,
        reason_code: r.reason_code ?? null,
        reason_label: labelOf(locale, "reason", r.reason_code),
        note: r.note ?? null,
        reason: r.reason ?? null,
        failure_cause: r.failure?.cause ?? null,
        failure_label: labelOf(locale, "failure", r.failure?.cause),
        full: r.full ? "yes" : null,
      }
    }
    default:
      return common
  }
}

/**
 * One key per event occurrence, so an event delivered twice sends once (Medusa's Notification module skips a
 * notification whose idempotency_key it has sent). Lifecycle events: the history row; a slip: the proof; a refund
 * request: the payload's `history_id` / `event_id` when the emitter adds one, else the request, its status and the
 * amounts (and failure cause) of this step.
 */
export function idempotencyKey(template: string, event: string, data: Record<string, any>): string | null {
  if (event === BANK_TRANSFER_PROOF_REJECTED) return data.id ? `${template}:${data.id}` : null
  if (data.history_id) return `${template}:${data.history_id}`
  if (data.event_id) return `${template}:${data.event_id}`
  if (event.startsWith("order_management.refund_request.") && data.id) {
    return [template, data.id, data.status, data.amount_minor, data.refunded_minor ?? 0, data.failure?.cause ?? ""].join(":")
  }
  return null
}

/**
 * The variables of an admin-feed notice: a refund request (order_number, amount, reason_label, by_admin) or an
 * anomaly (anomaly_label, order_number or cart_id, amount).
 */
export function adminFeedVariables(event: string, data: Record<string, any>, orderNumber: string | null, locale: NotificationLocale): TemplateVariables {
  if (event === ANOMALY_OPENED_EVENT) {
    return {
      anomaly_type: data.type ?? null,
      anomaly_label: labelOf(locale, "anomaly", data.type) ?? "?",
      order_number: orderNumber,
      order_id: data.order_id ?? null,
      cart_id: data.cart_id ?? null,
      amount: money(data.amount_minor, data.currency_code),
    }
  }
  const r = data as RefundRequestEventData
  return {
    order_number: orderNumber ?? r.order_id,
    order_id: r.order_id,
    amount: money(r.amount_minor, r.currency_code),
    reason_label: labelOf(locale, "reason", r.reason_code),
    by_admin: r.actor_type === "user" ? "yes" : null,
  }
}
