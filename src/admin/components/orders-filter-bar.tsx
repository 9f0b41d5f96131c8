import { Button, Input, Label, Select } from "@medusajs/ui"
import type { CreatedPreset, OrderFilters } from "../lib/filters"
import { useOmT } from "../lib/i18n"

const PAYMENT = ["pending", "processing", "confirmed", "suspected_fraud", "canceled"]
const FULFILLMENT = ["none", "holded", "processing", "dispatched", "completed", "refunded"]
const ANY = "__any"

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
        <Input
          id="om-search"
          size="small"
          type="search"
          data-testid="om-search"
          placeholder={t("page.search")}
          defaultValue={filters.q}
          onKeyDown={(e) => e.key === "Enter" && onChange({ q: (e.target as HTMLInputElement).value })}
          onBlur={(e) => e.target.value !== filters.q && onChange({ q: e.target.value })}
        />
      </div>
      {select("om-filter-payment", t("page.filters.paymentStatus"), filters.payment_status, PAYMENT.map((s) => [s, t(`payment.${s}`)]), (v) => onChange({ payment_status: v }))}
      {filters.view === "all" &&
        select("om-filter-fulfillment", t("page.filters.fulfillmentStatus"), filters.fulfillment_status, FULFILLMENT.map((s) => [s, t(`fulfillment.${s}`)]), (v) => onChange({ fulfillment_status: v }))}
      {select("om-filter-hold", t("page.filters.onHold"), filters.on_hold, [["true", t("page.filters.onHoldYes")], ["false", t("page.filters.onHoldNo")]], (v) => onChange({ on_hold: v as OrderFilters["on_hold"] }))}
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" htmlFor="om-mark">{t("page.filters.mark")}</Label>
        <Input
          id="om-mark"
          size="small"
          className="w-[120px]"
          data-testid="om-filter-mark"
          defaultValue={filters.mark}
          onKeyDown={(e) => e.key === "Enter" && onChange({ mark: (e.target as HTMLInputElement).value })}
          onBlur={(e) => e.target.value !== filters.mark && onChange({ mark: e.target.value })}
        />
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
