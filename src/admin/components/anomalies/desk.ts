/**
 * The Anomalies page's pure parts: the filters held in the URL and the API query they make, what an admin may do
 * to an anomaly in each state (the backend's own table, so the page never offers a move the server refuses), which
 * resolutions fit an anomaly, and how old it is.
 */
import {
  ANOMALY_PROCESS,
  DESK_RESOLUTIONS,
  DESK_STATUSES,
  FINAL_STATUSES,
  NOTE_REQUIRED_RESOLUTIONS,
  type DeskResolution,
  type DeskStatus,
} from "../../../modules/anomaly-desk/transitions"

// the process itself is the backend's pure table (no Medusa imports): one place decides which state may follow which
export const ANOMALY_STATES = DESK_STATUSES
export type AnomalyState = DeskStatus
export const FINAL_STATES: readonly AnomalyState[] = FINAL_STATUSES

export const RESOLUTIONS = DESK_RESOLUTIONS
export type Resolution = DeskResolution

/** Age choices of the filter: older than this many hours. */
export const AGES = [24, 72, 168] as const

export const DESK_PAGE_SIZE = 20

/** The page's state in the URL (`?state=open&type=…&provider=…&assignee=me&age=24&q=…&page=2&anomaly=<id>`). */
export type DeskFilters = {
  /** a state, or "all" */
  state: AnomalyState | "all"
  type: string
  provider: string
  /** "" anyone, "me", "unassigned" or an admin user's id */
  assignee: string
  /** older than this many hours ("" any) */
  age: string
  q: string
  page: number
  /** the anomaly whose drawer is open */
  anomaly: string
}

const isState = (s: string | null): s is AnomalyState => !!s && (ANOMALY_STATES as readonly string[]).includes(s)

/** URL → filters (unknown values fall back to the defaults: the open tab, page 1). */
export function parseDeskFilters(sp: URLSearchParams): DeskFilters {
  const state = sp.get("state")
  const age = sp.get("age") ?? ""
  const page = Number(sp.get("page"))
  return {
    state: state === "all" ? "all" : isState(state) ? state : "open",
    type: sp.get("type") ?? "",
    provider: sp.get("provider") ?? "",
    assignee: sp.get("assignee") ?? "",
    age: /^\d{1,5}$/.test(age) && Number(age) > 0 ? age : "",
    q: sp.get("q") ?? "",
    page: Number.isInteger(page) && page > 1 ? page : 1,
    anomaly: sp.get("anomaly") ?? "",
  }
}

/** Filters → URL: only what differs from the defaults. */
export function deskToSearchParams(f: DeskFilters): URLSearchParams {
  const sp = new URLSearchParams()
  if (f.state !== "open") sp.set("state", f.state)
  if (f.type) sp.set("type", f.type)
  if (f.provider) sp.set("provider", f.provider)
  if (f.assignee) sp.set("assignee", f.assignee)
  if (f.age) sp.set("age", f.age)
  if (f.q) sp.set("q", f.q)
  if (f.page > 1) sp.set("page", String(f.page))
  if (f.anomaly) sp.set("anomaly", f.anomaly)
  return sp
}

/**
 * Filters → the query of GET /admin/order-management/anomalies (`status`, `type`, `provider_id`, `assignee_id`
 * = me | unassigned | a user id, `older_than_hours`, `q`, `limit`, `offset`).
 */
export function deskApiQuery(f: DeskFilters, pageSize = DESK_PAGE_SIZE): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: pageSize, offset: (f.page - 1) * pageSize }
  if (f.state !== "all") q.status = f.state
  if (f.type) q.type = f.type
  if (f.provider) q.provider_id = f.provider
  if (f.assignee) q.assignee_id = f.assignee
  if (f.age) q.older_than_hours = Number(f.age)
  if (f.q.trim()) q.q = f.q.trim()
  return q
}

/** The legal moves from each state: the backend's table (src/modules/anomaly-desk/transitions.ts). */
export const MOVES: Readonly<Record<AnomalyState, readonly AnomalyState[]>> = ANOMALY_PROCESS

export const movesFrom = (state: string): readonly AnomalyState[] => (isState(state) ? MOVES[state] : [])
export const isFinal = (state: string) => (FINAL_STATES as readonly string[]).includes(state)

/** What a resolution needs to know about an anomaly. */
export type ResolvableAnomaly = { type: string; amount_minor: number | null; can_refund?: boolean | null }

/**
 * The resolutions an anomaly offers: revive only for money that arrived after a cancel; refund only when the store
 * holds money for it (an amount, and not already refunded at the platform) — or as the server says (`can_refund`);
 * resend and manual always.
 */
export function resolutionsFor(a: ResolvableAnomaly): Resolution[] {
  const holdsMoney = typeof a.can_refund === "boolean" ? a.can_refund : a.type !== "refunded_outside_store" && a.type !== "malicious_order" && Number(a.amount_minor ?? 0) > 0
  return RESOLUTIONS.filter((r) => (r === "refund" ? holdsMoney : r === "revive" ? a.type === "paid_after_cancel" : true))
}

/** A note is required to dismiss, and to resolve by hand or by resending (only the note says what was done). */
export const noteRequired = (to: AnomalyState, resolution?: Resolution | null) =>
  to === "dismissed" || (to === "resolved" && !!resolution && NOTE_REQUIRED_RESOLUTIONS.includes(resolution))

/** Whole hours since `iso` (never negative). */
export const ageHours = (iso: string, now: Date = new Date()) => Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 3_600_000))

/** A short age: "45 min", "5 h", "3 d" as `Intl.NumberFormat` units in the admin's locale. */
export function formatShortAge(iso: string, locale: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000))
  const [value, unit] = minutes < 60 ? [minutes, "minute"] : minutes < 48 * 60 ? [Math.floor(minutes / 60), "hour"] : [Math.floor(minutes / 1440), "day"]
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "narrow" }).format(value)
}

/** The badge color of a state. */
export const STATE_COLOR: Record<AnomalyState, "red" | "blue" | "orange" | "purple" | "green" | "grey"> = {
  open: "red",
  investigating: "blue",
  waiting_customer: "purple",
  resolved: "green",
  dismissed: "grey",
}
