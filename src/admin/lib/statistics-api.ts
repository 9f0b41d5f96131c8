import { useQuery } from "@tanstack/react-query"
import { sdk } from "./sdk"
import type { StatisticsResponse } from "./statistics"

export const statsKeys = {
  all: ["order-management", "statistics"] as const,
  report: (query: Record<string, string | number>) => ["order-management", "statistics", query] as const,
}

export type RefreshResult = { refreshed_days: string[]; pending_days: number }

export const statsApi = {
  /** GET /admin/order-management/statistics (see the route's docstring for every field) */
  get: (query: Record<string, string | number>) => sdk.client.fetch<StatisticsResponse>("/admin/order-management/statistics", { query }),
  /** POST …/statistics/refresh: recomputes changed days and today (and, with from/to, every day of that range) */
  refresh: (body: { from?: string; to?: string } = {}) =>
    sdk.client.fetch<RefreshResult>("/admin/order-management/statistics/refresh", { method: "POST", body }),
  /** the store's currencies (Medusa's own store API): the default one is asked for until the admin picks another */
  store: () =>
    sdk.client.fetch<{ stores: Array<{ id: string; supported_currencies?: Array<{ currency_code: string; is_default: boolean }> }> }>("/admin/stores"),
}

/** The store's default currency (lower case), or its first; undefined while loading. */
export function useDefaultCurrency() {
  const { data } = useQuery({ queryKey: ["order-management", "store-currencies"], queryFn: statsApi.store, staleTime: 5 * 60_000 })
  if (!data) return undefined
  const currencies = data.stores[0]?.supported_currencies ?? []
  return (currencies.find((c) => c.is_default) ?? currencies[0])?.currency_code?.toLowerCase() ?? "cny"
}

const MAX_REQUESTS = 16
const MAX_RANGE_DAYS = 400

/**
 * "Refresh now": brings the days of the view up to date and returns how many are still pending. The refresh route
 * recomputes the changed days (at most 31 per request), so it is called until nothing is pending or it stops making
 * progress. Days never computed (a period before the plugin was installed, or older than the statistics built so
 * far) are only recomputed when named: when the view still has pending days after that, each of its `ranges` (the
 * period and the comparison period, up to today, at most 400 days each) is named once and the route called again.
 * `recheck` reads the view's pending days again (the page's statistics query).
 */
export async function refreshView(ranges: Array<{ from: string; to: string }>, recheck: () => Promise<number>): Promise<number> {
  let requests = 0
  const call = async (body?: { from: string; to: string }) => {
    requests++
    return statsApi.refresh(body)
  }
  const drain = async (first: RefreshResult) => {
    let r = first
    let before = Infinity
    while (r.pending_days > 0 && r.pending_days < before && requests < MAX_REQUESTS) {
      before = r.pending_days
      r = await call()
    }
  }
  await drain(await call())
  let pending = await recheck()
  const named = ranges.filter((r) => r.from <= r.to && daysIn(r) <= MAX_RANGE_DAYS)
  if (pending > 0 && named.length) {
    for (const range of named) await drain(await call(range))
    pending = await recheck()
  }
  return pending
}

const daysIn = (r: { from: string; to: string }) => Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000) + 1
