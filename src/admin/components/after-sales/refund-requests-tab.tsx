import { useState } from "react"
import { Link } from "react-router-dom"
import { Button, Input, Table, Tabs, Text } from "@medusajs/ui"
import type { RefundRequest } from "../../lib/api"
import { REFUND_FILTERS, RefundFilter, canDecide, canReject, canRetry, formatAge, refundListQuery } from "../../lib/after-sales"
import { useRefundDecision, useRefundRequests } from "../../lib/after-sales-hooks"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import { DecisionMode, RefundDecisionDrawer } from "./refund-drawers"
import { RefundStatusBadge, useRefundLabels } from "./refund-labels"
import { Pager } from "../pager"

const PAGE_SIZE = 20

/**
 * The Refunds tab of the Order management page: refund requests by status (those to review first), newest first,
 * with approve / reject for a request waiting for review and retry for a failed refund.
 */
export const RefundRequestsTab = ({
  filter,
  q,
  page,
  onChange,
}: {
  filter: RefundFilter
  q: string
  page: number
  onChange: (patch: { refund_status?: string; refund_q?: string; page?: number }) => void
}) => {
  const { t, locale, formatDateTime } = useOmT()
  const labels = useRefundLabels()
  const [search, setSearch] = useState(q)
  const [drawer, setDrawer] = useState<{ mode: DecisionMode; request: RefundRequest } | null>(null)
  const query = refundListQuery(filter, page, PAGE_SIZE, q)
  const { data, isLoading, error } = useRefundRequests(query)
  const decide = useRefundDecision(() => setDrawer(null))
  const rows = data?.refund_requests ?? []
  const count = data?.count ?? 0

  return (
    <div data-testid="om-refunds">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-3">
        <Tabs value={filter} onValueChange={(v) => onChange({ refund_status: v, page: 1 })}>
          <Tabs.List>
            {REFUND_FILTERS.map((f) => (
              <Tabs.Trigger key={f} value={f} className="whitespace-nowrap" data-testid={`om-refund-filter-${f}`}>{t(`afterSales.filters.${f}`)}</Tabs.Trigger>
            ))}
          </Tabs.List>
        </Tabs>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            onChange({ refund_q: search.trim(), page: 1 })
          }}
        >
          <Input size="small" type="search" className="w-56" placeholder={t("afterSales.search")} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="om-refund-search" />
        </form>
      </div>
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4" data-testid="om-refunds-error">{(error as Error).message}</Text>
      ) : isLoading ? (
        <Text className="px-6 py-4">{t("common.loading")}</Text>
      ) : rows.length === 0 ? (
        <Text className="text-ui-fg-subtle px-6 py-8 text-center" data-testid="om-refunds-empty">{t("afterSales.empty")}</Text>
      ) : (
        <div className="overflow-x-auto">
          <Table data-testid="om-refunds-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="whitespace-nowrap">{t("afterSales.columns.order")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap text-right">{t("afterSales.columns.amount")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("afterSales.columns.reason")}</Table.HeaderCell>
                <Table.HeaderCell className="whitespace-nowrap">{t("afterSales.columns.status")} / {t("afterSales.columns.age")}</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((r) => (
                <Table.Row key={r.id} data-testid="om-refund-row" data-refund-id={r.id} data-order-id={r.order_id}>
                  <Table.Cell>
                    <div className="flex flex-col">
                      <Link to={`/orders/${r.order_id}`} className="text-ui-fg-interactive whitespace-nowrap hover:underline" data-testid="om-refund-order-link">
                        {r.order_number ?? `#${r.order_display_id ?? r.order_id}`}
                      </Link>
                      <Text size="xsmall" className="text-ui-fg-subtle max-w-[160px] truncate" title={r.customer_email ?? undefined} data-testid="om-refund-customer">
                        {r.customer_email ?? t("common.none")}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <Text size="small" className="whitespace-nowrap" data-testid="om-refund-requested">{formatMinor(r.requested_amount_minor, r.currency_code, locale)}</Text>
                    {r.status !== "requested" && r.status !== "withdrawn" && r.status !== "rejected" && (
                      <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap" data-testid="om-refund-approved">{t("afterSales.approvedAmount", { amount: formatMinor(r.amount_minor, r.currency_code, locale) })}</Text>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <div className="flex max-w-[160px] flex-col">
                      <Text size="small" className="truncate" data-testid="om-refund-reason">{labels.reason(r.reason_code)}</Text>
                      {r.note && (
                        <Text size="xsmall" className="text-ui-fg-subtle truncate" title={r.note} data-testid="om-refund-row-note">
                          {r.note}
                        </Text>
                      )}
                      {r.reject_reason && (
                        <Text size="xsmall" className="text-ui-fg-subtle truncate" title={t("afterSales.rejectedBecause", { reason: r.reject_reason })} data-testid="om-refund-row-reject-reason">
                          {t("afterSales.rejectedBecause", { reason: r.reject_reason })}
                        </Text>
                      )}
                    </div>
                  </Table.Cell>
                  <Table.Cell className="whitespace-nowrap">
                    <div className="flex flex-col items-start gap-y-0.5">
                      <RefundStatusBadge status={r.status} />
                      {r.status === "failed" && r.failure ? (
                        <Text size="xsmall" className="text-ui-fg-error max-w-[160px] truncate" title={`${labels.cause(r.failure.cause)}: ${r.failure.message}`} data-testid="om-refund-row-cause">{labels.cause(r.failure.cause)}</Text>
                      ) : (
                        <Text size="xsmall" className="text-ui-fg-subtle" title={formatDateTime(r.created_at)} data-testid="om-refund-age">{formatAge(r.created_at, locale)}</Text>
                      )}
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <div className="flex justify-end gap-x-1.5">
                      {canDecide(r) && <Button size="small" className="whitespace-nowrap" onClick={() => setDrawer({ mode: "approve", request: r })} data-testid="om-refund-approve">{t("afterSales.approve")}</Button>}
                      {canReject(r) && <Button size="small" variant="danger" className="whitespace-nowrap" onClick={() => setDrawer({ mode: "reject", request: r })} data-testid="om-refund-reject">{t("afterSales.reject")}</Button>}
                      {canRetry(r) && (
                        <Button size="small" variant="secondary" className="whitespace-nowrap" onClick={() => setDrawer({ mode: "retry", request: r })} data-testid="om-refund-retry">{t("afterSales.retry")}</Button>
                      )}
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <Pager testId="om-refunds-pagination" count={count} pageSize={PAGE_SIZE} pageIndex={page - 1} onPage={(i) => onChange({ page: i + 1 })} />
      <RefundDecisionDrawer
        mode={drawer?.mode ?? null}
        request={drawer?.request ?? null}
        pending={decide.isPending}
        canBalance={drawer?.request.can_refund_to_balance}
        onClose={() => setDrawer(null)}
        onSubmit={(d) => decide.mutate(d)}
      />
    </div>
  )
}
