import type { FulfillmentStatus, PaymentStatus } from "./statuses"

export type LifecycleFilters = {
  payment_status?: PaymentStatus[]
  /** "none" selects orders whose fulfilment has not started */
  fulfillment_status?: (FulfillmentStatus | "none")[]
  on_hold?: boolean
  mark?: string[]
  created_at_gte?: Date
  created_at_lte?: Date
  payment_provider?: string[]
  customer_id?: string
  q?: string
  sort?: "newest" | "oldest"
}

/** Apply list filters to a knex builder over order_lifecycle (indexed columns only). */
export function applyLifecycleFilters(qb: any, f: LifecycleFilters) {
  if (f.payment_status?.length) qb.whereIn("payment_status", f.payment_status)
  if (f.fulfillment_status?.length) {
    const real = f.fulfillment_status.filter((s) => s !== "none")
    const none = f.fulfillment_status.includes("none")
    qb.where((w: any) => {
      if (real.length) w.orWhereIn("fulfillment_status", real)
      if (none) w.orWhereNull("fulfillment_status")
    })
  }
  if (f.on_hold !== undefined) qb.where("on_hold", f.on_hold)
  if (f.mark?.length) qb.whereRaw("marks && ?::text[]", [f.mark])
  if (f.created_at_gte) qb.where("placed_at", ">=", f.created_at_gte)
  if (f.created_at_lte) qb.where("placed_at", "<=", f.created_at_lte)
  if (f.payment_provider?.length) qb.whereIn("payment_provider", f.payment_provider)
  if (f.customer_id) qb.where("customer_id", f.customer_id)
  if (f.q?.trim()) {
    const q = f.q.trim()
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    qb.where((w: any) => {
      w.whereILike("order_number", like).orWhereILike("email", like)
      if (/^\d+$/.test(q) && q.length < 10) w.orWhere("display_id", Number(q))
    })
  }
  return qb
}
