import { Badge, Button, Container, Heading, Table, Text, toast } from "@medusajs/ui"
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { useState } from "react"
import { exportApi, exportKeys, type ExportRecord } from "../../../lib/export-api"
import { useOmT } from "../../../lib/i18n"
import { backendUrl } from "../../../lib/sdk"
import { ReportDrawer, type ReportKind } from "../../../components/export/report-drawer"
import { Pager } from "../../../components/pager"

const PAGE = 20
const COLOR: Record<ExportRecord["status"], "grey" | "blue" | "green" | "red" | "orange"> = {
  pending: "grey",
  running: "blue",
  done: "green",
  failed: "red",
  canceled: "orange",
  expired: "grey",
  refused: "red",
}

/** Past exports (the audit log): status and progress (refreshed while any runs), cancel, download, who, masked or not and why. */
const ExportsPage = () => {
  const { t, formatDateTime } = useOmT()
  const client = useQueryClient()
  const [page, setPage] = useState(0)
  const [report, setReport] = useState<ReportKind | null>(null)
  const { data, error } = useQuery({
    queryKey: [...exportKeys.all, "list", page],
    queryFn: () => exportApi.list({ limit: PAGE, offset: page * PAGE }),
    refetchInterval: (q) => ((q.state.data?.exports ?? []).some((e) => e.status === "pending" || e.status === "running") ? 1000 : false),
  })
  const cancel = async (id: string) => {
    try {
      await exportApi.cancel(id)
      client.invalidateQueries({ queryKey: exportKeys.all })
    } catch (e) {
      toast.error((e as Error).message)
    }
  }
  const rows = data?.exports ?? []
  const count = data?.count ?? 0
  return (
    <Container className="divide-y p-0" data-testid="om-exports-page">
      <div className="flex items-center justify-between px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">{t("exports.listTitle")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("exports.listSubtitle")}</Text>
        </div>
        <Link to="/order-management"><Button size="small" variant="secondary">{t("exports.back")}</Button></Link>
      </div>
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <Text size="small" weight="plus">{t("exports.reports.title")}</Text>
        {(["reconciliation", "sales", "backup"] as const).map((k) => (
          <Button key={k} size="small" variant="secondary" onClick={() => setReport(k)} data-testid={`om-report-${k}`}>{t(`exports.reports.${k}`)}</Button>
        ))}
      </div>
      {error ? <Text className="text-ui-fg-error px-6 py-4">{(error as Error).message}</Text> : rows.length === 0 ? (
        <Text className="text-ui-fg-subtle px-6 py-8 text-center">{t("exports.none")}</Text>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("exports.when")}</Table.HeaderCell>
                <Table.HeaderCell>{t("exports.who")}</Table.HeaderCell>
                <Table.HeaderCell>{t("exports.what")}</Table.HeaderCell>
                <Table.HeaderCell>{t("exports.status")}</Table.HeaderCell>
                <Table.HeaderCell>{t("exports.progress")}</Table.HeaderCell>
                <Table.HeaderCell>{t("exports.privacy")}</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((e) => {
                const percent = e.rows_total ? Math.round((e.rows_done / e.rows_total) * 100) : e.status === "done" ? 100 : 0
                return (
                  <Table.Row key={e.id} data-testid="om-export-row" data-status={e.status}>
                    <Table.Cell className="whitespace-nowrap">{formatDateTime(e.created_at)}</Table.Cell>
                    <Table.Cell>
                      {/* one line, cut with an ellipsis (the whole address on hover): a long email must not squeeze the row tall */}
                      <Text size="small" className="max-w-[160px] truncate" title={e.created_by_email ?? e.created_by ?? ""}>{e.created_by_email ?? e.created_by ?? t("common.none")}</Text>
                    </Table.Cell>
                    <Table.Cell>
                      {/* two short lines rather than one long one: the table fits a 1,024 px window */}
                      {e.report === "orders" ? (
                        <div className="flex flex-col">
                          <Text size="small" className="whitespace-nowrap">{e.format.toUpperCase()} · {t(`exports.scopes.${e.scope}`)}</Text>
                          <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap">{t("exports.fieldCount", { count: e.fields.length })}</Text>
                        </div>
                      ) : (
                        <div className="flex flex-col">
                          <Text size="small" className="whitespace-nowrap">{t(`exports.reports.${e.report}`)}</Text>
                          <Text size="xsmall" className="text-ui-fg-subtle">{e.format === "jsonl_gz" ? "JSONL.GZ" : e.format.toUpperCase()}</Text>
                        </div>
                      )}
                    </Table.Cell>
                    <Table.Cell>
                      <Badge size="2xsmall" color={COLOR[e.status]} className="whitespace-nowrap" data-testid="om-export-status">{t(`exports.statuses.${e.status}`)}</Badge>
                      {e.error && <Text size="xsmall" className="text-ui-fg-error max-w-[240px]">{e.error}</Text>}
                    </Table.Cell>
                    <Table.Cell className="min-w-[110px]">
                      <div className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
                        <div className="bg-ui-fg-interactive h-full transition-all" style={{ width: `${percent}%` }} />
                      </div>
                      <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-export-rows">{e.report === "sales" ? null : e.status === "done" ? t("exports.rowsDone", { count: e.rows_done, formatted: e.rows_done.toLocaleString() }) : t("exports.rows", { done: e.rows_done.toLocaleString(), total: e.rows_total?.toLocaleString() ?? "…" })}</Text>
                    </Table.Cell>
                    <Table.Cell>
                      {/* the reconciliation and the sales report hold no personal data */}
                      {e.report === "reconciliation" || e.report === "sales" ? t("common.none") : e.masked ? <Badge size="2xsmall" color="grey">{t("exports.masked")}</Badge> : <Badge size="2xsmall" color="red" title={e.reason ?? ""}>{t("exports.unmasked")}</Badge>}
                      {!e.masked && e.reason && <Text size="xsmall" className="text-ui-fg-subtle max-w-[200px] truncate" title={e.reason}>{e.reason}</Text>}
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap text-right">
                      {(e.status === "pending" || e.status === "running") && <Button size="small" variant="secondary" onClick={() => cancel(e.id)} data-testid="om-export-cancel">{t("exports.cancel")}</Button>}
                      {e.status === "done" && e.file_url && (
                        <a href={backendUrl(e.file_url)} download={e.filename ?? undefined} data-testid="om-export-download">
                          <Button size="small" variant="secondary">{t("exports.download")}</Button>
                        </a>
                      )}
                    </Table.Cell>
                  </Table.Row>
                )
              })}
            </Table.Body>
          </Table>
        </div>
      )}
      <ReportDrawer kind={report} onClose={() => setReport(null)} />
      <Pager count={count} pageSize={PAGE} pageIndex={page} onPage={setPage} />
    </Container>
  )
}

export default ExportsPage
