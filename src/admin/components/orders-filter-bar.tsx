import { useEffect, useState } from "react"
import { Button, Input, Label, Select } from "@medusajs/ui"
import type { CreatedPreset, OrderFilters } from "../lib/filters"
import { useOmT } from "../lib/i18n"

const PAYMENT = ["pending", "processing", "partially_paid", "confirmed", "suspected_fraud", "canceled"]
const FULFILLMENT = ["none", "holded", "processing", "dispatched", "completed", "refunded"]
const ANY = "__any"

/**
 * A text filter committed on Enter or blur. Its draft follows the filter when that changes from outside (clear, a
 * link, the back button), and is never reset by the other filters' changes (the bar is not remounted on them: an
 * open dropdown would close under the admin's pointer).
 */
const TextFilter = (props: { id: string; testId: string; value: string; onCommit: (v: string) => void; className?: string; placeholder?: string; type?: string }) => {
  const [draft, setDraft] = useState(props.value)
  useEffect(() => setDraft(props.value), [props.value])
  return (
    <Input
      id={props.id}
      size="small"
      type={props.type}
      className={props.className}
      data-testid={props.testId}
      placeholder={props.placeholder}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => e.key === "Enter" && draft !== props.value && props.onCommit(draft)}
      onBlur={() => draft !== props.value && props.onCommit(draft)}
    />
  )
}

/** Filters of the order-management page; every change goes to the URL. */
export const OrdersFilterBar = ({ filters, onChange }: { filters: OrderFilters; onChange: (patch: Partial<OrderFilters>) => void }) => {
  const { t } = useOmT()
  const select = (
    testId: string,
    label: string,
    value: string,
    options: Array<[string, string]>,
    set: (v: string) => void
  ) => (
    <div className="flex flex-col gap-y-1">
      <Label size="xsmall">{label}</Label>
      <Select value={value || ANY} onValueChange={(v) => set(v === ANY ? "" : v)} size="small">
        <Select.Trigger data-testid={testId} className="min-w-[150px]"><Select.Value /></Select.Trigger>
        <Select.Content>
          <Select.Item value={ANY}>{t("page.filters.any")}</Select.Item>
          {options.map(([v, l]) => <Select.Item key={v} value={v}>{l}</Select.Item>)}
        </Select.Content>
      </Select>
    </div>
  )
  return (
    <div className="flex flex-wrap items-end gap-3 px-6 py-4" data-testid="om-filters">
      <div className="flex min-w-[220px] flex-col gap-y-1">
        <Label size="xsmall" htmlFor="om-search">{t("page.search")}</Label>
        <TextFilter id="om-search" type="search" testId="om-search" placeholder={t("page.search")} value={filters.q} onCommit={(q) => onChange({ q })} />
      </div>
      {select("om-filter-payment", t("page.filters.paymentStatus"), filters.payment_status, PAYMENT.map((s) => [s, t(`payment.${s}`)]), (v) => onChange({ payment_status: v }))}
      {filters.view === "all" &&
        select("om-filter-fulfillment", t("page.filters.fulfillmentStatus"), filters.fulfillment_status, FULFILLMENT.map((s) => [s, t(`fulfillment.${s}`)]), (v) => onChange({ fulfillment_status: v }))}
      {select("om-filter-hold", t("page.filters.onHold"), filters.on_hold, [["true", t("page.filters.onHoldYes")], ["false", t("page.filters.onHoldNo")]], (v) => onChange({ on_hold: v as OrderFilters["on_hold"] }))}
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" htmlFor="om-mark">{t("page.filters.mark")}</Label>
        <TextFilter id="om-mark" className="w-[120px]" testId="om-filter-mark" value={filters.mark} onCommit={(mark) => onChange({ mark })} />
      </div>
      {select(
        "om-filter-created",
        t("page.filters.created"),
        filters.created === "any" ? "" : filters.created,
        (["today", "week", "month", "custom"] as CreatedPreset[]).map((p) => [p, t(`page.filters.${p}`)]),
        (v) => onChange({ created: (v || "any") as CreatedPreset })
      )}
      {filters.created === "custom" && (
        <>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="om-from">{t("page.filters.from")}</Label>
            <Input id="om-from" size="small" type="date" data-testid="om-filter-from" value={filters.from} onChange={(e) => onChange({ from: e.target.value })} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="om-to">{t("page.filters.to")}</Label>
            <Input id="om-to" size="small" type="date" data-testid="om-filter-to" value={filters.to} onChange={(e) => onChange({ to: e.target.value })} />
          </div>
        </>
      )}
      <Button
        size="small"
        variant="transparent"
        data-testid="om-filter-clear"
        onClick={() => onChange({ payment_status: "", fulfillment_status: "", on_hold: "", mark: "", created: "any", from: "", to: "", q: "" })}
      >
        {t("page.filters.clear")}
      </Button>
    </div>
  )
}
