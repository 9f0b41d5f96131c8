import { sdk } from "./sdk"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { toast } from "@medusajs/ui"
import { ActionBody, NoteRow, omApi, omKeys } from "./api"
import { useOmT } from "./i18n"

export function useLifecycle(orderId: string) {
  return useQuery({ queryKey: omKeys.detail(orderId), queryFn: () => omApi.retrieve(orderId), retry: false })
}

/** Refresh our card, history and lists, and Medusa's own order sections (fulfillments, payments, activity). */
export function useRefreshOrder() {
  const qc = useQueryClient()
  return () => {
    qc.invalidateQueries({ queryKey: omKeys.all })
    qc.invalidateQueries({ queryKey: ["orders"] })
  }
}

export function useLifecycleAction(orderId: string, onDone?: () => void) {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: (body: ActionBody) => omApi.act(orderId, body),
    onSuccess: (_r, body) => {
      toast.success(t("common.done", { action: t(`actions.${body.action}`) }))
      refresh()
      onDone?.()
    },
    // 409 carries the current status, 400 names the field: show the API's words
    onError: (e: Error) => toast.error(e.message),
  })
}

export function useAddNote(orderId: string, onDone?: () => void) {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: (body: { kind: NoteRow["kind"]; body: string; channel?: string; label?: string }) => omApi.addNote(orderId, body),
    onSuccess: () => {
      toast.success(t("notes.added"))
      refresh()
      onDone?.()
    },
    onError: (e: Error) => toast.error(e.message),
  })
}

export function usePaymentInfo(orderId: string) {
  return useQuery({ queryKey: omKeys.payment(orderId), queryFn: () => omApi.payment(orderId), retry: false })
}

export function useSyncPayment(orderId: string) {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: () => omApi.syncPayment(orderId),
    onSuccess: (r) => {
      const found = r.sessions.map((s) => s.platform_status ?? s.error ?? s.result).join(", ")
      toast.success(t("paymentInfo.synced", { found: found || "-" }))
      refresh()
    },
    onError: (e: Error) => toast.error(e.message),
  })
}

/**
 * "Re-process callback": replay a stored inbox event (a failed one, or one never applied) through the verified path
 * (POST /admin/order-management/payment-events/:id/replay; never a typed body). The order's history records it.
 */
export function useReplayPaymentEvent(orderId: string) {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: (eventId: string) => sdk.client.fetch<{ event: { status: string; outcome: string | null }; result: { status: string; outcome?: string; error?: string } }>(`/admin/order-management/payment-events/${eventId}/replay`, { method: "POST", body: {} }),
    onSuccess: (r) => {
      toast.success(t("paymentInfo.replayed", { outcome: r.result.outcome ?? r.result.error ?? r.result.status }))
      refresh()
    },
    onError: (e: Error) => toast.error(e.message),
  })
}

export function useConfirmReceipt(orderId: string, onDone?: () => void) {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: (body: { amount: number; received_at: string; bank_reference: string; approve?: boolean; note?: string }) => omApi.confirmReceipt(orderId, body),
    onSuccess: (r) => {
      toast.success(r.receipt.complete ? t("bankTransfer.confirmed") : t("bankTransfer.partial", { received: r.receipt.received_minor, expected: r.receipt.expected_minor }))
      refresh()
      onDone?.()
    },
    onError: (e: Error) => toast.error(e.message),
  })
}

export function useRejectProof(orderId: string, onDone?: () => void) {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: (v: { proofId: string; reason: string }) => omApi.rejectProof(orderId, v.proofId, v.reason),
    onSuccess: () => {
      toast.success(t("bankTransfer.rejected"))
      refresh()
      onDone?.()
    },
    onError: (e: Error) => toast.error(e.message),
  })
}
