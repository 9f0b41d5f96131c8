import type { RefundDestination, RefundRequest, RefundStatus } from "./api"

/** Pure helpers of the after-sales screens (refund queue and the order's After-sales card). */

export type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"
export const REFUND_STATUS_COLOR: Record<RefundStatus, BadgeColor> = {
  requested: "orange",
  approved: "blue",
  processing: "purple",
  refunded: "green",
  failed: "red",
  rejected: "grey",
  withdrawn: "grey",
}

/** The queue's status filter: one status, or "all" (the API's status left out). Requests waiting for review first. */
export const REFUND_FILTERS = ["requested", "approved", "processing", "failed", "refunded", "rejected", "withdrawn", "all"] as const
export type RefundFilter = (typeof REFUND_FILTERS)[number]
export const DEFAULT_REFUND_FILTER: RefundFilter = "requested"

export function parseRefundFilter(v: string | null | undefined): RefundFilter {
  return (REFUND_FILTERS as readonly string[]).includes(v ?? "") ? (v as RefundFilter) : DEFAULT_REFUND_FILTER
}

/** The list API's query for the queue: `status` unless "all". */
export function refundListQuery(filter: RefundFilter, page: number, pageSize: number, q = ""): { status?: string; q?: string; limit: number; offset: number } {
  return {
    ...(filter === "all" ? {} : { status: filter }),
    ...(q.trim() ? { q: q.trim() } : {}),
    limit: pageSize,
    offset: (Math.max(1, page) - 1) * pageSize,
  }
}

/** approve: a request waiting for review */
export const canDecide = (r: Pick<RefundRequest, "status">) => r.status === "requested"
/** reject: waiting for review, or a failed refund the admin gives up on */
export const canReject = (r: Pick<RefundRequest, "status">) => r.status === "requested" || r.status === "failed"
/** retry: a failed refund, the same way or to the balance instead (the only way left when the failure is not retryable) */
export const canRetry = (r: Pick<RefundRequest, "status">) => r.status === "failed"
/**
 * May a retry go the same way again? Not when the last failure is not retryable (the server answers 409: refund to
 * the balance or reject), except a channel without a refund API set up: once the store fixes its setup it works.
 */
export const canRetryOriginal = (r: Pick<RefundRequest, "failure">) =>
  !r.failure || r.failure.retryable !== false || r.failure.cause === "channel_not_configured"
/** where a retry goes by default: the same way, unless asking the platform again cannot help */
export const retryDestination = (r: Pick<RefundRequest, "destination" | "failure">): "original" | "balance" =>
  r.failure?.retryable === false ? "balance" : r.destination ?? "original"
export const isOpen = (r: Pick<RefundRequest, "status">) => r.status === "requested" || r.status === "approved" || r.status === "processing" || r.status === "failed"

export type StepState = "done" | "current" | "todo" | "error" | "ended"
export type Step = { key: "requested" | "reviewed" | "processing" | "refunded" | "rejected" | "withdrawn" | "failed"; state: StepState }

/**
 * The resolution progress of a request: requested → reviewed → processing → refunded, or where it ended
 * (rejected or withdrawn after "requested"; failed in place of "processing", retry possible).
 */
export function progressSteps(status: RefundStatus): Step[] {
  switch (status) {
    case "requested":
      return [{ key: "requested", state: "done" }, { key: "reviewed", state: "current" }, { key: "processing", state: "todo" }, { key: "refunded", state: "todo" }]
    case "approved":
      return [{ key: "requested", state: "done" }, { key: "reviewed", state: "done" }, { key: "processing", state: "current" }, { key: "refunded", state: "todo" }]
    case "processing":
      return [{ key: "requested", state: "done" }, { key: "reviewed", state: "done" }, { key: "processing", state: "current" }, { key: "refunded", state: "todo" }]
    case "refunded":
      return [{ key: "requested", state: "done" }, { key: "reviewed", state: "done" }, { key: "processing", state: "done" }, { key: "refunded", state: "done" }]
    case "failed":
      return [{ key: "requested", state: "done" }, { key: "reviewed", state: "done" }, { key: "failed", state: "error" }, { key: "refunded", state: "todo" }]
    case "rejected":
      return [{ key: "requested", state: "done" }, { key: "rejected", state: "ended" }]
    case "withdrawn":
      return [{ key: "requested", state: "done" }, { key: "withdrawn", state: "ended" }]
  }
}

/** How long ago, as the largest whole unit (for Intl.RelativeTimeFormat): 90 s → 1 minute, 26 h → 1 day. */
export function ageOf(iso: string, now: Date = new Date()): { value: number; unit: "minute" | "hour" | "day" } {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000))
  if (minutes < 60) return { value: minutes, unit: "minute" }
  if (minutes < 24 * 60) return { value: Math.floor(minutes / 60), unit: "hour" }
  return { value: Math.floor(minutes / (24 * 60)), unit: "day" }
}

