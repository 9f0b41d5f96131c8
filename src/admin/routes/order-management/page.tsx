import { useMemo, useState } from "react"
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Receipt } from "@medusajs/icons"
import { Button, CommandBar, Container, Heading, Tabs, Text, toast } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { ActionBody, AdminAction, omApi, omKeys } from "../../lib/api"
import { BATCH_ACTIONS, NEEDS_REASON, ONE_CLICK } from "../../lib/actions"
import { OrderFilters, PAGE_SIZE, parseFilters, SIMPLE_STATUSES, toApiQuery, toSearchParams, viewFilters } from "../../lib/filters"
import { SavedViews } from "../../components/saved-views"
import { useUrlState } from "../../lib/use-url-state"
import { useRefreshOrder } from "../../lib/hooks"
import { useOmT } from "../../lib/i18n"
import { OrdersFilterBar } from "../../components/orders-filter-bar"
import { UnmatchedPayments } from "../../components/unmatched-payments"
import { OrdersTable } from "../../components/orders-table"
import { ActionDrawer } from "../../components/action-drawer"
import { BatchResults, BatchRow } from "../../components/batch-results"
import { ExportDrawer } from "../../components/export/export-drawer"
import { RefundRequestsTab } from "../../components/after-sales/refund-requests-tab"
import { parseRefundFilter } from "../../lib/after-sales"
import { Pager } from "../../components/pager"

const CHUNK = 5

