import { useMemo } from "react"
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ExclamationCircle } from "@medusajs/icons"
import { Container, Heading, Tabs, Text } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import { useUrlState } from "../../lib/use-url-state"
import { useDeskList, useDisplayIds } from "../../components/anomalies/api"
import { ANOMALY_STATES, DESK_PAGE_SIZE, DeskFilters, deskApiQuery, deskToSearchParams, parseDeskFilters } from "../../components/anomalies/desk"
import { DeskFilterBar } from "../../components/anomalies/filter-bar"
import { AnomaliesTable } from "../../components/anomalies/anomalies-table"
import { AnomalyDrawer } from "../../components/anomalies/anomaly-drawer"
import { Pager } from "../../components/pager"

/**
 * The anomaly desk: every anomaly the plugin opened (money after a cancel, duplicate payments, mismatches, paid but
 * not received, malicious orders …) by state with counts, filtered by type, channel, assignee and age, from
 * GET /admin/order-management/anomalies; a row opens its drawer (`?anomaly=<id>`, so the order page links here).
 * Filters and paging live in the URL.
 */
const AnomaliesPage = () => {
  const { t } = useOmT()
  const [filters, setFilters] = useUrlState(parseDeskFilters, deskToSearchParams)
  const query = useMemo(() => deskApiQuery(filters), [filters])
  const { data, isLoading, error } = useDeskList(query)
  const rows = data?.anomalies ?? []
  const count = data?.count ?? 0
  const missing = rows.filter((r) => r.order_id && r.order_display_id == null && r.display_id == null && !r.order_number).map((r) => r.order_id!)
  const { data: displayIds } = useDisplayIds(missing)
  const update = (patch: Partial<DeskFilters>) => setFilters((latest) => ({ ...latest, page: 1, ...patch }))
  const tab = (s: string, label: string) => {
    const n = s === "all" ? undefined : data?.counts?.[s as keyof typeof data.counts]
    return (
      <Tabs.Trigger key={s} value={s} className="whitespace-nowrap" data-testid={`om-desk-tab-${s}`}>
        {label}
        {n !== undefined && <span className="text-ui-fg-muted ml-1" data-testid={`om-desk-count-${s}`}>{n}</span>}
      </Tabs.Trigger>
    )
  }
  return (
    <Container className="divide-y p-0" data-testid="om-desk-page">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h1">{t("desk.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("desk.subtitle")}</Text>
      </div>
      <div className="overflow-x-auto px-6 py-3">
        <Tabs value={filters.state} onValueChange={(v) => update({ state: v as DeskFilters["state"] })}>
          <Tabs.List>
            {ANOMALY_STATES.map((s) => tab(s, t(`anomalies.status.${s}`)))}
            {tab("all", t("desk.all"))}
          </Tabs.List>
        </Tabs>
      </div>
      <DeskFilterBar filters={filters} onChange={update} />
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4" data-testid="om-desk-error">{(error as Error).message}</Text>
      ) : isLoading ? (
        <Text className="px-6 py-4">{t("common.loading")}</Text>
      ) : rows.length === 0 ? (
        <Text className="text-ui-fg-subtle px-6 py-8 text-center" data-testid="om-desk-empty">{t("desk.empty")}</Text>
      ) : (
        <AnomaliesTable rows={rows} displayIds={displayIds} onOpen={(id) => setFilters((latest) => ({ ...latest, anomaly: id }))} />
      )}
      <Pager testId="om-desk-pagination" count={count} pageSize={DESK_PAGE_SIZE} pageIndex={filters.page - 1} onPage={(i) => setFilters((latest) => ({ ...latest, page: i + 1 }))} />
      <AnomalyDrawer id={filters.anomaly || null} onClose={() => setFilters((latest) => ({ ...latest, anomaly: "" }))} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "menu.anomalies",
  translationNs: "orderManagement",
  icon: ExclamationCircle,
})

export default AnomaliesPage