/** "3 days ago" / "3天前" in the admin's language. */
export function formatAge(iso: string, locale: string, now: Date = new Date()): string {
  const { value, unit } = ageOf(iso, now)
  return new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" }).format(-value, unit)
}

/** The timeline rows that link a customer-service contact (an order note) to a request. */
export const communicationRows = <H extends { action: string; metadata: Record<string, unknown> | null }>(history: H[] | null | undefined): H[] =>
  (history ?? []).filter((h) => h.action === "communication" && typeof h.metadata?.note_id === "string")

/**
 * The order's notes that belong to a request: exactly those a `communication` row of its timeline links to
 * (`metadata.note_id`, written by POST …/refund-requests/:id/communications). No guessing by time or kind.
 */
export function notesOfRequest<N extends { id: string }>(notes: N[], r: { history?: Array<{ action: string; metadata: Record<string, unknown> | null }> | null }): N[] {
  const ids = new Set(communicationRows(r.history).map((h) => h.metadata!.note_id as string))
  return ids.size ? notes.filter((n) => ids.has(n.id)) : []
}

/** A communication row's text without the "<channel>: " the server puts before it (the channel is shown as a label). */
export function communicationText(h: { message: string | null; metadata: Record<string, unknown> | null }): string {
  const m = h.message ?? ""
  const channel = typeof h.metadata?.channel === "string" ? h.metadata.channel : null
  return channel && m.startsWith(`${channel}: `) ? m.slice(channel.length + 2) : m
}

/** The channels a contact is logged with (labels: notes.channels.*). */
export const CONTACT_CHANNELS = ["phone", "email", "chat", "wechat", "other"] as const

/** What an evidence file is shown as: an image thumbnail, a PDF link, or a plain link for anything else. */
export const evidenceKind = (mime: string): "image" | "pdf" | "file" => (mime.startsWith("image/") ? "image" : mime === "application/pdf" ? "pdf" : "file")

