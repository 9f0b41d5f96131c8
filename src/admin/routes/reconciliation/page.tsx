import { useMemo, useState } from "react"
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, ArrowUpTray, Buildings, Receipt } from "@medusajs/icons"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import { useUrlState } from "../../lib/use-url-state"
import { Pager } from "../../components/pager"
import { useRuns } from "../../components/reconciliation/api"
import { type RunFilters, RUNS_PAGE_SIZE, parseRunFilters, runFiltersToSearchParams, runsApiQuery } from "../../components/reconciliation/filters"
import { RunFilterBar } from "../../components/reconciliation/run-filter-bar"
import { RunsTable } from "../../components/reconciliation/runs-table"
import { StartRunDrawer } from "../../components/reconciliation/start-run-drawer"
import { UploadDrawer } from "../../components/reconciliation/upload-drawer"
import { BankProfilesDrawer } from "../../components/reconciliation/bank-profiles-drawer"

/**
 * Reconciliation: every run of a payment platform's bill (fetched daily or by hand, or uploaded) and of a bank
 * statement, by day and channel with its totals, from GET /admin/order-management/reconciliation/runs; the filters
 * (channel, status, days) and the page live in the URL. "Reconcile a day" queues a run and follows it, "Upload a file"
 * reconciles a bill or a statement at once, "Bank profiles" keeps the statements' column mappings. A run opens its
 * own page (/reconciliation/:id).
 */
const ReconciliationPage = () => {
  const { t } = useOmT()
  const [filters, setFilters] = useUrlState(parseRunFilters, runFiltersToSearchParams)
  const query = useMemo(() => runsApiQuery(filters), [filters])
  const { data, isLoading, error, isFetching, refetch } = useRuns(query)
  const [drawer, setDrawer] = useState<"start" | "upload" | "profiles" | null>(null)
  const update = (patch: Partial<RunFilters>) => setFilters((latest) => ({ ...latest, page: 1, ...patch }))
  const runs = data?.runs ?? []
  return (
    <Container className="divide-y p-0" data-testid="om-recon-page">
      <div className="flex flex-wrap items-start justify-between gap-3 px-6 py-4">
        <div className="flex min-w-0 flex-col gap-y-1">
          <Heading level="h1">{t("reconciliation.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("reconciliation.subtitle")}</Text>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="small" variant="transparent" isLoading={isFetching && !isLoading} onClick={() => refetch()} title={t("reconciliation.refresh")} aria-label={t("reconciliation.refresh")} data-testid="om-recon-refresh">
            <ArrowPath />
          </Button>
          <Button size="small" variant="secondary" onClick={() => setDrawer("profiles")} data-testid="om-recon-open-profiles">
            <Buildings />
            {t("reconciliation.profiles.title")}
          </Button>
          <Button size="small" variant="secondary" onClick={() => setDrawer("upload")} data-testid="om-recon-open-upload">
            <ArrowUpTray />
            {t("reconciliation.upload.title")}
          </Button>
          <Button size="small" onClick={() => setDrawer("start")} data-testid="om-recon-open-start">
            <Receipt />
            {t("reconciliation.start.title")}
          </Button>
        </div>
      </div>
      <RunFilterBar filters={filters} onChange={update} />
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4" data-testid="om-recon-error">{(error as Error).message}</Text>
      ) : isLoading ? (
        <Text className="px-6 py-4">{t("common.loading")}</Text>
      ) : runs.length === 0 ? (
        <Text className="text-ui-fg-subtle px-6 py-8 text-center" data-testid="om-recon-empty">{t("reconciliation.empty")}</Text>
      ) : (
        <RunsTable runs={runs} />
      )}
      <Pager testId="om-recon-pagination" count={data?.count ?? 0} pageSize={RUNS_PAGE_SIZE} pageIndex={filters.page - 1} onPage={(i) => setFilters((latest) => ({ ...latest, page: i + 1 }))} />
      <StartRunDrawer open={drawer === "start"} onOpenChange={(o) => setDrawer(o ? "start" : null)} />
      <UploadDrawer open={drawer === "upload"} onOpenChange={(o) => setDrawer(o ? "upload" : null)} onProfiles={() => setDrawer("profiles")} />
      <BankProfilesDrawer open={drawer === "profiles"} onOpenChange={(o) => setDrawer(o ? "profiles" : null)} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "menu.reconciliation",
  translationNs: "orderManagement",
  icon: Receipt,
})

export default ReconciliationPage
