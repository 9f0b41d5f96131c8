import type { RefundRequestEventData } from "../../modules/after-sales/events"

/** The payload of a refund-request event from a request (or its parts). Pure. */
export function requestEventData(
  r: { history?: Array<{ id: string }>; id: string; order_id: string; display_id?: number | null; customer_id: string | null; status: string; currency_code: string; amount_minor: number; refunded_minor: number; destination: "original" | "balance" | null; reason_code: string; note: string | null },
  actorType: string,
  extra: Partial<RefundRequestEventData> = {}
): RefundRequestEventData {
  return {
    id: r.id,
    order_id: r.order_id,
    display_id: r.display_id ?? null,
    customer_id: r.customer_id,
    status: r.status,
    currency_code: r.currency_code,
    amount_minor: r.amount_minor,
    refunded_minor: r.refunded_minor,
    destination: r.destination,
    reason_code: r.reason_code,
    note: r.note,
    actor_type: actorType,
    // the request's newest timeline row: one per occurrence (a notification is sent once per event_id)
    event_id: r.history?.length ? r.history[r.history.length - 1].id : null,
    ...extra,
  }
}
