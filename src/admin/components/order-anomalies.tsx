import { Badge, Button, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery } from "@tanstack/react-query"
import { anomalyApi, omKeys } from "../lib/api"
import { useRefreshOrder } from "../lib/hooks"
import { useOmT } from "../lib/i18n"
import { formatMinor } from "../lib/money"

/** Open anomalies of an order (e.g. money after a cancel) with the admin's ways out: refund or revive. */
export const OrderAnomalies = ({ orderId }: { orderId: string }) => {
  const { t, locale } = useOmT()
  const refresh = useRefreshOrder()
  const { data } = useQuery({ queryKey: [...omKeys.detail(orderId), "anomalies"], queryFn: () => anomalyApi.forOrder(orderId) })
  const resolve = useMutation({
    mutationFn: (v: { id: string; resolution: "refund" | "revive" }) => anomalyApi.resolve(v.id, { resolution: v.resolution }),
    onSuccess: () => {
      toast.success(t("anomalies.resolved"))
      refresh()
    },
    onError: (e: Error) => toast.error(e.message),
  })
  const open = data?.anomalies ?? []
  if (!open.length) return null
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="om-anomalies">
      {open.map((a) => (
        <div key={a.id} className="flex flex-col gap-y-2">
          <div className="flex items-center gap-x-2">
            <Badge size="2xsmall" color="red">{t(`anomalies.types.${a.type}`, { defaultValue: a.type })}</Badge>
            {a.amount_minor !== null && a.currency_code && <Text size="small">{formatMinor(a.amount_minor, a.currency_code, locale)}</Text>}
          </div>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" isLoading={resolve.isPending && resolve.variables?.resolution === "refund"} onClick={() => resolve.mutate({ id: a.id, resolution: "refund" })} data-testid="om-anomaly-refund">
              {t("anomalies.refund")}
            </Button>
            {a.type === "paid_after_cancel" && (
              <Button size="small" isLoading={resolve.isPending && resolve.variables?.resolution === "revive"} onClick={() => resolve.mutate({ id: a.id, resolution: "revive" })} data-testid="om-anomaly-revive">
                {t("anomalies.revive")}
              </Button>
            )}
          </div>
        </div>
      ))}
    </div>
  )
}
