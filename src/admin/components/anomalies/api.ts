import { useMutation, useQuery, useQueryClient, keepPreviousData } from "@tanstack/react-query"
import { toast } from "@medusajs/ui"
import type { Anomaly, HistoryRow } from "../../lib/api"
import { omKeys } from "../../lib/api"
import { sdk } from "../../lib/sdk"
import { useOmT } from "../../lib/i18n"
import type { AnomalyState, Resolution } from "./desk"

/** An admin user as GET /admin/users returns one. */
export type AdminUserLite = { id: string; email: string; first_name?: string | null; last_name?: string | null }

/** One step of an anomaly's timeline (opened, a status move, an assignment, a note), newest last. */
export type AnomalyStep = {
  id: string
  /** opened | transition | assign | note … */
  kind?: string | null
  action?: string | null
  from_status?: string | null
  to_status?: string | null
  resolution?: string | null
  note?: string | null
  assignee_id?: string | null
  actor_type?: string | null
  actor_id?: string | null
  actor_name?: string | null
  actor_email?: string | null
  actor?: { type?: string | null; id?: string | null; name?: string | null; email?: string | null } | null
  assignee?: { id?: string; name?: string | null; email?: string | null } | null
  metadata?: Record<string, unknown> | null
  created_at: string
}

/** An anomaly as the desk lists it: the order page's anomaly plus its assignee, age and last step. */
export type DeskAnomaly = Omit<Anomaly, "status"> & {
  status: AnomalyState | Anomaly["status"]
  assignee_id?: string | null
  assigned_at?: string | null
  assignee?: { id?: string; name?: string | null; email?: string | null; first_name?: string | null; last_name?: string | null } | null
  /** seconds since it was opened (the page computes it from created_at when absent) */
  age?: number | null
  last_step?: AnomalyStep | null
  display_id?: number | null
  order_display_id?: number | null
  order_number?: string | null
  can_refund?: boolean | null
}

/** One stored platform callback (the inbox row; no secrets). */
export type PaymentEventRow = {
  id: string
  provider?: string | null
  provider_id?: string | null
  source?: string | null
  kind?: string | null
  status: string
  outcome?: string | null
  attempts?: number | null
  error?: string | null
  amount_minor?: number | null
  currency_code?: string | null
  created_at: string
  processed_at?: string | null
}

export type AnomalyOrder = {
  id?: string
  display_id?: number | null
  order_number?: string | null
  status?: string | null
  payment_status?: string | null
  fulfillment_status?: string | null
  lifecycle?: { payment_status?: string | null; fulfillment_status?: string | null } | null
  email?: string | null
  total?: number | null
  total_minor?: number | null
  currency_code?: string | null
}

export type AnomalyDetail = {
  anomaly: DeskAnomaly
  steps: AnomalyStep[]
  order: AnomalyOrder | null
  payment_events: PaymentEventRow[]
  order_history: HistoryRow[]
}

export type AnomalyCounts = Partial<Record<AnomalyState, number>>

/** `from`: the state the admin saw — the move happens only while the anomaly is still in it (else 409). */
export type TransitionBody = { to: AnomalyState; from?: string; note?: string; resolution?: Resolution }

const BASE = "/admin/order-management/anomalies"

/** The desk's calls (contract: docs/anomalies.md). */
export const deskApi = {
  list: (query: Record<string, string | number>) =>
    sdk.client.fetch<{ anomalies: DeskAnomaly[]; count: number; limit: number; offset: number; counts?: AnomalyCounts }>(BASE, { query }),
  retrieve: (id: string) => sdk.client.fetch<AnomalyDetail>(`${BASE}/${id}`),
  transition: (id: string, body: TransitionBody) => sdk.client.fetch<{ anomaly: DeskAnomaly; step: AnomalyStep }>(`${BASE}/${id}/transition`, { method: "POST", body }),
  assign: (id: string, userId: string | null) =>
    sdk.client.fetch<{ anomaly: DeskAnomaly; step: AnomalyStep }>(`${BASE}/${id}/assign`, { method: "POST", body: { user_id: userId } }),
  note: (id: string, note: string) => sdk.client.fetch<{ anomaly: DeskAnomaly; step: AnomalyStep }>(`${BASE}/${id}/notes`, { method: "POST", body: { note } }),
  /** never a hand-typed body: the stored callback is replayed as it was received */
  replay: (eventId: string) =>
    sdk.client.fetch<{ event: PaymentEventRow; result: unknown }>(`/admin/order-management/payment-events/${eventId}/replay`, { method: "POST", body: {} }),
  users: () => sdk.client.fetch<{ users: AdminUserLite[] }>("/admin/users", { query: { limit: 100, fields: "id,email,first_name,last_name" } }),
  me: () => sdk.client.fetch<{ user: AdminUserLite }>("/admin/users/me", { query: { fields: "id,email,first_name,last_name" } }),
  /** display ids of orders the list rows name (when the list does not carry them) */
  displayIds: (ids: string[]) =>
    sdk.client.fetch<{ orders: Array<{ id: string; display_id: number }> }>("/admin/orders", { query: { id: ids, fields: "id,display_id", limit: ids.length } }),
}