/** 2,048 → "2 KB", 1,572,864 → "1.5 MB" (evidence is at most 5 MB). */
export function formatBytes(n: number, locale = "en"): string {
  if (!Number.isFinite(n) || n < 0) return ""
  if (n < 1024) return `${n} B`
  const [v, unit] = n < 1024 * 1024 ? [n / 1024, "KB"] : [n / (1024 * 1024), "MB"]
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v)} ${unit}`
}

/**
 * Why the card offers no "New refund request": an open request must be decided first, nothing is left to refund,
 * or the refund deadline passed (a deadline in the past, at `now`). null: a request may be opened.
 */
export function newRequestBlock(
  refundable: { amount_minor: number; deadline_at: string | null; open_request_id: string | null },
  now: Date = new Date(),
): "nothing" | "deadline" | "open" | null {
  if (refundable.amount_minor <= 0) return "nothing"
  if (refundable.deadline_at && new Date(refundable.deadline_at).getTime() < now.getTime()) return "deadline"
  if (refundable.open_request_id) return "open"
  return null
}

/** An item of a request (or of a timeline row) with the order's title for it: "Jasmine tea × 2". */
export type NamedItem = { item_id: string; quantity: number; title: string | null }

/** The order's line items by id → their title ("Teapot (white)"), for naming a request's items. */
export function itemTitles(items: Array<{ id: string; title?: string | null; product_title?: string | null; variant_title?: string | null }> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of items ?? []) {
    const title = i.title || i.product_title
    if (!title) continue
    out[i.id] = i.variant_title && i.variant_title !== title && i.variant_title !== "Default variant" ? `${title} (${i.variant_title})` : title
  }
  return out
}

/** `[{item_id | id, quantity, title?}]` (a request's items, or a timeline row's metadata.items) named from the order. */
export function namedItems(list: unknown, titles: Record<string, string> = {}): NamedItem[] {
  if (!Array.isArray(list)) return []
  return list
    .map((x) => {
      const o = (x ?? {}) as Record<string, unknown>
      const id = typeof o.item_id === "string" ? o.item_id : typeof o.id === "string" ? o.id : ""
      const quantity = Number(o.quantity ?? 1)
      return { item_id: id, quantity: Number.isFinite(quantity) ? quantity : 1, title: titles[id] ?? (typeof o.title === "string" && o.title ? o.title : null) }
    })
    .filter((i) => i.item_id || i.title)
}

type HistoryRow = RefundRequest["history"][number]
export type TimelineMove = { amount_minor: number; provider_id: string | null; status: string; platform_refund_no: string | null; destination: RefundDestination }

/**
 * What a timeline row says, from its structured fields (never the server's English `message`, which stays a
 * tooltip): the screen words each kind in the admin's language. `text` is a person's own words (the admin's
 * reject reason or approval note, a contact's text), shown as written; `raw` is the platform's own message (a
 * failure, a refused return), shown as a muted second line. An action the screen does not know: `unknown`, which
 * shows the message.
 */
export type TimelineDetail =
  | { kind: "requested"; amount_minor: number; reason_code: string; on_behalf: boolean }
  | { kind: "withdrawn" }
  | { kind: "approved"; amount_minor: number; destination: RefundDestination | null; text: string | null }
  | { kind: "rejected"; text: string | null }
  | { kind: "processing" | "retried"; destination: RefundDestination | null; attempt: number | null; settled_after_all: boolean }
  | { kind: "refund_sent"; moves: TimelineMove[] }
  | { kind: "platform_refund"; status: "succeeded" | "closed" | "abnormal"; amount_minor: number | null; platform_refund_no: string | null }
  | { kind: "failed"; cause: string | null; retryable: boolean | null; raw: string | null; platform_code: string | null }
  | { kind: "refunded"; amount_minor: number; destination: RefundDestination | null }
  | { kind: "service_revoked"; items: NamedItem[] }
  | { kind: "items_returned"; items: NamedItem[]; restocked: boolean }
  | { kind: "return_failed"; raw: string | null }
  | { kind: "communication"; channel: string | null; text: string }
  | { kind: "unknown"; text: string | null }

const str = (v: unknown) => (typeof v === "string" && v ? v : null)
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : null)
const dest = (v: unknown): RefundDestination | null => (v === "original" || v === "balance" ? v : null)
const RETURN_REFUSED = "Medusa's return flow refused the return: "

/** The destination money went at a row: the nearest processing / retried row at or before it (else after it, else the request's). */
function destinationAt(r: Pick<RefundRequest, "destination" | "history">, h: HistoryRow, after = false): RefundDestination | null {
  const sends = [...(r.history ?? [])]
    .filter((x) => (x.action === "processing" || x.action === "retried") && dest(x.metadata?.destination))
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
  const pick = after ? sends.find((x) => x.created_at >= h.created_at) : [...sends].reverse().find((x) => x.created_at <= h.created_at)
  return dest(pick?.metadata?.destination) ?? r.destination ?? null
}

export function timelineDetail(
  h: HistoryRow,
  r: Pick<RefundRequest, "requested_amount_minor" | "amount_minor" | "refunded_minor" | "reason_code" | "destination" | "review_note" | "refunds" | "history">,
  titles: Record<string, string> = {},
): TimelineDetail {
  const m = h.metadata ?? {}
  switch (h.action) {
    case "requested":
      return { kind: "requested", amount_minor: r.requested_amount_minor, reason_code: r.reason_code, on_behalf: h.actor?.type === "user" }
    case "withdrawn":
      return { kind: "withdrawn" }
    case "approved":
      // one approval per request: its amount and note are the request's; the destination the one it was sent to first
      return { kind: "approved", amount_minor: r.amount_minor, destination: destinationAt(r, h, true), text: r.review_note ?? null }
    case "rejected":
      return { kind: "rejected", text: h.message }
    case "processing":
    case "retried":
      return { kind: h.action, destination: dest(m.destination), attempt: num(m.attempt), settled_after_all: h.action === "processing" && !dest(m.destination) && h.from_status === "failed" }
    case "refund_sent":
      return {
        kind: "refund_sent",
        moves: (Array.isArray(m.refunds) ? m.refunds : []).map((x: Record<string, unknown>) => ({
          amount_minor: num(x?.amount_minor) ?? 0,
          provider_id: str(x?.provider_id),
          status: str(x?.status) ?? "processing",
          platform_refund_no: str(x?.platform_refund_no),
          destination: dest(x?.destination) ?? "original",
        })),
      }
    case "refund_succeeded":
    case "refund_closed":
    case "refund_abnormal": {
      const move = (r.refunds ?? []).find((x) => x.refund_id && x.refund_id === m.refund_id)
      return { kind: "platform_refund", status: h.action.slice("refund_".length) as "succeeded" | "closed" | "abnormal", amount_minor: move?.amount_minor ?? null, platform_refund_no: str(m.platform_refund_no) ?? move?.platform_refund_no ?? null }
    }
    case "failed":
      return { kind: "failed", cause: str(m.cause), retryable: typeof m.retryable === "boolean" ? m.retryable : null, raw: str(m.message), platform_code: str(m.platform_code) }
    case "refunded":
      return { kind: "refunded", amount_minor: r.refunded_minor, destination: destinationAt(r, h) }
    case "service_revoked":
      return { kind: "service_revoked", items: namedItems(m.items, titles) }
    case "items_returned":
      return { kind: "items_returned", items: namedItems(m.items, titles), restocked: Array.isArray(m.restocked) ? m.restocked.length > 0 : !!m.restocked }
    case "return_failed": {
      const msg = h.message ?? ""
      return { kind: "return_failed", raw: (msg.startsWith(RETURN_REFUSED) ? msg.slice(RETURN_REFUSED.length) : msg) || null }
    }
    case "communication":
      return { kind: "communication", channel: str(m.channel), text: communicationText(h) }
    default:
      return { kind: "unknown", text: h.message }
  }
}
