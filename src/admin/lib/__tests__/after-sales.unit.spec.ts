import { ageOf, canReject, canRetry, communicationRows, communicationText, CONTACT_CHANNELS, evidenceKind, formatAge, formatBytes, retryDestination, notesOfRequest, parseRefundFilter, progressSteps, refundListQuery, REFUND_FILTERS, REFUND_STATUS_COLOR } from "../after-sales"
import { REFUND_FAILURE_CAUSES, REFUND_REASONS, REFUND_STATUSES } from "../api"
import { parseFilters, toSearchParams, viewFilters } from "../filters"
import { readdirSync, readFileSync, statSync } from "node:fs"
import path from "node:path"
import en from "../../i18n/en"
import zhCN from "../../i18n/zh-cn"

describe("after-sales admin helpers", () => {
  it("the queue's filter: requested by default, all leaves the status out", () => {
    expect(parseRefundFilter(null)).toBe("requested")
    expect(parseRefundFilter("bogus")).toBe("requested")
    expect(parseRefundFilter("failed")).toBe("failed")
    expect(refundListQuery("requested", 1, 20)).toEqual({ status: "requested", limit: 20, offset: 0 })
    expect(refundListQuery("all", 3, 20, " MO1 ")).toEqual({ q: "MO1", limit: 20, offset: 40 })
  })

  it("the Refunds tab lives in the page's URL; the default status stays out of it and out of saved views", () => {
    const f = parseFilters(new URLSearchParams("view=refunds&refund_status=failed&refund_q=abc&page=2"))
    expect(f).toMatchObject({ view: "refunds", refund_status: "failed", refund_q: "abc", page: 2 })
    expect(toSearchParams(f).toString()).toBe("view=refunds&refund_status=failed&refund_q=abc&page=2")
    expect(toSearchParams(parseFilters(new URLSearchParams("view=refunds&refund_status=requested"))).toString()).toBe("view=refunds")
    expect(toSearchParams(parseFilters(new URLSearchParams("refund_status=failed"))).toString()).toBe("")
    expect(viewFilters(f)).toEqual({})
  })

  it("progress: requested → reviewed → processing → refunded, or the end state", () => {
    const keys = (s: Parameters<typeof progressSteps>[0]) => progressSteps(s).map((x) => `${x.key}:${x.state}`)
    expect(keys("requested")).toEqual(["requested:done", "reviewed:current", "processing:todo", "refunded:todo"])
    expect(keys("processing")).toEqual(["requested:done", "reviewed:done", "processing:current", "refunded:todo"])
    expect(keys("refunded")).toEqual(["requested:done", "reviewed:done", "processing:done", "refunded:done"])
    expect(keys("failed")).toEqual(["requested:done", "reviewed:done", "failed:error", "refunded:todo"])
    expect(keys("rejected")).toEqual(["requested:done", "rejected:ended"])
    expect(keys("withdrawn")).toEqual(["requested:done", "withdrawn:ended"])
    for (const s of REFUND_STATUSES) expect(REFUND_STATUS_COLOR[s]).toBeTruthy()
  })

  it("actions by state: approve a request to review, reject it or a failed one, retry a failed one (to the balance when asking again cannot help)", () => {
    expect(canReject({ status: "failed" })).toBe(true)
    expect(canReject({ status: "refunded" })).toBe(false)
    expect(canRetry({ status: "failed" })).toBe(true)
    expect(retryDestination({ destination: "original", failure: { cause: "merchant_balance_insufficient", message: "", retryable: true } })).toBe("original")
    expect(retryDestination({ destination: "original", failure: { cause: "channel_not_configured", message: "", retryable: false } })).toBe("balance")
  })

  it("age in the largest whole unit", () => {
    const now = new Date("2026-03-10T12:00:00Z")
    expect(ageOf("2026-03-10T11:58:30Z", now)).toEqual({ value: 1, unit: "minute" })
    expect(ageOf("2026-03-10T09:00:00Z", now)).toEqual({ value: 3, unit: "hour" })
    expect(ageOf("2026-03-07T11:00:00Z", now)).toEqual({ value: 3, unit: "day" })
    expect(formatAge("2026-03-07T11:00:00Z", "en", now)).toMatch(/3 days ago/)
  })

  it("a request's communications: exactly the notes its communication timeline rows link to (metadata.note_id)", () => {
    const row = (id: string, action: string, metadata: Record<string, unknown> | null, message: string | null = null) => ({ id, action, metadata, message })
    const notes = [
      { id: "note_a", kind: "communication", created_at: "2026-03-02T00:00:00Z" },
      { id: "note_b", kind: "communication", created_at: "2026-03-02T00:00:00Z" },
      { id: "note_c", kind: "note", created_at: "2026-03-05T00:00:00Z" },
      { id: "note_d", kind: "communication", created_at: "2026-03-06T00:00:00Z" },
    ]
    const r = {
      history: [
        row("h1", "requested", null),
        row("h2", "communication", { note_id: "note_b", channel: "phone" }, "phone: called back"),
        row("h3", "communication", { note_id: "note_d", channel: "email" }, "email: sent the form"),
        // not a link: another action, or a communication row without a note id
        row("h4", "approved", { note_id: "note_a" }),
        row("h5", "communication", { channel: "chat" }),
      ],
    }
    expect(notesOfRequest(notes, r).map((n) => n.id)).toEqual(["note_b", "note_d"])
    expect(communicationRows(r.history).map((h) => h.id)).toEqual(["h2", "h3"])
    // no links, no notes: communications recorded while the request was open are not guessed into it
    expect(notesOfRequest(notes, { history: [row("h1", "requested", null)] })).toEqual([])
    expect(notesOfRequest(notes, { history: [] })).toEqual([])
    // a linked note the order no longer lists is simply absent
    expect(notesOfRequest([], r)).toEqual([])
  })

  it("a communication row's text drops the channel prefix the server writes; channels and evidence kinds", () => {
    expect(communicationText({ message: "phone: called back, parcel found", metadata: { channel: "phone", note_id: "n" } })).toBe("called back, parcel found")
    expect(communicationText({ message: "sent the form", metadata: { channel: "email" } })).toBe("sent the form")
    expect(communicationText({ message: null, metadata: null })).toBe("")
    expect([...CONTACT_CHANNELS]).toEqual(["phone", "email", "chat", "wechat", "other"])
    for (const s of [en, zhCN]) for (const c of CONTACT_CHANNELS) expect(typeof (s.notes.channels as Record<string, string>)[c]).toBe("string")
    expect(evidenceKind("image/png")).toBe("image")
    expect(evidenceKind("image/jpeg")).toBe("image")
    expect(evidenceKind("application/pdf")).toBe("pdf")
    expect(evidenceKind("application/octet-stream")).toBe("file")
    expect(formatBytes(512)).toBe("512 B")
    expect(formatBytes(2048)).toBe("2 KB")
    expect(formatBytes(1_572_864)).toBe("1.5 MB")
  })

  it("names every status, filter, reason, failure cause and destination in both languages", () => {
    for (const s of [en, zhCN]) {
      expect(Object.keys(s.afterSales.statuses).sort()).toEqual([...REFUND_STATUSES].sort())
      expect(Object.keys(s.afterSales.filters).sort()).toEqual([...REFUND_FILTERS].sort())
      expect(Object.keys(s.afterSales.reasons).sort()).toEqual([...REFUND_REASONS].sort())
      expect(Object.keys(s.afterSales.causes).sort()).toEqual([...REFUND_FAILURE_CAUSES].sort())
      expect(Object.keys(s.afterSales.destinations).sort()).toEqual(["balance", "original"])
    }
    expect(zhCN.afterSales.causes.merchant_balance_insufficient).toBe("商户账户余额不足")
    expect(en.afterSales.causes.channel_not_configured).toBe("Refund API not configured for this channel")
  })
})

describe("after-sales strings used by the screens", () => {
  it("every literal afterSales.* key the components use exists in English (and so, by the i18n test, in Chinese)", () => {
    const root = path.resolve(__dirname, "../..")
    const files: string[] = []
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f)
        if (statSync(p).isDirectory()) f !== "__tests__" && walk(p)
        else if (/\.tsx?$/.test(f)) files.push(p)
      }
    }
    walk(root)
    const used = new Set<string>()
    for (const f of files) for (const m of readFileSync(f, "utf8").matchAll(/t\(\s*"(afterSales\.[\w.]+)"/g)) used.add(m[1])
    expect(used.size).toBeGreaterThan(20)
    const get = (k: string) => k.split(".").reduce<any>((o, p) => (o == null ? undefined : o[p]), en)
    const missing = [...used].filter((k) => typeof get(k) !== "string" && typeof get(`${k}_one`) !== "string")
    expect(missing).toEqual([])
  })
})
