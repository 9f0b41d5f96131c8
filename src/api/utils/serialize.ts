import type { LifecycleRow } from "../../modules/order-management/service"

/** The public shape of a lifecycle record: minor units stay integers, dates ISO strings. */
export function serializeLifecycle(row: LifecycleRow) {
  return {
    id: row.id,
    order_id: row.order_id,
    order_number: row.order_number,
    display_id: row.display_id,
    payment_status: row.payment_status,
    fulfillment_status: row.fulfillment_status,
    on_hold: row.on_hold,
    hold_reason: row.hold_reason,
    activate_at: row.activate_at,
    review_mode: row.review_mode,
    risk_level: row.risk_level ?? null,
    payment_provider: row.payment_provider,
    currency_code: row.currency_code,
    total_minor: row.total_minor,
    paid_minor: row.paid_minor,
    outstanding_minor: row.outstanding_minor ?? 0,
    payment_fee_minor: row.payment_fee_minor ?? null,
    customer_id: row.customer_id,
    email: row.email,
    marks: row.marks,
    product_ids: row.product_ids ?? [],
    placed_at: row.placed_at,
    payment_due_at: row.payment_due_at ?? null,
    paid_at: row.paid_at,
    approved_at: row.approved_at,
    dispatched_at: row.dispatched_at,
    completed_at: row.completed_at,
    canceled_at: row.canceled_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}
