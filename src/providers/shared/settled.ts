import type { PlatformReport } from "./platform-report"

/** Paid in full (within tolerance), at the asked price, not a child or late payment. */
export function settledInFull(r: PlatformReport, expectedMinor: number, expectedCurrency: string): boolean {
  if (r.status !== "paid" || r.irregular) return false
  if (r.amount_minor !== expectedMinor || String(r.currency).toUpperCase() !== expectedCurrency.toUpperCase()) return false
  const s = r.shortfall_minor
  if (s === null || s === undefined) return false
  const t = r.tolerance ?? { under_minor: 0, over_minor: 0 }
  return s >= 0 ? s <= t.under_minor : -s <= t.over_minor
}
