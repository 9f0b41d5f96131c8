import {
  ACTION_RULES,
  ADMIN_ACTIONS,
  FULFILLMENT_TRANSITIONS,
  PAYMENT_TRANSITIONS,
  SYSTEM_ACTIONS,
  applyEffect,
  decide,
  isFulfillmentTransitionAllowed,
  isPaymentTransitionAllowed,
  LifecycleState,
} from "../lifecycle/transitions"
import { FULFILLMENT_STATUSES, PAYMENT_STATUSES } from "../lifecycle/statuses"

const P = PAYMENT_STATUSES
const F = [null, ...FULFILLMENT_STATUSES] as const

// The table from ../shared/DESIGN.md, written out independently of the code.
const EXPECTED_PAYMENT: Record<string, string[]> = {
  pending: ["processing", "partially_paid", "confirmed", "suspected_fraud", "canceled"],
  processing: ["partially_paid", "confirmed", "suspected_fraud", "canceled"],
  partially_paid: ["confirmed", "suspected_fraud", "canceled"], // the rest paid, or canceled by staff (refund)
  suspected_fraud: ["confirmed", "canceled"],
  confirmed: [],
  canceled: ["confirmed"], // revive after a paid-after-cancel anomaly
}
const EXPECTED_FULFILLMENT: Record<string, string[]> = {
  null: ["holded", "refunded"],
  holded: ["processing", "refunded"],
  processing: ["dispatched", "refunded"],
  dispatched: ["completed", "refunded"],
  completed: ["refunded"],
  refunded: [],
}

describe("payment transition table", () => {
  for (const from of P) {
    for (const to of P) {
      const allowed = EXPECTED_PAYMENT[from].includes(to)
      it(`${from} → ${to} is ${allowed ? "allowed" : "forbidden"}`, () => {
        expect(isPaymentTransitionAllowed(from, to)).toBe(allowed)
      })
    }
  }
})

describe("fulfillment transition table", () => {
  for (const from of F) {
    for (const to of FULFILLMENT_STATUSES) {
      const allowed = EXPECTED_FULFILLMENT[String(from)].includes(to)
      it(`${from ?? "none"} → ${to} is ${allowed ? "allowed" : "forbidden"}`, () => {
        expect(isFulfillmentTransitionAllowed(from, to)).toBe(allowed)
      })
    }
  }
})

describe("action rules only use legal pairs", () => {
  const states: LifecycleState[] = []
  for (const p of P) for (const f of F) for (const h of [false, true]) states.push({ payment_status: p, fulfillment_status: f, on_hold: h })

  for (const action of [...ADMIN_ACTIONS, ...SYSTEM_ACTIONS]) {
    it(`${action}: every reachable result is a legal transition`, () => {
      for (const s of states) {
        for (const actor of ["user", "customer", "system", "gateway"] as const) {
          const d = decide(action, s, actor)
          if (!d.ok) continue
          const after = applyEffect(s, d.effect)
          if (after.payment_status !== s.payment_status) {
            expect(isPaymentTransitionAllowed(s.payment_status, after.payment_status)).toBe(true)
          }
          if (after.fulfillment_status !== s.fulfillment_status) {
            expect(isFulfillmentTransitionAllowed(s.fulfillment_status, after.fulfillment_status!)).toBe(true)
          }
          // fulfilment only ever starts once the payment is confirmed
          if (after.fulfillment_status !== null) expect(after.payment_status).toBe("confirmed")
        }
      }
    })
  }

  it("every rule table entry is reachable by some state", () => {
    for (const [action, rules] of Object.entries(ACTION_RULES)) {
      rules.forEach((rule, i) => {
        const hit = states.some((s) => {
          const d = decide(action as any, s, rule.actors[0])
          return d.ok && d.rule === i
        })
        expect([action, i, hit]).toEqual([action, i, true])
      })
    }
  })
})

