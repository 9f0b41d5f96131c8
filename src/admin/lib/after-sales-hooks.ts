import { useEffect, useState } from "react"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { toast } from "@medusajs/ui"
import { RefundDestination, omKeys, refundApi, refundKeys } from "./api"
import { useRefreshOrder } from "./hooks"
import { useOmT } from "./i18n"
import { backendUrl, sdk } from "./sdk"

export function useRefundRequests(query: { status?: string; q?: string; limit: number; offset: number }) {
  return useQuery({ queryKey: refundKeys.list(query), queryFn: () => refundApi.list(query), placeholderData: keepPreviousData })
}

export function useOrderRefunds(orderId: string) {
  return useQuery({ queryKey: refundKeys.order(orderId), queryFn: () => refundApi.forOrder(orderId), retry: false })
}

export type RefundDecision =
  | { kind: "approve"; id: string; body: { amount?: number; destination: RefundDestination; note?: string } }
  | { kind: "reject"; id: string; body: { reason: string } }
  | { kind: "retry"; id: string; body: { destination?: RefundDestination } }
  | { kind: "create"; orderId: string; body: { amount?: number; reason_code: string; note?: string } }

/**
 * Approve, reject, retry or open a request. On success: a toast, and the queue, the order's card and Medusa's own
 * order sections refresh. On error the API's words in a toast (403: the approval permission; 409: someone else
 * decided first, so the lists refresh to show what they did; a retry's 409 as the server words it — e.g. the same
 * way again after a failure that is not retryable).
 */
export function useRefundDecision(onDone?: () => void) {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: (d: RefundDecision) => {
      switch (d.kind) {
        case "approve":
          return refundApi.approve(d.id, d.body)
        case "reject":
          return refundApi.reject(d.id, d.body)
        case "retry":
          return refundApi.retry(d.id, d.body)
        case "create":
          return refundApi.create(d.orderId, d.body)
      }
    },
    onSuccess: (_r, d) => {
      toast.success(t(`afterSales.${{ approve: "approved", reject: "rejected", retry: "retried", create: "created" }[d.kind]}`))
      refresh()
      onDone?.()
    },
    onError: (e: Error & { status?: number }, d) => {
      const message = e.message || String(e)
      if (e.status === 409 && d.kind === "retry") {
        // a failed request retried to a way that cannot work (or no longer failed): the server says why
        toast.error(message)
        refresh()
        onDone?.()
      } else if (e.status === 409 && d.kind !== "create") {
        toast.error(t("afterSales.conflict", { message }))
        refresh()
        onDone?.()
      } else if (e.status === 403) {
        toast.error(t("afterSales.forbidden", { message }))
      } else {
        toast.error(message)
      }
    },
  })
}

/** An admin's email by id (Medusa's users API), for "reviewed by"; the id while it loads or when it cannot be read. */
export function useUserEmail(id: string | null | undefined) {
  const { data } = useQuery({
    queryKey: ["order-management", "user", id],
    queryFn: () => sdk.client.fetch<{ user: { id: string; email: string } }>(`/admin/users/${id}`, { query: { fields: "id,email" } }),
    enabled: !!id,
    retry: false,
    staleTime: Infinity,
  })
  return data?.user.email ?? id ?? null
}

/**
 * Log a customer-service contact about a request (POST …/refund-requests/:id/communications). On success a toast, and
 * the order's refund requests (the card and the queue) and its notes (the Notes card) refresh; the server's message
 * (400: a channel or text missing; 404) in a toast otherwise.
 */
export function useRefundCommunication(orderId: string, onDone?: () => void) {
  const { t } = useOmT()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: string; channel: string; body: string }) => refundApi.communicate(v.id, { channel: v.channel, body: v.body }),
    onSuccess: () => {
      toast.success(t("afterSales.contact.logged"))
      qc.invalidateQueries({ queryKey: refundKeys.all })
      qc.invalidateQueries({ queryKey: omKeys.detail(orderId) })
      onDone?.()
    },
    onError: (e: Error) => {
      toast.error(t("afterSales.contact.failed", { message: e.message || String(e) }))
    },
  })
}

/**
 * An evidence file as a blob: URL, read with the admin's session cookie (the file is private; an <img src> to the
 * route would work too in the same origin, but not when the dashboard is served from another origin in development).
 * The URL is revoked when the component goes away.
 */
export function useEvidenceUrl(requestId: string, fileId: string, enabled = true) {
  const q = useQuery({
    // not under the plugin's keys, so refreshing the order after an action does not download the files again
    queryKey: ["order-management-evidence", requestId, fileId],
    queryFn: async () => {
      const res = await fetch(backendUrl(refundApi.evidenceUrl(requestId, fileId)), { credentials: "include" })
      if (!res.ok) throw new Error(`${res.status}`)
      return res.blob()
    },
    enabled,
    retry: false,
    staleTime: Infinity,
  })
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    if (!q.data) return
    const u = URL.createObjectURL(q.data)
    setUrl(u)
    return () => URL.revokeObjectURL(u)
  }, [q.data])
  return { url, isLoading: q.isLoading, error: q.error as Error | null, blob: q.data }
}

/** Open a private evidence file in a new tab: the tab opens at the click (no popup blocker), then shows the bytes. */
export async function openEvidence(requestId: string, fileId: string) {
  const tab = window.open("", "_blank")
  const res = await fetch(backendUrl(refundApi.evidenceUrl(requestId, fileId)), { credentials: "include" })
  if (!res.ok) {
    tab?.close()
    throw new Error(((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? `${res.status}`)
  }
  const url = URL.createObjectURL(await res.blob())
  if (tab) tab.location.href = url
  else window.open(url, "_blank")
}
