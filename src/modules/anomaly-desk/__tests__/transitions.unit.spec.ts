import { ANOMALY_PROCESS, checkMove, DESK_STATUSES, nextStatuses, STORED_RESOLUTION } from "../transitions"
import { ANOMALY_STATUSES } from "../../order-management/models/order-anomaly"

describe("the anomaly desk's process", () => {
  it("is the table the docs show", () => {
    expect(ANOMALY_PROCESS).toEqual({
      open: ["investigating", "waiting_customer", "resolved", "dismissed"],
      investigating: ["open", "waiting_customer", "resolved", "dismissed"],
      waiting_customer: ["investigating", "resolved", "dismissed"],
      resolved: [],
      dismissed: [],
    })
  })

  it("knows the same statuses as the anomaly's column", () => {
    expect([...DESK_STATUSES].sort()).toEqual([...ANOMALY_STATUSES].sort())
  })

  it("allows every listed move and refuses every other one with 409 naming from and to", () => {
    for (const from of DESK_STATUSES) {
      for (const to of DESK_STATUSES) {
        const r = checkMove(from, to, { resolution: to === "resolved" ? "refund" : null, note: "checked" })
        if (nextStatuses(from).includes(to)) expect(r).toEqual({ ok: true })
        else {
          expect(r).toMatchObject({ ok: false, code: "conflict" })
          expect((r as any).message).toContain(`from ${from} to ${to}`)
        }
      }
    }
  })

  it("says a final status is final", () => {
    expect(checkMove("resolved", "investigating")).toEqual({ ok: false, code: "conflict", message: "Cannot move this anomaly from resolved to investigating: resolved is final" })
    expect(checkMove("dismissed", "open")).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("dismissed is final") })
  })

  it("needs a resolution to resolve, and only then", () => {
    expect(checkMove("open", "resolved", {})).toMatchObject({ ok: false, code: "invalid", message: expect.stringMatching(/^resolution is required/) })
    expect(checkMove("open", "resolved", { resolution: "shrug" })).toMatchObject({ ok: false, code: "invalid", message: "resolution must be one of: refund, resend, revive, manual" })
    expect(checkMove("open", "investigating", { resolution: "refund" })).toMatchObject({ ok: false, code: "invalid", message: "resolution is only given when to is resolved" })
    expect(checkMove("waiting_customer", "resolved", { resolution: "refund" })).toEqual({ ok: true })
    expect(checkMove("open", "resolved", { resolution: "revive" })).toEqual({ ok: true })
  })

  it("needs a note to dismiss and for manual and resend, a blank one does not count", () => {
    expect(checkMove("open", "dismissed", {})).toMatchObject({ ok: false, code: "invalid", message: "note is required to dismiss an anomaly" })
    expect(checkMove("investigating", "dismissed", { note: "   " })).toMatchObject({ ok: false, code: "invalid" })
    expect(checkMove("investigating", "dismissed", { note: "test order" })).toEqual({ ok: true })
    expect(checkMove("open", "resolved", { resolution: "manual" })).toMatchObject({ ok: false, message: "note is required to resolve with manual" })
    expect(checkMove("open", "resolved", { resolution: "resend", note: "" })).toMatchObject({ ok: false, message: "note is required to resolve with resend" })
    expect(checkMove("open", "resolved", { resolution: "resend", note: "sent the key again" })).toEqual({ ok: true })
  })

  it("refuses an unknown target as bad input, and an unknown origin as a conflict", () => {
    expect(checkMove("open", "closed")).toMatchObject({ ok: false, code: "invalid", message: expect.stringMatching(/^to must be one of: open, investigating/) })
    expect(checkMove("archived", "open")).toMatchObject({ ok: false, code: "conflict" })
  })

  it("stores each resolution in the words the older anomalies use", () => {
    expect(STORED_RESOLUTION).toEqual({ refund: "refunded", resend: "resent", revive: "revived", manual: "manual" })
  })
})
