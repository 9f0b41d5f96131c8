/**
 * The lifecycle's one source of truth: which status may follow which, and
 * which action moves an order from where to where. Pure data and small named
 * guards; no I/O. Everything that changes a status asks this file first.
 */
import type { ActorType, FulfillmentStatus, PaymentStatus } from "./statuses"

/** Legal payment-status pairs (FecShop's payment_status_*). */
export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ["processing", "partially_paid", "confirmed", "suspected_fraud", "canceled"],
  processing: ["partially_paid", "confirmed", "suspected_fraud", "canceled"],
  // money arrived but the order now costs more (edited after the trade was made): the rest is outstanding
  partially_paid: ["confirmed", "suspected_fraud", "canceled"],
  suspected_fraud: ["confirmed", "canceled"],
  confirmed: [],
  // final, except that money arriving after the cancel lets an admin revive the order (paid_after_cancel anomaly)
  canceled: ["confirmed"],
}

/** Legal fulfilment-status pairs; `null` is "not set yet" (payment not confirmed). */
export const FULFILLMENT_TRANSITIONS: Record<FulfillmentStatus | "null", readonly FulfillmentStatus[]> = {
  // a paid order refunded in full before its review began
  null: ["holded", "refunded"],
  holded: ["processing", "refunded"],
  processing: ["dispatched", "refunded"],
  dispatched: ["completed", "refunded"],
  completed: ["refunded"],
  refunded: [],
}

export function isPaymentTransitionAllowed(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to)
}

export function isFulfillmentTransitionAllowed(
  from: FulfillmentStatus | null,
  to: FulfillmentStatus
): boolean {
  return FULFILLMENT_TRANSITIONS[from ?? "null"].includes(to)
}

export type LifecycleState = {
  payment_status: PaymentStatus
  fulfillment_status: FulfillmentStatus | null
  on_hold: boolean
  hold_reason?: string | null
}

export const ADMIN_ACTIONS = [
  "approve",
  "reject",
  "hold",
  "release",
  "dispatch",
  "complete",
  "cancel",
] as const
export type AdminAction = (typeof ADMIN_ACTIONS)[number]

export const SYSTEM_ACTIONS = [
  "payment_processing",
  "payment_partially_paid",
  "payment_confirmed",
  "payment_suspected_fraud",
  "submit_review",
  "revive",
  /** the order's payments are refunded in full (an approved refund request): fulfilment status refunded */
  "refund",
] as const
export type SystemAction = (typeof SYSTEM_ACTIONS)[number]

export type LifecycleAction = AdminAction | SystemAction

/** What a rule does: set statuses and/or the hold flag. */
export type Effect = {
  payment_status?: PaymentStatus
  fulfillment_status?: FulfillmentStatus
  on_hold?: boolean
}

type Rule = {
  payment?: readonly PaymentStatus[]
  fulfillment?: readonly (FulfillmentStatus | null)[]
  effect: Effect
  /** actor types that may take this path; others are refused as not permitted */
  actors: readonly ActorType[]
  /** refused while the order is on hold */
  blockedByHold?: boolean
  /** `on_hold` must be this */
  onHold?: boolean
}

const UNPAID: readonly PaymentStatus[] = ["pending", "processing", "partially_paid", "suspected_fraud"]
/** no money captured yet: the customer may cancel these themselves */
const NOTHING_CAPTURED: readonly PaymentStatus[] = ["pending", "processing", "suspected_fraud"]
const STAFF: readonly ActorType[] = ["user", "system"]
const ANY_ACTOR: readonly ActorType[] = ["user", "customer", "system", "gateway"]
const NON_FINAL_FULFILLMENT: readonly (FulfillmentStatus | null)[] = [
  null,
  "holded",
  "processing",
  "dispatched",
]

/**
 * Actions as data (after Vendure's OrderProcess): the first rule whose `from`
 * matches the order applies. Cancel and reject have two paths: an unpaid
 * order is canceled; a paid, not yet dispatched one is refunded.
 */
