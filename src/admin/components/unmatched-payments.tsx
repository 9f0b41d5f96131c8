import { Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { anomalyApi, omKeys } from "../lib/api"
import { useOmT } from "../lib/i18n"
import { AnomalyRow } from "./anomaly-row"

/**
 * Money with no order to carry it: paid but the cart never became an order (paid_no_order), or paid to a trade
 * whose session the store had replaced before any order (unmatched_payment). Newest first, open ones with a refund.
 */
export const UnmatchedPayments = () => {
  const { t } = useOmT()
  const client = useQueryClient()
  const key = [...omKeys.all, "anomalies", "without-order"]
  const { data, isLoading } = useQuery({ queryKey: key, queryFn: () => anomalyApi.withoutOrder() })
  const resolve = useMutation({
    mutationFn: (v: { id: string; resolution: "refund" | "revive" | "manual"; note?: string }) => anomalyApi.resolve(v.id, { resolution: v.resolution, note: v.note }),
    onSuccess: () => {
      toast.success(t("anomalies.resolved"))
      client.invalidateQueries({ queryKey: key })
    },
    onError: (e: Error) => toast.error(e.message),
  })
  const rows = data?.anomalies ?? []
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="om-unmatched">
      <Text size="small" className="text-ui-fg-subtle">{t("anomalies.withoutOrderHint")}</Text>
      {isLoading ? <Text>{t("common.loading")}</Text> : rows.length === 0 ? (
        <Text className="text-ui-fg-subtle py-6 text-center" data-testid="om-unmatched-empty">{t("anomalies.withoutOrderEmpty")}</Text>
      ) : (
        <div className="flex flex-col divide-y">
          {rows.map((a) => (
            <div key={a.id} className="py-3">
              <AnomalyRow
                a={a}
                showWhere
                pending={resolve.isPending && resolve.variables?.id === a.id ? resolve.variables.resolution : null}
                onResolve={(resolution, note) => resolve.mutate({ id: a.id, resolution, note })}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
