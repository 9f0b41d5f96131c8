import { Link, useNavigate } from "react-router-dom"
import { Table, Text } from "@medusajs/ui"
import { DIFFERENCE_TYPES } from "./types"
import type { ReconRun } from "./api"
import { DiffTypeBadge, RunStatusBadge, useReconFormat } from "./labels"

/**
 * The runs, newest day first: the day with the channel and where the bill came from, the status, rows and matched, the
 * differences by type as small badges, the platform's total against the store's with the platform's fees, and the
 * open differences. A row opens the run. The table scrolls inside its card, so the page fits 1,024 px.
 */
export const RunsTable = ({ runs }: { runs: ReconRun[] }) => {
  const f = useReconFormat()
  const { t } = f
  const navigate = useNavigate()
  return (
    <div className="overflow-x-auto">
      <Table data-testid="om-recon-runs">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell className="whitespace-nowrap">{t("reconciliation.columns.day")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("reconciliation.columns.status")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t("reconciliation.columns.rows")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("reconciliation.columns.differences")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t("reconciliation.columns.totals")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t("reconciliation.columns.open")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {runs.map((r) => {
            const done = r.status === "completed"
            const types = DIFFERENCE_TYPES.filter((ty) => (r.differences_by_type?.[ty] ?? 0) > 0)
            return (
              <Table.Row key={r.id} className="cursor-pointer" onClick={() => navigate(`/reconciliation/${r.id}`)} data-testid="om-recon-run-row" data-run-id={r.id} data-provider={r.provider_id} data-source={r.source} data-status={r.status}>
                <Table.Cell className="py-1.5">
                  <div className="flex max-w-[160px] flex-col">
                    <Link to={`/reconciliation/${r.id}`} onClick={(e) => e.stopPropagation()} className="text-ui-fg-interactive txt-compact-small-plus whitespace-nowrap hover:underline" data-testid="om-recon-run-open">{r.date}</Link>
                    <Text size="small" className="truncate" data-testid="om-recon-run-channel">{f.channel(r.provider_id)}</Text>
                    <Text size="xsmall" className="text-ui-fg-subtle truncate" title={r.file_name ?? undefined} data-testid="om-recon-run-source">
                      {f.source(r.source)}{r.file_name ? ` · ${r.file_name}` : ""}
                    </Text>
                  </div>
                </Table.Cell>
                <Table.Cell>
                  <div className="flex flex-col items-start gap-y-0.5">
                    <RunStatusBadge status={r.status} />
                    {!done && r.error && <Text size="xsmall" className="text-ui-fg-subtle max-w-[120px] truncate" title={r.error} data-testid="om-recon-run-error">{r.error}</Text>}
                  </div>
                </Table.Cell>
                <Table.Cell className="text-right">
                  <Text size="small" className="whitespace-nowrap" data-testid="om-recon-run-rows">{done ? r.rows : t("common.none")}</Text>
                  {done && <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap" data-testid="om-recon-run-matched">{t("reconciliation.matchedN", { count: r.matched })}</Text>}
                </Table.Cell>
                <Table.Cell>
                  <div className="flex max-w-[190px] flex-wrap gap-1" data-testid="om-recon-run-types">
                    {types.length ? types.map((ty) => <DiffTypeBadge key={ty} type={ty} count={r.differences_by_type[ty]} />) : <Text size="xsmall" className="text-ui-fg-subtle">{done ? t("reconciliation.noDifferences") : t("common.none")}</Text>}
                  </div>
                </Table.Cell>
                <Table.Cell className="text-right">
                  {done && r.currency_code ? (
                    <div className="flex flex-col items-end">
                      <Text size="small" className="whitespace-nowrap" title={t("reconciliation.platformTotal")} data-testid="om-recon-run-platform-total">{f.money(r.platform_total_minor, r.currency_code)}</Text>
                      <Text size="xsmall" className={`whitespace-nowrap ${r.platform_total_minor === r.store_total_minor ? "text-ui-fg-subtle" : "text-ui-fg-error"}`} title={t("reconciliation.storeTotal")} data-testid="om-recon-run-store-total">
                        {t("reconciliation.storeShort", { amount: f.money(r.store_total_minor, r.currency_code) })}
                      </Text>
                      {r.source !== "bank_statement" && (
                        <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap" title={t("reconciliation.summary.fees")}>
                          {t("reconciliation.feesShort")} <span data-testid="om-recon-run-fees">{f.money(r.fee_total_minor, r.currency_code)}</span>
                        </Text>
                      )}
                    </div>
                  ) : (
                    <Text size="small">{t("common.none")}</Text>
                  )}
                </Table.Cell>
                <Table.Cell className="text-right">
                  <Text size="small" weight={r.open_differences ? "plus" : "regular"} className={r.open_differences ? "text-ui-fg-error" : "text-ui-fg-subtle"} data-testid="om-recon-run-open-count">{r.open_differences}</Text>
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table>
    </div>
  )
}
