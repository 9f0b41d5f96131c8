import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { toast } from "@medusajs/ui"
import type { DifferenceState, DifferenceType, RunStatus } from "./types"
import { omKeys } from "../../lib/api"
import { useOmT } from "../../lib/i18n"
import { backendUrl, sdk } from "../../lib/sdk"

export type RunSource = "api" | "upload" | "bank_statement"

/** A reconciliation run as GET …/reconciliation/runs returns it (the module's RunView); amounts in minor units of currency_code. */
export type ReconRun = {
  id: string
  provider_id: string
  source: RunSource
  date: string
  bank_profile_id: string | null
  status: RunStatus
  attempts: number
  next_attempt_at: string | null
  error: string | null
  currency_code: string | null
  rows: number
  matched: number
  differences_by_type: Partial<Record<DifferenceType, number>>
  open_differences: number
  platform_total_minor: number
  store_total_minor: number
  fee_total_minor: number
  expected_fee_total_minor: number
  totals: Record<string, unknown>
  file_name: string | null
  requested_by: string | null
  started_at: string | null
  finished_at: string | null
  created_at: string
  updated_at: string
}

/** The bill or statement row kept on a difference (platform side); which fields exist depends on the source. */
export type PlatformSide = {
  line?: number
  kind?: string
  status?: string
  platform_trade_no?: string | null
  out_trade_no?: string | null
  refund_no?: string | null
  out_refund_no?: string | null
  amount_minor?: number
  received_minor?: number | null
  currency?: string
  fee_minor?: number | null
  occurred_at?: string | null
  /** bank statements */
  date?: string
  reference_text?: string
  payer_name?: string | null
  bank_transaction_id?: string
  matched_reference?: string
  corrected?: boolean
  candidates?: string[]
  ambiguous?: boolean
  raw?: Record<string, string>
}

/** The store's record kept on a difference. */
export type StoreSide = {
  payment_id?: string | null
  order_id?: string | null
  display_id?: number | null
  out_trade_no?: string | null
  platform_trade_no?: string | null
  amount_minor?: number
  captured_minor?: number
  captured_at?: string | null
  refunded_minor?: number
  refunded_in_day_minor?: number
  currency?: string
  status?: string
  expected_fee_minor?: number | null
  /** bank statements */
  reference?: string
  expected_minor?: number
  received_before_minor?: number
  payment_status?: string | null
  corrected?: boolean
}

export type ReconDifference = {
  id: string
  run_id: string
  type: DifferenceType
  key: string
  state: DifferenceState
  present: boolean
  order_id: string | null
  out_trade_no: string | null
  platform_trade_no: string | null
  delta_minor: number | null
  currency_code: string | null
  platform: PlatformSide | null
  store: StoreSide | null
  detail: string | null
  note: string | null
  resolved_by: string | null
  resolved_at: string | null
  anomaly_id: string | null
  created_at: string
}

export type ReconProvider = { provider_id: string; identifier: string; timezone: string; fetch: boolean; daily: boolean }

export type BankMapping = {
  date: string
  amount?: string
  credit?: string
  debit?: string
  currency?: string
  default_currency?: string
  reference: string
  payer_name?: string
  bank_transaction_id: string
  date_format?: string
  encoding?: string
  delimiter?: string
  skip_lines?: number
  decimal?: "." | ","
}

export type BankProfile = { id: string; name: string; mapping: BankMapping; created_by: string | null; created_at: string }

export type ResolveBody = { action: "open_anomaly" | "explained" | "assign"; note?: string; order_id?: string }

const BASE = "/admin/order-management/reconciliation"

