import type { RefundRequest, RefundStatus } from "./api"

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
