import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { toast } from "@medusajs/ui"
import { balanceApi, balanceKeys } from "./api"
import { useRefreshOrder } from "./hooks"
import { useOmT } from "./i18n"
import { formatMinor } from "./money"

/** A fresh key per form submission: a double click or a retried request is one adjustment. */
export const newIdempotencyKey = () => `adm-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

export function useCustomerBalance(customerId: string, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...balanceKeys.customer(customerId), page.offset, page.limit],
    queryFn: () => balanceApi.forCustomer(customerId, page),
    retry: false,
  })
}

export function useAdjustBalance(customerId: string, onDone?: () => void) {
  const { t, locale } = useOmT()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { currency_code: string; amount: number; reason: string; idempotency_key: string }) => balanceApi.adjust(customerId, body),
    onSuccess: (r, body) => {
      toast.success(t("balance.adjusted", { balance: formatMinor(r.balance_minor, body.currency_code, locale) }))
      qc.invalidateQueries({ queryKey: balanceKeys.customer(customerId) })
      onDone?.()
    },
    onError: (e: Error) => toast.error(e.message),
  })
}

export function useRefundToBalance(orderId: string, onDone?: () => void) {
  const { t, locale } = useOmT()
  const refresh = useRefreshOrder()
  return useMutation({
    mutationFn: (body: { amount: number; reason: string; idempotency_key: string }) => balanceApi.refundToBalance(orderId, body),
    onSuccess: (r) => {
      toast.success(t("balance.refunded", { amount: formatMinor(r.refund.amount_minor, r.refund.currency_code, locale), balance: formatMinor(r.refund.balance_minor, r.refund.currency_code, locale) }))
      refresh()
      onDone?.()
    },
    onError: (e: Error) => toast.error(e.message),
  })
}