/** The reconciliation's calls (contract: the route files under src/api/admin/order-management/reconciliation). */
export const reconApi = {
  providers: () => sdk.client.fetch<{ providers: ReconProvider[]; options: { cron: string; timezone: string } }>(`${BASE}/providers`),
  runs: (query: Record<string, string | number>) => sdk.client.fetch<{ runs: ReconRun[]; count: number; limit: number; offset: number }>(`${BASE}/runs`, { query }),
  run: (id: string) => sdk.client.fetch<{ run: ReconRun }>(`${BASE}/runs/${id}`),
  start: (body: { provider_id: string; date: string }) => sdk.client.fetch<{ run: ReconRun }>(`${BASE}/runs`, { method: "POST", body }),
  differences: (id: string, query: Record<string, string | number>) =>
    sdk.client.fetch<{ differences: ReconDifference[]; count: number; limit: number; offset: number }>(`${BASE}/runs/${id}/differences`, { query }),
  resolve: (id: string, body: ResolveBody) => sdk.client.fetch<{ difference: ReconDifference }>(`${BASE}/differences/${id}/resolve`, { method: "POST", body }),
  /** multipart: `file` and either provider_id + date (a platform's bill) or bank_profile (a bank statement) */
  upload: (form: FormData) => sdk.client.fetch<{ run: ReconRun }>(`${BASE}/imports`, { method: "POST", body: form, headers: { "content-type": null } }),
  bankProfiles: () => sdk.client.fetch<{ bank_profiles: BankProfile[] }>(`${BASE}/bank-profiles`),
  createBankProfile: (body: { name: string; mapping: BankMapping }) => sdk.client.fetch<{ bank_profile: BankProfile }>(`${BASE}/bank-profiles`, { method: "POST", body }),
  exportUrl: (id: string) => backendUrl(`${BASE}/runs/${id}/export`),
}

export const reconKeys = {
  all: [...omKeys.all, "reconciliation"] as const,
  providers: () => [...omKeys.all, "reconciliation", "providers"] as const,
  runs: (q: Record<string, string | number>) => [...omKeys.all, "reconciliation", "runs", q] as const,
  run: (id: string) => [...omKeys.all, "reconciliation", "run", id] as const,
  differences: (id: string, q: Record<string, string | number>) => [...omKeys.all, "reconciliation", "differences", id, q] as const,
  bankProfiles: () => [...omKeys.all, "reconciliation", "bank-profiles"] as const,
}

/** The store's amount of a difference: what it captured (a bill), what the order asks (a bank statement). */
export const storeAmount = (d: ReconDifference) => d.store?.captured_minor ?? d.store?.expected_minor ?? d.store?.amount_minor ?? null

/** A run still being worked on (queued or running): its views poll until it ends. */
export const isBusy = (r: { status: string } | null | undefined) => r?.status === "queued" || r?.status === "running"

export function useReconProviders() {
  return useQuery({ queryKey: reconKeys.providers(), queryFn: () => reconApi.providers(), staleTime: 5 * 60_000 })
}

export function useRuns(query: Record<string, string | number>) {
  return useQuery({
    queryKey: reconKeys.runs(query),
    queryFn: () => reconApi.runs(query),
    placeholderData: keepPreviousData,
    retry: false,
    refetchInterval: (q) => (q.state.data?.runs.some(isBusy) ? 3000 : false),
  })
}

export function useRun(id: string | null) {
  return useQuery({
    queryKey: reconKeys.run(id ?? ""),
    queryFn: () => reconApi.run(id!),
    enabled: !!id,
    retry: false,
    refetchInterval: (q) => (isBusy(q.state.data?.run) ? 2000 : false),
  })
}

/** `version`: the run's updated_at, so the list is read again when the run changes (a rerun finished). */
export function useDifferences(id: string, query: Record<string, string | number>, version?: string) {
  return useQuery({ queryKey: [...reconKeys.differences(id, query), version ?? ""], queryFn: () => reconApi.differences(id, query), placeholderData: keepPreviousData, retry: false })
}

export function useBankProfiles() {
  return useQuery({ queryKey: reconKeys.bankProfiles(), queryFn: () => reconApi.bankProfiles(), staleTime: 60_000 })
}

/**
 * A decision on a difference: open an anomaly, mark explained (a note), or assign a bank transfer to an order. On
 * success a toast and the run, its differences and the order views refresh; on error the server's words in a toast
 * (409: someone decided it meanwhile — the views refresh to show how).
 */
export function useResolveDifference(onDone?: (d: ReconDifference) => void) {
  const { t } = useOmT()
  const qc = useQueryClient()
  const refresh = () => {
    qc.invalidateQueries({ queryKey: reconKeys.all })
    qc.invalidateQueries({ queryKey: ["orders"] })
  }
  return useMutation({
    mutationFn: (v: { id: string; body: ResolveBody }) => reconApi.resolve(v.id, v.body),
    onSuccess: (r) => {
      toast.success(t(`reconciliation.resolve.done.${r.difference.state}`, { defaultValue: t("reconciliation.resolve.done.explained") }))
      refresh()
      onDone?.(r.difference)
    },
    onError: (e: Error & { status?: number }) => {
      toast.error(e.status === 409 ? t("reconciliation.resolve.conflict", { message: e.message }) : e.message || String(e))
      if (e.status === 409) refresh()
    },
  })
}