/** Query keys under the plugin's root, so the order page's refresh reaches the desk and the other way round. */
export const deskKeys = {
  all: [...omKeys.all, "anomaly-desk"] as const,
  list: (q: Record<string, string | number>) => [...omKeys.all, "anomaly-desk", "list", q] as const,
  detail: (id: string) => [...omKeys.all, "anomaly-desk", "detail", id] as const,
}

export function useDeskList(query: Record<string, string | number>) {
  return useQuery({ queryKey: deskKeys.list(query), queryFn: () => deskApi.list(query), placeholderData: keepPreviousData, retry: false })
}

export function useAnomalyDetail(id: string | null) {
  return useQuery({ queryKey: deskKeys.detail(id ?? ""), queryFn: () => deskApi.retrieve(id!), enabled: !!id, retry: false })
}

export function useAdminUsers() {
  return useQuery({ queryKey: [...deskKeys.all, "users"], queryFn: () => deskApi.users(), staleTime: 60_000 })
}

export function useMe() {
  return useQuery({ queryKey: [...deskKeys.all, "me"], queryFn: () => deskApi.me(), staleTime: Infinity })
}

/** Display ids for the rows' orders, fetched once per page of rows that lack them. */
export function useDisplayIds(orderIds: string[]) {
  const ids = [...new Set(orderIds)].sort()
  return useQuery({
    queryKey: [...deskKeys.all, "display-ids", ids],
    queryFn: async () => new Map((await deskApi.displayIds(ids)).orders.map((o) => [o.id, o.display_id])),
    enabled: ids.length > 0,
    staleTime: Infinity,
  })
}

/** Refresh everything of the plugin (the desk's list and drawer, the order page's cards) and Medusa's order views. */
function useRefreshAll() {
  const qc = useQueryClient()
  return () => {
    qc.invalidateQueries({ queryKey: omKeys.all })
    qc.invalidateQueries({ queryKey: ["orders"] })
  }
}

export type DeskAction =
  | { kind: "transition"; id: string; body: TransitionBody }
  | { kind: "assign"; id: string; user_id: string | null }
  | { kind: "replay"; event_id: string }
  | { kind: "note"; id: string; note: string }

/**
 * A move, an assignment or a callback replay. On success a toast and every list refreshes; on error the server's
 * message in a toast (409: someone moved it first — the lists refresh to show where it is now).
 */
export function useDeskAction(onDone?: (d: DeskAction, result: unknown) => void) {
  const { t } = useOmT()
  const refresh = useRefreshAll()
  return useMutation({
    mutationFn: (d: DeskAction): Promise<unknown> =>
      d.kind === "transition"
        ? deskApi.transition(d.id, d.body)
        : d.kind === "assign"
          ? deskApi.assign(d.id, d.user_id)
          : d.kind === "note"
            ? deskApi.note(d.id, d.note)
            : deskApi.replay(d.event_id),
    onSuccess: (r, d) => {
      if (d.kind === "transition") toast.success(t("desk.moved", { state: t(`anomalies.status.${d.body.to}`) }))
      else if (d.kind === "assign") toast.success(d.user_id ? t("desk.assigned") : t("desk.unassigned"))
      else if (d.kind === "note") toast.success(t("desk.noteAdded"))
      refresh()
      onDone?.(d, r)
    },
    onError: (e: Error & { status?: number }) => {
      toast.error(e.message || String(e))
      if (e.status === 409) refresh()
    },
  })
}

/** A person's name: "First Last", else the email. */
export const userName = (u: { name?: string | null; first_name?: string | null; last_name?: string | null; email?: string | null; id?: string } | null | undefined) =>
  !u ? null : u.name || [u.first_name, u.last_name].filter(Boolean).join(" ") || u.email || u.id || null
