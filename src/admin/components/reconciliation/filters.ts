/**
 * The Reconciliation pages' pure parts: the filters each page keeps in the URL and the API query they make, and the
 * days a run may be asked for. No React here.
 */
import { DIFFERENCE_STATES, DIFFERENCE_TYPES, RUN_STATUSES } from "./types"

export const RUNS_PAGE_SIZE = 20
export const DIFFS_PAGE_SIZE = 20

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s)
const pageOf = (s: string | null) => {
  const n = Number(s)
  return Number.isInteger(n) && n > 1 ? n : 1
}

/** The runs list in the URL: `?provider=pp_alipay_alipay&status=completed&from=2026-01-01&to=2026-01-31&page=2`. */
export type RunFilters = { provider: string; status: string; from: string; to: string; page: number }

export function parseRunFilters(sp: URLSearchParams): RunFilters {
  const status = sp.get("status") ?? ""
  return {
    provider: sp.get("provider") ?? "",
    status: (RUN_STATUSES as readonly string[]).includes(status) ? status : "",
    from: isDay(sp.get("from")) ? sp.get("from")! : "",
    to: isDay(sp.get("to")) ? sp.get("to")! : "",
    page: pageOf(sp.get("page")),
  }
}

export function runFiltersToSearchParams(f: RunFilters): URLSearchParams {
  const sp = new URLSearchParams()
  if (f.provider) sp.set("provider", f.provider)
  if (f.status) sp.set("status", f.status)
  if (f.from) sp.set("from", f.from)
  if (f.to) sp.set("to", f.to)
  if (f.page > 1) sp.set("page", String(f.page))
  return sp
}

/** Filters → GET …/reconciliation/runs (provider_id, status, date_from, date_to, limit, offset). */
export function runsApiQuery(f: RunFilters): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: RUNS_PAGE_SIZE, offset: (f.page - 1) * RUNS_PAGE_SIZE }
  if (f.provider) q.provider_id = f.provider
  if (f.status) q.status = f.status
  if (f.from) q.date_from = f.from
  if (f.to) q.date_to = f.to
  return q
}

/** A run's differences in the URL: `?state=open&type=amount_mismatch&page=2&diff=<id>` (the difference shown open). */
export type DiffFilters = { state: string; type: string; page: number; diff: string }

export function parseDiffFilters(sp: URLSearchParams): DiffFilters {
  const state = sp.get("state") ?? ""
  const type = sp.get("type") ?? ""
  return {
    state: state === "all" || (DIFFERENCE_STATES as readonly string[]).includes(state) ? state : "",
    type: (DIFFERENCE_TYPES as readonly string[]).includes(type) ? type : "",
    page: pageOf(sp.get("page")),
    diff: sp.get("diff") ?? "",
  }
}

export function diffFiltersToSearchParams(f: DiffFilters): URLSearchParams {
  const sp = new URLSearchParams()
  if (f.state) sp.set("state", f.state)
  if (f.type) sp.set("type", f.type)
  if (f.page > 1) sp.set("page", String(f.page))
  if (f.diff) sp.set("diff", f.diff)
  return sp
}

/** Filters → GET …/runs/:id/differences (every state by default: a run's differences in the bill's order). */
export function diffsApiQuery(f: DiffFilters): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: DIFFS_PAGE_SIZE, offset: (f.page - 1) * DIFFS_PAGE_SIZE }
  if (f.state && f.state !== "all") q.state = f.state
  if (f.type) q.type = f.type
  return q
}

/** The day before today in a time zone (the latest day a platform has a bill for), YYYY-MM-DD. */
export function yesterdayIn(timeZone: string, now = new Date()): string {
  const today = now.toLocaleDateString("en-CA", { timeZone })
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}
