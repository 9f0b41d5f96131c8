import { useMemo } from "react"
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, ChartBar } from "@medusajs/icons"
import { Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query"
import { omApi, omKeys } from "../../lib/api"
import { dayIn } from "../../lib/filters"
import { useOmT } from "../../lib/i18n"
import { parseStats, periodDays, statsQuery, statsToSearchParams, type StatsState } from "../../lib/statistics"
import { refreshView, statsApi, statsKeys, useDefaultCurrency } from "../../lib/statistics-api"
import { useStatsFormat } from "../../lib/stats-format"
import { useUrlState } from "../../lib/use-url-state"
import { PeriodBar } from "../../components/statistics/period-bar"
import { KpiCards } from "../../components/statistics/kpi-cards"
import { ChannelCharts, ShareChart, TimeSeriesChart } from "../../components/statistics/charts"
import { CsvButton } from "../../components/statistics/csv-button"
import { BestSellersTable, LowStockTable, PaymentsTable } from "../../components/statistics/stats-tables"

/**
 * Statistics: sales, payments and products of a period against a comparison period, from
 * GET /admin/order-management/statistics. The period, comparison, granularity and currency live in the URL
 * (`?period=90d&compare=previous_year&granularity=week&currency=usd`), days counted in the store's time zone.
 */
const StatisticsPage = () => {
  const { t, formatDateTime } = useOmT()
  const [state, setState] = useUrlState(parseStats, statsToSearchParams)
  const { data: config } = useQuery({ queryKey: [...omKeys.all, "config"], queryFn: () => omApi.config(), staleTime: Infinity })
  const defaultCurrency = useDefaultCurrency()
  // always one currency: the API refuses a store with several without it (amounts are never converted)
  const currency = state.currency || defaultCurrency
  const tz = config?.time_zone
  const days = useMemo(() => (tz ? periodDays(state, new Date(), tz) : null), [state, tz])
  const query = useMemo(() => (tz && currency ? statsQuery(state, new Date(), tz, currency) : null), [state, tz, currency])
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: statsKeys.report(query ?? {}),
    queryFn: () => statsApi.get(query!),
    enabled: !!query,
    placeholderData: keepPreviousData,
    retry: false,
  })
  const f = useStatsFormat(data?.currency_code ?? currency ?? "cny")

  const refresh = useMutation({
    mutationFn: async () => {
      if (!data || !tz) return 0
      const today = dayIn(new Date(), tz)
      const upToToday = (r: { from: string; to: string }) => ({ from: r.from, to: r.to < today ? r.to : today })
      return refreshView([upToToday(data.comparison), upToToday(data)], async () => (await refetch()).data?.pending_days ?? 0)
    },
    onSuccess: (pending) => (pending ? toast.info(t("statistics.refreshLeft", { count: pending })) : toast.success(t("statistics.refreshed"))),
    onError: (e: Error) => toast.error(e.message),
  })

  const update = (patch: Partial<StatsState>) => setState((latest) => ({ ...latest, ...patch }))

  return (
    <div className="flex flex-col gap-y-3" data-testid="om-stats-page">
      <Container className="divide-y p-0">
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Heading level="h1">{t("statistics.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("statistics.subtitle")}</Text>
          {data && (
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 pt-1">
              <Text size="small" className="text-ui-fg-subtle" data-testid="om-stats-updated">
                {data.updated_at ? t("statistics.updatedAt", { time: formatDateTime(data.updated_at, data.time_zone), tz: data.time_zone }) : t("statistics.neverUpdated")}
              </Text>
              {data.pending_days > 0 && (
                <div className="flex flex-wrap items-center gap-2" data-testid="om-stats-pending">
                  <Text size="small" className="text-ui-fg-subtle">{t("statistics.pending", { count: data.pending_days })}</Text>
                  <Button size="small" variant="secondary" onClick={() => refresh.mutate()} isLoading={refresh.isPending} data-testid="om-stats-refresh">
                    <ArrowPath />
                    {t("statistics.refresh")}
                  </Button>
                </div>
              )}
            </div>
          )}
        </div>
        <PeriodBar state={state} days={days ?? { from: "", to: "" }} currency={data?.currency_code ?? currency ?? ""} currencies={data?.currencies ?? []} onChange={update} />
        {data && (
          <Text size="small" className="text-ui-fg-subtle px-6 py-3" data-testid="om-stats-range">
            {t("statistics.range", { from: data.from, to: data.to, tz: data.time_zone, cfrom: data.comparison.from, cto: data.comparison.to, points: t(`statistics.series.${data.granularity}`) })}
            {isFetching && <span className="text-ui-fg-muted"> · {t("common.loading")}</span>}
          </Text>
        )}
      </Container>
      {error ? (
        <Container><Text className="text-ui-fg-error" data-testid="om-stats-error">{(error as Error).message}</Text></Container>
      ) : !data ? (
        <Container><Text>{t("common.loading")}</Text></Container>
      ) : (
        <>
          <Container className="p-0"><KpiCards data={data} f={f} /></Container>
          <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
            <TimeSeriesChart data={data} kind="orders" f={f} action={<CsvButton kind="series" data={data} f={f} />} />
            <TimeSeriesChart data={data} kind="revenue" f={f} />
          </div>
          <ShareChart data={data} f={f} />
          <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
            <ChannelCharts data={data} f={f} />
          </div>
          <PaymentsTable data={data} f={f} />
          <BestSellersTable data={data} f={f} />
          <LowStockTable data={data} f={f} />
        </>
      )}
    </div>
  )
}

export const config = defineRouteConfig({
  label: "menu.statistics",
  translationNs: "orderManagement",
  icon: ChartBar,
})

export default StatisticsPage
