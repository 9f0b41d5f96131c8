import { useMemo } from "react"
import { Link, useParams } from "react-router-dom"
import { ArrowLeftMini } from "@medusajs/icons"
import { Container, Heading, Label, Select, Tabs, Text } from "@medusajs/ui"
import { DIFFERENCE_STATES, DIFFERENCE_TYPES } from "../../../components/reconciliation/types"
import { useOmT } from "../../../lib/i18n"
import { useUrlState } from "../../../lib/use-url-state"
import { Pager } from "../../../components/pager"
import { useDifferences, useRun } from "../../../components/reconciliation/api"
import { type DiffFilters, DIFFS_PAGE_SIZE, diffFiltersToSearchParams, diffsApiQuery, parseDiffFilters } from "../../../components/reconciliation/filters"
import { RunStatusBadge, useReconFormat } from "../../../components/reconciliation/labels"
import { RunSummary } from "../../../components/reconciliation/run-summary"
import { DifferencesTable } from "../../../components/reconciliation/differences-table"
import { ExportButton } from "../../../components/reconciliation/export-button"

const ANY = "__any"

/**
 * One reconciliation run: its totals, then its differences in the bill's order with state tabs and a type filter (in
 * the URL: `?state=open&type=amount_mismatch&diff=<id>`); a difference opens below its row with the bill row and the
 * store's record side by side and the actions. "Export XLSX" downloads the run for finance.
 */
const ReconciliationRunPage = () => {
  const { id = "" } = useParams()
  const f = useReconFormat()
  const { t } = f
  const { formatDateTime } = useOmT()
  const { data, error, isLoading } = useRun(id)
  const run = data?.run
  const [filters, setFilters] = useUrlState(parseDiffFilters, diffFiltersToSearchParams)
  const query = useMemo(() => diffsApiQuery(filters), [filters])
  // the list follows the run: polled again once a running run has finished
  const diffs = useDifferences(id, query, run?.updated_at)
  const update = (patch: Partial<DiffFilters>) => setFilters((latest) => ({ ...latest, page: 1, diff: "", ...patch }))
  const rows = diffs.data?.differences ?? []
  return (
    <div className="flex flex-col gap-y-3" data-testid="om-recon-run-page" data-run-id={id}>
      <div>
        <Link to="/reconciliation" className="text-ui-fg-subtle hover:text-ui-fg-base txt-compact-small inline-flex items-center gap-x-1" data-testid="om-recon-back">
          <ArrowLeftMini />
          {t("reconciliation.back")}
        </Link>
      </div>
      {error ? (
        <Container><Text className="text-ui-fg-error" data-testid="om-recon-run-error">{(error as Error).message}</Text></Container>
      ) : isLoading || !run ? (
        <Container><Text>{t("common.loading")}</Text></Container>
      ) : (
        <>
          <Container className="flex flex-wrap items-start justify-between gap-3 px-6 py-4" data-testid="om-recon-run-head" data-status={run.status}>
            <div className="flex min-w-0 flex-col gap-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <Heading level="h1" data-testid="om-recon-run-title">{f.runTitle(run)}</Heading>
                <RunStatusBadge status={run.status} />
              </div>
              <Text size="small" className="text-ui-fg-subtle break-all">
                {[f.source(run.source), run.file_name, run.currency_code, run.started_at ? t("reconciliation.summary.started", { at: formatDateTime(run.started_at) }) : null].filter(Boolean).join(" · ")}
              </Text>
            </div>
            {run.status === "completed" && <ExportButton run={run} />}
          </Container>
          <RunSummary run={run} />
          <Container className="divide-y p-0" data-testid="om-recon-diffs-card">
            <div className="flex flex-col gap-y-1 px-6 py-4">
              <Heading level="h2">{t("reconciliation.diffs.title")}</Heading>
              <Text size="small" className="text-ui-fg-subtle">{t("reconciliation.diffs.hint")}</Text>
            </div>
            <div className="flex flex-wrap items-end justify-between gap-3 px-6 py-3">
              <div className="min-w-0 overflow-x-auto">
                <Tabs value={filters.state || "all"} onValueChange={(v) => update({ state: v === "all" ? "" : v })}>
                  <Tabs.List>
                    <Tabs.Trigger value="all" className="whitespace-nowrap" data-testid="om-recon-state-all">{t("reconciliation.diffs.all")}</Tabs.Trigger>
                    {DIFFERENCE_STATES.map((s) => (
                      <Tabs.Trigger key={s} value={s} className="whitespace-nowrap" data-testid={`om-recon-state-${s}`}>{t(`reconciliation.states.${s}`)}</Tabs.Trigger>
                    ))}
                  </Tabs.List>
                </Tabs>
              </div>
              <div className="flex flex-col gap-y-1">
                <Label size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.diffColumns.type")}</Label>
                <Select size="small" value={filters.type || ANY} onValueChange={(v) => update({ type: v === ANY ? "" : v })}>
                  <Select.Trigger className="w-[180px]" data-testid="om-recon-type-filter"><Select.Value /></Select.Trigger>
                  <Select.Content>
                    <Select.Item value={ANY}>{t("reconciliation.diffs.allTypes")}</Select.Item>
                    {DIFFERENCE_TYPES.map((ty) => (
                      <Select.Item key={ty} value={ty} data-testid="om-recon-type-filter-option" data-value={ty}>{t(`reconciliation.types.${ty}`)}</Select.Item>
                    ))}
                  </Select.Content>
                </Select>
              </div>
            </div>
            {diffs.error ? (
              <Text className="text-ui-fg-error px-6 py-4">{(diffs.error as Error).message}</Text>
            ) : diffs.isLoading ? (
              <Text className="px-6 py-4">{t("common.loading")}</Text>
            ) : rows.length === 0 ? (
              <Text className="text-ui-fg-subtle px-6 py-8 text-center" data-testid="om-recon-diffs-empty">{run.status === "completed" ? t("reconciliation.diffs.empty") : t("reconciliation.diffs.notYet")}</Text>
            ) : (
              <DifferencesTable run={run} rows={rows} openId={filters.diff} onToggle={(d) => setFilters((latest) => ({ ...latest, diff: latest.diff === d ? "" : d }))} />
            )}
            <Pager testId="om-recon-diffs-pagination" count={diffs.data?.count ?? 0} pageSize={DIFFS_PAGE_SIZE} pageIndex={filters.page - 1} onPage={(i) => setFilters((latest) => ({ ...latest, page: i + 1 }))} />
          </Container>
        </>
      )}
    </div>
  )
}

export default ReconciliationRunPage
