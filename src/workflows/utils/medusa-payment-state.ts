import { MathBN } from "@medusajs/framework/utils"
import type { PaymentStatus } from "../../modules/order-management/lifecycle/statuses"
import { toMinorUnits } from "../../utils/money"

export type OrderForSync = {
  id: string
  display_id?: number | null
  created_at: string | Date
  currency_code: string
  total?: unknown
  email?: string | null
  customer_id?: string | null
  status: string
  /** the products of the order's current line items, distinct and sorted (absent when the caller did not read them) */
  product_ids?: string[]
  /** Medusa's order summary: pending_difference = current total − (captures − refunds) */
  summary?: {
    pending_difference?: unknown
    current_order_total?: unknown
    credit_line_total?: unknown
    totals?: { pending_difference?: unknown; current_order_total?: unknown; credit_line_total?: unknown } | null
  } | null
  payment_collections?: Array<{
    status: string
    amount?: unknown
    captured_amount?: unknown
    authorized_amount?: unknown
    refunded_amount?: unknown
    payment_sessions?: Array<{ id?: string; provider_id: string; status: string; created_at?: string | Date; data?: Record<string, any> | null }>
    payments?: Array<{
      id: string
      provider_id: string
      payment_session_id?: string | null
      captures?: Array<{ amount: unknown } | null>
      refunds?: Array<{ amount: unknown } | null>
    } | null>
  } | null>
}

/** What heldPayments() needs besides readOrderForSync() (utils/read-order-for-sync.ts): read only for an order that is canceled in the lifecycle. */
export const HELD_PAYMENT_FIELDS = [
  "id",
  "currency_code",
  "payment_collections.payments.id",
  "payment_collections.payments.provider_id",
  "payment_collections.payments.payment_session_id",
  "payment_collections.payments.captures.amount",
  "payment_collections.payments.refunds.amount",
]

const OPEN_SESSION = ["pending", "pending_authorization", "requires_more"]

/**
 * Until when the customer may still pay: the latest `expires_at` an open payment session's provider stated (our
 * providers all state one where the platform has one: a QR's expiry, a bank-transfer reference's validity, a crypto
 * payment's valid_until). Null when no open session states one.
 */
export function paymentDueAt(order: OrderForSync): Date | null {
  const times = (order.payment_collections ?? [])
    .filter((c): c is NonNullable<typeof c> => !!c && c.status !== "canceled")
    .flatMap((c) => c.payment_sessions ?? [])
    .filter((s) => OPEN_SESSION.includes(s.status))
    .map((s) => (typeof s.data?.expires_at === "string" && s.data.expires_at ? new Date(s.data.expires_at).getTime() : NaN))
    .filter((t) => Number.isFinite(t))
  return times.length ? new Date(Math.max(...times)) : null
}

/** Payments that still hold captured money (captured minus refunded), in minor units. */
export function heldPayments(order: OrderForSync) {
  const currency = order.currency_code
  return (order.payment_collections ?? [])
    .flatMap((c) => c?.payments ?? [])
    .filter((p): p is NonNullable<typeof p> => !!p)
    .map((p) => {
      const captured = (p.captures ?? []).reduce((s, c) => MathBN.add(s, (c?.amount as any) ?? 0), MathBN.convert(0))
      const refunded = (p.refunds ?? []).reduce((s, r) => MathBN.add(s, (r?.amount as any) ?? 0), MathBN.convert(0))
      return {
        payment_id: p.id,
        session_id: p.payment_session_id ?? null,
        provider_id: p.provider_id,
        held_minor: toMinorUnits(MathBN.sub(captured, refunded), currency),
      }
    })
    .filter((p) => p.held_minor > 0)
}

/**
 * Where Medusa says the order stands, in our terms: nothing captured → pending (authorized → processing); money
 * captured and nothing left to pay → confirmed; money captured but the order owes more (it was edited after its
 * trade was made) → partially_paid. "Left to pay" is Medusa's own order summary (pending_difference), never the
 * payment collection alone: a collection fully paid for an order that has grown since does not confirm it.
 * `outstanding_minor`: positive = the customer owes, negative = a refund is due, in the order currency's minor units;
 * never positive for a canceled order.
 */
export function paymentStateOf(order: OrderForSync): {
  target: PaymentStatus
  provider: string | null
  total_minor: number
  paid_minor: number
  outstanding_minor: number
} {
  const currency = order.currency_code
  const collections = (order.payment_collections ?? []).filter((c): c is NonNullable<typeof c> => !!c)
  const live = collections.filter((c) => c.status !== "canceled")
  const captured = live.reduce((sum, c) => MathBN.add(sum, (c.captured_amount as any) ?? 0), MathBN.convert(0))
  const total = MathBN.convert((order.summary?.current_order_total ?? order.summary?.totals?.current_order_total ?? order.total ?? 0) as any)
  const sessions = collections
    .flatMap((c) => c.payment_sessions ?? [])
    .sort((a, b) => new Date(a.created_at ?? 0).getTime() - new Date(b.created_at ?? 0).getTime())
  const chosen = sessions.find((s) => s.status === "authorized" || s.status === "captured") ?? sessions[sessions.length - 1]
  const total_minor = toMinorUnits(total, currency)
  const paid_minor = toMinorUnits(captured, currency)
  const pending = order.summary?.pending_difference ?? order.summary?.totals?.pending_difference
  const credited = order.summary?.credit_line_total ?? order.summary?.totals?.credit_line_total ?? 0
  const owed = pending === undefined || pending === null ? total_minor - paid_minor : toMinorUnits(pending as any, currency)
  // a canceled order is owed nothing (Medusa keeps the summary's pending difference at the total after a cancel);
  // a refund it is due (negative) stays
  const outstanding_minor = order.status === "canceled" ? Math.min(owed, 0) : owed

  let target: PaymentStatus = "pending"
  if (order.status === "canceled") {
    target = "canceled"
  } else if (paid_minor > 0 && outstanding_minor > 0) {
    target = "partially_paid"
  } else if ((paid_minor > 0 || live.some((c) => c.status === "completed")) && outstanding_minor <= 0) {
    target = "confirmed"
  } else if (outstanding_minor <= 0 && toMinorUnits(credited as any, currency) > 0) {
    // covered in full by credit lines (a manual order's balance and points deductions, Medusa's store credit):
    // nothing was ever owed to a payment provider
    target = "confirmed"
  } else if (live.some((c) => ["authorized", "partially_authorized", "partially_captured"].includes(c.status))) {
    target = "processing"
  }
  return { target, provider: chosen?.provider_id ?? null, total_minor, paid_minor, outstanding_minor }
}