describe("decide", () => {
  const s = (p: string, f: string | null, on_hold = false, hold_reason: string | null = null) =>
    ({ payment_status: p, fulfillment_status: f, on_hold, hold_reason }) as LifecycleState

  it("approves a confirmed, holded order", () => {
    expect(decide("approve", s("confirmed", "holded"), "user")).toMatchObject({ ok: true, effect: { fulfillment_status: "processing" } })
  })
  it("refuses approval on hold with the reason", () => {
    const d = decide("approve", s("confirmed", "holded", true, "fraud check"), "user")
    expect(d).toMatchObject({ ok: false, code: "not_allowed" })
    expect((d as any).message).toContain("fraud check")
  })
  it("cancels unpaid orders for any actor, paid undispatched ones only for staff", () => {
    expect(decide("cancel", s("pending", null), "customer")).toMatchObject({ ok: true, effect: { payment_status: "canceled" } })
    expect(decide("cancel", s("confirmed", "processing"), "user")).toMatchObject({ ok: true, effect: { fulfillment_status: "refunded" } })
    const customer = decide("cancel", s("confirmed", "holded"), "customer")
    expect(customer).toMatchObject({ ok: false, code: "forbidden" })
    expect((customer as any).message).toContain("already paid")
  })
  it("a partly paid order: staff may cancel it (Medusa refunds what was captured), the customer may not; it cannot be reviewed or dispatched", () => {
    expect(decide("cancel", s("partially_paid", null), "user")).toMatchObject({ ok: true, effect: { payment_status: "canceled" } })
    expect(decide("cancel", s("partially_paid", null), "customer")).toMatchObject({ ok: false, code: "forbidden" })
    expect(decide("payment_partially_paid", s("pending", null), "gateway")).toMatchObject({ ok: true, effect: { payment_status: "partially_paid" } })
    expect(decide("payment_confirmed", s("partially_paid", null), "system")).toMatchObject({ ok: true, effect: { payment_status: "confirmed" } })
    expect(decide("submit_review", s("partially_paid", null), "system")).toMatchObject({ ok: false })
    expect((decide("dispatch", s("partially_paid", null), "user") as any).message).toContain("payment is not confirmed yet")
  })
  it("refuses to cancel an activated order with the seed's reason", () => {
    const d = decide("cancel", s("confirmed", "dispatched"), "user")
    expect(d.ok).toBe(false)
    expect((d as any).message).toContain("already paid and activated")
  })
  it("refuses to cancel twice", () => {
    expect((decide("cancel", s("canceled", null), "user") as any).message).toContain("already canceled")
  })
  it("lets only a person accept a suspected-fraud payment", () => {
    expect(decide("payment_confirmed", s("suspected_fraud", null), "gateway")).toMatchObject({ ok: false, code: "forbidden" })
    expect(decide("payment_confirmed", s("suspected_fraud", null), "user").ok).toBe(true)
  })
  it("does not let a customer approve or dispatch", () => {
    expect(decide("approve", s("confirmed", "holded"), "customer")).toMatchObject({ ok: false, code: "forbidden" })
    expect(decide("dispatch", s("confirmed", "processing"), "customer")).toMatchObject({ ok: false, code: "forbidden" })
  })
  it("revives only a canceled, never-fulfilled order, and only by a person", () => {
    expect(decide("revive", s("canceled", null), "user")).toMatchObject({ ok: true, effect: { payment_status: "confirmed" } })
    expect(decide("revive", s("canceled", null), "system")).toMatchObject({ ok: false, code: "forbidden" })
    expect(decide("revive", s("pending", null), "user").ok).toBe(false)
  })
  it("explains that payment is missing", () => {
    expect((decide("dispatch", s("pending", null), "user") as any).message).toContain("payment is not confirmed")
  })
})

describe("refund (a refund request refunded the order in full)", () => {
  it("any paid fulfilment status but refunded becomes refunded, by the system only", () => {
    for (const f of [null, "holded", "processing", "dispatched", "completed"] as const) {
      expect(decide("refund", { payment_status: "confirmed", fulfillment_status: f, on_hold: false }, "system")).toMatchObject({ ok: true, effect: { fulfillment_status: "refunded" } })
    }
    expect(decide("refund", { payment_status: "confirmed", fulfillment_status: "refunded", on_hold: false }, "system").ok).toBe(false)
    expect(decide("refund", { payment_status: "pending", fulfillment_status: null, on_hold: false }, "system").ok).toBe(false)
    expect(decide("refund", { payment_status: "confirmed", fulfillment_status: "processing", on_hold: false }, "user")).toMatchObject({ ok: false, code: "forbidden" })
  })
})
