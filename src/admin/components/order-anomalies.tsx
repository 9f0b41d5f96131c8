import { toast } from "@medusajs/ui"
import { useMutation, useQuery } from "@tanstack/react-query"
import { anomalyApi, omKeys } from "../lib/api"
import { useRefreshOrder } from "../lib/hooks"
import { useOmT } from "../lib/i18n"
import { AnomalyRow } from "./anomaly-row"

/**
 * The anomalies of an order still needing a person (open, investigating, waiting for the customer: money after a
 * cancel, a second payment, a mismatch ...) with the admin's quick ways out; each links to its drawer on the
 * Anomalies page for the whole process (assign, wait for the customer, dismiss, the timeline and the callbacks).
 */
export const OrderAnomalies = ({ orderId }: { orderId: string }) => {
  const { t } = useOmT()
  const refresh = useRefreshOrder()
  const { data } = useQuery({ queryKey: [...omKeys.detail(orderId), "anomalies"], queryFn: () => anomalyApi.forOrder(orderId) })
  const resolve = useMutation({
    mutationFn: (v: { id: string; resolution: "refund" | "revive" | "manual"; note?: string }) => anomalyApi.resolve(v.id, { resolution: v.resolution, note: v.note }),
    onSuccess: () => {
      toast.success(t("anomalies.resolved"))
      refresh()
    },
    onError: (e: Error) => toast.error(e.message),
  })
  const open = data?.anomalies ?? []
  if (!open.length) return null
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4" data-testid="om-anomalies">
      {open.map((a) => (
        <AnomalyRow
          key={a.id}
          a={a}
          pending={resolve.isPending && resolve.variables?.id === a.id ? resolve.variables.resolution : null}
          onResolve={(resolution, note) => resolve.mutate({ id: a.id, resolution, note })}
        />
      ))}
    </div>
  )
}
