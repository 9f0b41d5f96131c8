import { ageOf, canReject, canRetry, canRetryOriginal, communicationRows, communicationText, CONTACT_CHANNELS, evidenceKind, formatAge, formatBytes, itemTitles, namedItems, newRequestBlock, retryDestination, notesOfRequest, parseRefundFilter, progressSteps, refundListQuery, REFUND_FILTERS, REFUND_STATUS_COLOR, timelineDetail } from "../after-sales"
import type { RefundRequest } from "../api"
import { providerKey } from "../../components/provider-name"
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

describe("after-sales: the timeline in the admin's words, the card's new request, a retry", () => {
  const at = (n: number) => `2026-03-10T10:0${n}:00.000Z`
  const row = (n: number, action: string, metadata: Record<string, unknown> | null, message: string | null, extra: Partial<RefundRequest["history"][number]> = {}): RefundRequest["history"][number] => ({
    id: `h${n}`, action, metadata, message, from_status: null, to_status: null, actor: { type: "user", id: "user_1" }, created_at: at(n), ...extra,
  })
  const history = [
    row(0, "requested", null, "opened by an admin on the customer's behalf"),
    row(1, "approved", null, "120.00 CNY to the original payment method: photo checked"),
    row(2, "processing", { attempt: 1, destination: "original" }, "120.00 CNY to the original payment method"),
    row(3, "refund_sent", { refunds: [{ amount_minor: 12000, provider_id: "pp_system_default", status: "succeeded", platform_refund_no: null, destination: "original" }] }, "120.00 CNY via pp_system_default: succeeded"),
    row(4, "failed", { cause: "deadline_passed", message: "the refund deadline of pp_alipay_alipay for this payment passed on 2026-01-01", platform_code: null, retryable: false }, "deadline_passed: the refund deadline of pp_alipay_alipay …"),
    row(5, "retried", { attempt: 2, destination: "balance" }, "38.00 CNY to the customer's balance"),
    row(6, "refunded", null, "38.00 CNY refunded to the customer's balance"),
    row(7, "items_returned", { return_id: "return_1", items: [{ id: "item_tea", quantity: 2 }], restocked: [{ id: "item_tea" }] }, "2 item(s) received back and restocked"),
    row(8, "return_failed", null, "Medusa's return flow refused the return: no return shipping option"),
    row(9, "refund_succeeded", { refund_id: "ref_1", platform_refund_no: "5030", status: "SUCCESS" }, "notify: refund 5030 of 120.00 CNY succeeded", { actor: { type: "gateway", id: "pp_wechatpay_wechatpay" } }),
    row(10, "rejected", null, "the tea was opened and used"),
    row(11, "communication", { note_id: "note_1", channel: "phone" }, "phone: called back"),
    row(12, "something_new", null, "a server's new step"),
  ]
  const r = {
    requested_amount_minor: 15800, amount_minor: 15800, refunded_minor: 15800, reason_code: "damaged", destination: "balance" as const, review_note: "photo checked",
    refunds: [{ refund_id: "ref_1", payment_id: null, provider_id: "pp_wechatpay_wechatpay", amount_minor: 12000, destination: "original" as const, platform_refund_no: "5030", status: "succeeded" as const, created_at: at(3) }],
    history,
  }
  const detail = (n: number) => timelineDetail(history[n], r, { item_tea: "Jasmine tea" })

  it("each known action from its structured fields; a person's text kept as written, the platform's words apart", () => {
    expect(detail(0)).toEqual({ kind: "requested", amount_minor: 15800, reason_code: "damaged", on_behalf: true })
    // the approval's destination: where its first send went (the request's destination changed on a later retry)
    expect(detail(1)).toEqual({ kind: "approved", amount_minor: 15800, destination: "original", text: "photo checked" })
    expect(detail(2)).toEqual({ kind: "processing", destination: "original", attempt: 1, settled_after_all: false })
    expect(detail(3)).toEqual({ kind: "refund_sent", moves: [{ amount_minor: 12000, provider_id: "pp_system_default", status: "succeeded", platform_refund_no: null, destination: "original" }] })
    expect(detail(4)).toEqual({ kind: "failed", cause: "deadline_passed", retryable: false, raw: "the refund deadline of pp_alipay_alipay for this payment passed on 2026-01-01", platform_code: null })
    expect(detail(5)).toMatchObject({ kind: "retried", destination: "balance", attempt: 2 })
    expect(detail(6)).toEqual({ kind: "refunded", amount_minor: 15800, destination: "balance" })
    expect(detail(7)).toEqual({ kind: "items_returned", items: [{ item_id: "item_tea", quantity: 2, title: "Jasmine tea" }], restocked: true })
    expect(detail(8)).toEqual({ kind: "return_failed", raw: "no return shipping option" })
    expect(detail(9)).toEqual({ kind: "platform_refund", status: "succeeded", amount_minor: 12000, platform_refund_no: "5030" })
    expect(detail(10)).toEqual({ kind: "rejected", text: "the tea was opened and used" })
    expect(detail(11)).toEqual({ kind: "communication", channel: "phone", text: "called back" })
    expect(detail(12)).toEqual({ kind: "unknown", text: "a server's new step" })
    // the platform settling a failed refund after all: no destination, from failed
    expect(timelineDetail(row(13, "processing", null, "the platform settled the refund after all", { from_status: "failed" }), r)).toMatchObject({ settled_after_all: true })
    // revoked service items keep the title the server recorded when the order does not name them
    expect(timelineDetail(row(14, "service_revoked", { items: [{ item_id: "item_x", quantity: 1, title: "Membership" }] }, "1 activated service item(s) revoked"), r)).toEqual({ kind: "service_revoked", items: [{ item_id: "item_x", quantity: 1, title: "Membership" }] })
  })

  it("in 简体中文 a timeline's words hold no provider id and no English (the server's message is only a tooltip)", () => {
    const fill = (tpl: string, v: Record<string, string>) => tpl.replace(/\{\{(\w+)\}\}/g, (_, k) => v[k])
    const zh = zhCN.afterSales
    const move = (detail(3) as { moves: Array<{ provider_id: string; status: string }> }).moves[0]
    const sent = fill(zh.timeline.sentVia, { amount: "¥120.00", provider: (zhCN.providers as Record<string, string>)[providerKey(move.provider_id)], status: (zh.refundStatuses as Record<string, string>)[move.status] })
    expect(sent).toBe("¥120.00 经手动收款退回：成功")
    const refunded = fill(zh.timeline.moneyTo, { amount: "¥158.00", destination: zh.destinations.balance })
    const failed = zh.causes[(detail(4) as { cause: "deadline_passed" }).cause]
    for (const line of [sent, refunded, failed, zh.timeline.returnFailed, zh.timeline.settledAfterAll, zh.timeline.onBehalf]) {
      expect(line).not.toMatch(/pp_|refunded to|via|deadline_passed/)
    }
    expect(Object.keys(zh.timeline).sort()).toEqual(Object.keys(en.afterSales.timeline).sort())
    expect(zh.rejectedBecause).toBe("拒绝原因：{{reason}}")
    expect(zh.deadlinePassed).toBe("已超过退款期限（{{time}}）")
    expect(en.afterSales.rejectedBecause).toBe("Rejected: {{reason}}")
  })

  it("the card offers a new request only with something refundable, before the deadline, and no request open", () => {
    const now = new Date("2026-03-10T12:00:00Z")
    expect(newRequestBlock({ amount_minor: 100, deadline_at: "2026-04-01T00:00:00Z", open_request_id: null }, now)).toBeNull()
    expect(newRequestBlock({ amount_minor: 100, deadline_at: null, open_request_id: null }, now)).toBeNull()
    expect(newRequestBlock({ amount_minor: 0, deadline_at: "2026-04-01T00:00:00Z", open_request_id: null }, now)).toBe("nothing")
    expect(newRequestBlock({ amount_minor: 0, deadline_at: "2026-01-01T00:00:00Z", open_request_id: null }, now)).toBe("nothing")
    expect(newRequestBlock({ amount_minor: 100, deadline_at: "2026-03-10T11:59:00Z", open_request_id: null }, now)).toBe("deadline")
    expect(newRequestBlock({ amount_minor: 100, deadline_at: null, open_request_id: "rfreq_1" }, now)).toBe("open")
  })

  it("a request's items named from the order's line items", () => {
    const titles = itemTitles([
      { id: "item_tea", title: "Jasmine tea", variant_title: "250 g" },
      { id: "item_pot", title: "Teapot", variant_title: "Default variant" },
      { id: "item_x", title: null, product_title: "Membership" },
    ])
    expect(titles).toEqual({ item_tea: "Jasmine tea (250 g)", item_pot: "Teapot", item_x: "Membership" })
    expect(namedItems([{ item_id: "item_tea", quantity: 2 }, { item_id: "item_gone", quantity: 1 }], titles)).toEqual([
      { item_id: "item_tea", quantity: 2, title: "Jasmine tea (250 g)" },
      { item_id: "item_gone", quantity: 1, title: null },
    ])
    expect(namedItems(null)).toEqual([])
  })

  it("a retry the same way: not after a failure that is not retryable, unless the channel just needed setting up", () => {
    const f = (cause: string, retryable?: boolean) => ({ failure: { cause, message: "", retryable } })
    expect(canRetryOriginal(f("merchant_balance_insufficient", true))).toBe(true)
    expect(canRetryOriginal(f("platform_error"))).toBe(true)
    expect(canRetryOriginal(f("deadline_passed", false))).toBe(false)
    expect(canRetryOriginal(f("information_incomplete", false))).toBe(false)
    expect(canRetryOriginal(f("channel_not_configured", false))).toBe(true)
    expect(canRetryOriginal({ failure: null })).toBe(true)
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