/** Orders with their lifecycle: filters in the URL, paging, selection and batch actions, and the review queue. */
const OrderManagementPage = () => {
  const { t } = useOmT()
  const [filters, setFilters] = useUrlState(parseFilters, toSearchParams)
  const refresh = useRefreshOrder()
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [drawer, setDrawer] = useState<{ action: AdminAction; ids: string[] } | null>(null)
  const [batch, setBatch] = useState<{ total: number; results: BatchRow[]; running: boolean } | null>(null)
  const [exporting, setExporting] = useState(false)

  // the store's time zone: where "today", "this week" and "this month" begin (the list waits for it)
  const { data: config } = useQuery({ queryKey: [...omKeys.all, "config"], queryFn: () => omApi.config(), staleTime: Infinity })
  const apiQuery = useMemo(() => toApiQuery(filters, new Date(), config?.time_zone), [filters, config?.time_zone])
  const { data, isLoading, error } = useQuery({
    queryKey: [...omKeys.all, "list", apiQuery],
    queryFn: () => omApi.list(apiQuery),
    placeholderData: keepPreviousData,
    enabled: !!config && filters.view !== "refunds",
  })
  const rows = data?.order_lifecycles ?? []
  const count = data?.count ?? 0
  const numbers = useMemo(() => new Map(rows.map((r) => [r.order_id, r.order_number])), [rows])

  const update = (patch: Partial<OrderFilters>) => {
    setSelected(new Set())
    setFilters((latest) => ({ ...latest, page: 1, ...patch }))
  }

  /** Run one action over many orders in small chunks, so the admin sees progress and a result per order. */
  async function runBatch(ids: string[], body: ActionBody) {
    setDrawer(null)
    setBatch({ total: ids.length, results: [], running: true })
    const results: BatchRow[] = []
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK)
      try {
        const r = await omApi.batch({ ...body, order_ids: chunk })
        results.push(...r.results.map((x) => ({ ...x, order_number: numbers.get(x.order_id) })))
      } catch (e) {
        results.push(...chunk.map((id) => ({ order_id: id, order_number: numbers.get(id), ok: false, message: (e as Error).message })))
      }
      setBatch({ total: ids.length, results: [...results], running: i + CHUNK < ids.length })
    }
    setSelected(new Set())
    refresh()
  }

  const start = (action: AdminAction, ids: string[]) =>
    ONE_CLICK.includes(action) ? runBatch(ids, { action }) : setDrawer({ action, ids })

  const inline = async (orderId: string, action: AdminAction) => {
    if (NEEDS_REASON.includes(action)) {
      setDrawer({ action, ids: [orderId] })
      return
    }
    try {
      await omApi.act(orderId, { action })
      toast.success(t("common.done", { action: t(`actions.${action}`) }))
      refresh()
    } catch (e) {
      toast.error((e as Error).message)
    }
  }

  const toggle = (id: string) => {
    const next = new Set(selected)
    next.has(id) ? next.delete(id) : next.add(id)
    setSelected(next)
  }
  const toggleAll = () => setSelected(rows.every((r) => selected.has(r.order_id)) ? new Set() : new Set(rows.map((r) => r.order_id)))

  return (
    <Container className="divide-y p-0" data-testid="om-page">
      <div className="flex flex-wrap items-start justify-between gap-2 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">{t("page.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("page.subtitle")}</Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Link to="/order-management/create"><Button size="small" variant="secondary" data-testid="om-create-order">{t("manualOrder.button")}</Button></Link>
          <Link to="/order-management/exports"><Button size="small" variant="transparent" data-testid="om-exports-link">{t("exports.listTitle")}</Button></Link>
          <Button size="small" variant="secondary" onClick={() => setExporting(true)} data-testid="om-export-open">{t("exports.button")}</Button>
        </div>
      </div>
      <div className="px-6 py-3">
        <Tabs value={filters.view} onValueChange={(v) => update({ view: v as OrderFilters["view"] })}>
          <Tabs.List>
            <Tabs.Trigger value="all" data-testid="om-tab-all">{t("page.tabs.all")}</Tabs.Trigger>
            <Tabs.Trigger value="review" data-testid="om-tab-review">{t("page.tabs.review")}</Tabs.Trigger>
            <Tabs.Trigger value="unmatched" data-testid="om-tab-unmatched">{t("page.tabs.unmatched")}</Tabs.Trigger>
            <Tabs.Trigger value="refunds" className="whitespace-nowrap" data-testid="om-tab-refunds">{t("afterSales.tab")}</Tabs.Trigger>
          </Tabs.List>
        </Tabs>
        {filters.view === "review" && <Text size="small" className="text-ui-fg-subtle mt-2">{t("page.reviewHint")}</Text>}
        {filters.view === "refunds" && <Text size="small" className="text-ui-fg-subtle mt-2">{t("afterSales.subtitle")}</Text>}
        {filters.view === "all" && (
          <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
            <Tabs value={filters.status && !filters.status.includes(",") ? filters.status : filters.status ? "__several" : "__all"} onValueChange={(v) => v !== "__several" && update({ status: v === "__all" ? "" : v })}>
              <Tabs.List>
                <Tabs.Trigger value="__all" data-testid="om-status-all">{t("page.simple.all")}</Tabs.Trigger>
                {SIMPLE_STATUSES.map((s) => <Tabs.Trigger key={s} value={s} data-testid={`om-status-${s}`}>{t(`page.simple.${s}`)}</Tabs.Trigger>)}
                {/* several statuses (from a link or a saved view): one tab naming them, so the filter shows */}
                {filters.status.includes(",") && (
                  <Tabs.Trigger value="__several" data-testid="om-status-several">
                    {filters.status.split(",").map((s) => t(`page.simple.${s}`)).join(" + ")}
                  </Tabs.Trigger>
                )}
              </Tabs.List>
            </Tabs>
            <SavedViews current={viewFilters(filters)} onApply={(f) => setFilters(() => ({ ...parseFilters(new URLSearchParams(f)), view: "all", page: 1 }))} />
          </div>
        )}
      </div>
      {filters.view === "refunds" ? (
        <RefundRequestsTab
          filter={parseRefundFilter(filters.refund_status)}
          q={filters.refund_q}
          page={filters.page}
          onChange={(patch) => setFilters((latest) => ({ ...latest, ...patch }))}
        />
      ) : filters.view === "unmatched" ? <UnmatchedPayments /> : <>
      <OrdersFilterBar filters={filters} onChange={update} />
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4">{(error as Error).message}</Text>
      ) : isLoading ? (
        <Text className="px-6 py-4">{t("common.loading")}</Text>
      ) : rows.length === 0 ? (
        <Text className="text-ui-fg-subtle px-6 py-8 text-center" data-testid="om-empty">{t("page.empty")}</Text>
      ) : (
        <OrdersTable rows={rows} selected={selected} onToggle={toggle} onToggleAll={toggleAll} review={filters.view === "review"} onInline={inline} timeZone={config?.time_zone} />
      )}
      {config?.time_zone && config.time_zone !== Intl.DateTimeFormat().resolvedOptions().timeZone && rows.length > 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 pt-3" data-testid="om-time-zone-note">{t("page.timeZoneNote", { tz: config.time_zone })}</Text>
      )}
      {data && !data.count_exact && <Text size="small" className="text-ui-fg-subtle px-6 pt-3" data-testid="om-count-capped">{t("page.countOver", { total: data.count.toLocaleString() })}</Text>}
      {/* past 10,000 the list does not count further: the pager offers the pages up to there (and says "over") */}
      <Pager testId="om-pagination" count={count} pageSize={PAGE_SIZE} pageIndex={filters.page - 1} onPage={(i) => setFilters((latest) => ({ ...latest, page: i + 1 }))} />
      </>}
      <CommandBar open={selected.size > 0}>
        <CommandBar.Bar data-testid="om-command-bar">
          <CommandBar.Value>{t("page.selected", { count: selected.size })}</CommandBar.Value>
          <CommandBar.Seperator />
          <CommandBar.Command action={() => setExporting(true)} label={t("exports.button")} shortcut="e" data-testid="om-batch-export" />
          {BATCH_ACTIONS.map((a, i) => (
            <span key={a} className="contents">
              <CommandBar.Seperator />
              <CommandBar.Command
                action={() => start(a, [...selected])}
                label={t(`actions.${a}`)}
                shortcut={String(i + 1)}
                data-testid={`om-batch-${a}`}
              />
            </span>
          ))}
        </CommandBar.Bar>
      </CommandBar>
      <ActionDrawer
        action={drawer?.action ?? null}
        count={drawer && drawer.ids.length > 1 ? drawer.ids.length : undefined}
        pending={false}
        onClose={() => setDrawer(null)}
        onSubmit={(body) => drawer && runBatch(drawer.ids, body)}
      />
      <ExportDrawer open={exporting} onClose={() => setExporting(false)} apiQuery={apiQuery} selected={[...selected]} />
      <BatchResults open={!!batch} total={batch?.total ?? 0} results={batch?.results ?? []} running={batch?.running ?? false} onClose={() => setBatch(null)} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "menu.orderManagement",
  translationNs: "orderManagement",
  icon: Receipt,
})

export default OrderManagementPage