export const ACTION_RULES: Record<LifecycleAction, readonly Rule[]> = {
  payment_processing: [
    { payment: ["pending"], fulfillment: [null], effect: { payment_status: "processing" }, actors: ["system", "gateway"] },
  ],
  payment_partially_paid: [
    { payment: ["pending", "processing"], fulfillment: [null], effect: { payment_status: "partially_paid" }, actors: ["system", "gateway"] },
  ],
  payment_confirmed: [
    { payment: ["pending", "processing", "partially_paid"], fulfillment: [null], effect: { payment_status: "confirmed" }, actors: ["system", "gateway", "user"] },
    { payment: ["suspected_fraud"], fulfillment: [null], effect: { payment_status: "confirmed" }, actors: ["user"] },
  ],
  payment_suspected_fraud: [
    { payment: ["pending", "processing", "partially_paid"], fulfillment: [null], effect: { payment_status: "suspected_fraud" }, actors: ["system", "gateway"] },
  ],
  revive: [
    { payment: ["canceled"], fulfillment: [null], effect: { payment_status: "confirmed" }, actors: ["user"] },
  ],
  submit_review: [
    { payment: ["confirmed"], fulfillment: [null], effect: { fulfillment_status: "holded" }, actors: ["system", "user"] },
  ],
  approve: [
    { payment: ["confirmed"], fulfillment: ["holded"], effect: { fulfillment_status: "processing" }, actors: STAFF, blockedByHold: true },
  ],
  reject: [
    { payment: UNPAID, fulfillment: [null], effect: { payment_status: "canceled" }, actors: STAFF },
    { payment: ["confirmed"], fulfillment: ["holded"], effect: { fulfillment_status: "refunded" }, actors: STAFF },
  ],
  hold: [
    { payment: UNPAID, fulfillment: [null], onHold: false, effect: { on_hold: true }, actors: STAFF },
    { payment: ["confirmed"], fulfillment: NON_FINAL_FULFILLMENT, onHold: false, effect: { on_hold: true }, actors: STAFF },
  ],
  release: [
    { payment: UNPAID, fulfillment: [null], onHold: true, effect: { on_hold: false }, actors: STAFF },
    { payment: ["confirmed"], fulfillment: NON_FINAL_FULFILLMENT, onHold: true, effect: { on_hold: false }, actors: STAFF },
  ],
  dispatch: [
    { payment: ["confirmed"], fulfillment: ["processing"], effect: { fulfillment_status: "dispatched" }, actors: STAFF, blockedByHold: true },
  ],
  complete: [
    { payment: ["confirmed"], fulfillment: ["dispatched"], effect: { fulfillment_status: "completed" }, actors: STAFF, blockedByHold: true },
  ],
  refund: [
    { payment: ["confirmed"], fulfillment: [null, "holded", "processing", "dispatched", "completed"], effect: { fulfillment_status: "refunded" }, actors: ["system"] },
  ],
  cancel: [
    { payment: NOTHING_CAPTURED, fulfillment: [null], effect: { payment_status: "canceled" }, actors: ANY_ACTOR },
    // part was paid: staff cancel it, and Medusa's cancel refunds what was captured
    { payment: ["partially_paid"], fulfillment: [null], effect: { payment_status: "canceled" }, actors: STAFF },
    { payment: ["confirmed"], fulfillment: ["holded", "processing"], effect: { fulfillment_status: "refunded" }, actors: STAFF },
  ],
}

export type Decision =
  | { ok: true; effect: Effect; rule: number }
  | { ok: false; code: "not_allowed" | "forbidden"; message: string }

function matches(rule: Rule, s: LifecycleState): boolean {
  return (
    (!rule.payment || rule.payment.includes(s.payment_status)) &&
    (!rule.fulfillment || rule.fulfillment.includes(s.fulfillment_status)) &&
    (rule.onHold === undefined || rule.onHold === s.on_hold)
  )
}

/** Small named guards that turn "no rule matched" into the reason a person needs. */
const REFUSALS: Array<(a: LifecycleAction, s: LifecycleState) => string | null> = [
  (_a, s) => (s.payment_status === "canceled" ? "the order is already canceled" : null),
  (_a, s) => (s.fulfillment_status === "refunded" ? "the order is already refunded" : null),
  (a, s) =>
    a === "cancel" && (s.fulfillment_status === "dispatched" || s.fulfillment_status === "completed")
      ? "the order is already paid and activated (dispatched); use a refund instead"
      : null,
  (a, s) => (a === "release" && !s.on_hold ? "the order is not on hold" : null),
  (a, s) => (a === "hold" && s.on_hold ? "the order is already on hold" : null),
  (a, s) =>
    (a === "approve" || a === "dispatch" || a === "complete") && s.payment_status !== "confirmed"
      ? `payment is not confirmed yet (payment status ${s.payment_status})`
      : null,
]

export function describeState(s: LifecycleState): string {
  return `payment ${s.payment_status}, fulfillment ${s.fulfillment_status ?? "not started"}${s.on_hold ? ", on hold" : ""}`
}

/** Decide whether `actor` may run `action` on an order in state `s`, and what it changes. */
export function decide(action: LifecycleAction, s: LifecycleState, actor: ActorType): Decision {
  const rules = ACTION_RULES[action]
  if (!rules) {
    return { ok: false, code: "not_allowed", message: `unknown action ${action}` }
  }
  const index = rules.findIndex((r) => matches(r, s))
  if (index === -1) {
    const reason = REFUSALS.map((g) => g(action, s)).find((m) => m)
    return {
      ok: false,
      code: "not_allowed",
      message: `Cannot ${action} this order: ${reason ?? "not allowed in its current state"} (${describeState(s)})`,
    }
  }
  const rule = rules[index]
  if (!rule.actors.includes(actor)) {
    const paid = s.payment_status === "confirmed"
    return {
      ok: false,
      code: "forbidden",
      message: `Cannot ${action} this order: not permitted for a ${actor}${paid && action === "cancel" ? " because the order is already paid" : ""}`,
    }
  }
  if (rule.blockedByHold && s.on_hold) {
    return {
      ok: false,
      code: "not_allowed",
      message: `Cannot ${action} this order: it is on hold${s.hold_reason ? ` (${s.hold_reason})` : ""}; release it first`,
    }
  }
  return { ok: true, effect: rule.effect, rule: index }
}

/** Apply an effect to a state (pure). */
export function applyEffect(s: LifecycleState, e: Effect): LifecycleState {
  return {
    ...s,
    payment_status: e.payment_status ?? s.payment_status,
    fulfillment_status: e.fulfillment_status ?? s.fulfillment_status,
    on_hold: e.on_hold ?? s.on_hold,
  }
}

/** An order no action can move forward any more. */
export function isFinal(s: LifecycleState): boolean {
  return (
    s.payment_status === "canceled" ||
    s.fulfillment_status === "refunded" ||
    s.fulfillment_status === "completed"
  )
}
