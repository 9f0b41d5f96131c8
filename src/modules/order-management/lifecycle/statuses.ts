/** Canonical status keys. These strings are the API contract; labels are translated in the admin. */
export const PAYMENT_STATUSES = [
  "pending",
  "processing",
  /** part of the order's total was captured, the rest is outstanding (the order grew after its trade was created) */
  "partially_paid",
  "confirmed",
  "suspected_fraud",
  "canceled",
] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

export const FULFILLMENT_STATUSES = [
  "holded",
  "processing",
  "dispatched",
  "completed",
  "refunded",
] as const
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number]

export const ACTOR_TYPES = ["user", "customer", "system", "gateway"] as const
export type ActorType = (typeof ACTOR_TYPES)[number]

export const NOTE_KINDS = ["note", "communication", "mark"] as const
export type NoteKind = (typeof NOTE_KINDS)[number]

export type Actor = { type: ActorType; id?: string | null }
