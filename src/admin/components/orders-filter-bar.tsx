import { useEffect, useState } from "react"
import { useQuery } from "@tanstack/react-query"
import { Button, DropdownMenu, Input, Label, Select } from "@medusajs/ui"
import type { DatePreset, OrderFilters } from "../lib/filters"
import { RISK_LEVELS, SORTS } from "../lib/filters"
import { omApi } from "../lib/api"
import { useOmT } from "../lib/i18n"
import { PickerOption, SearchPicker } from "./search-picker"
import { providerKey } from "./provider-name"

/** The payment channels the plugin ships (provider ids as Medusa registers them with the plugin's ids). */
export const CHANNELS = ["pp_alipay_alipay", "pp_wechatpay_wechatpay", "pp_nowpayments_nowpayments", "pp_btcpay_btcpay", "pp_bank-transfer_bank-transfer", "pp_balance_balance", "pp_system_default"]
const CURRENCIES = ["cny", "usd", "eur", "hkd", "jpy", "gbp"]

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
    set: (v: string) => void,
    withAny = true
  ) => (
    <div className="flex flex-col gap-y-1">
      <Label size="xsmall">{label}</Label>
      <Select value={value || ANY} onValueChange={(v) => set(v === ANY ? "" : v)} size="small">
        <Select.Trigger data-testid={testId} className="min-w-[150px]"><Select.Value /></Select.Trigger>
        <Select.Content>
          {withAny && <Select.Item value={ANY}>{t("page.filters.any")}</Select.Item>}
          {options.map(([v, l]) => <Select.Item key={v} value={v}>{l}</Select.Item>)}
        </Select.Content>
      </Select>
    </div>
  )
  const channels = filters.payment_provider ? filters.payment_provider.split(",") : []
  // the plugin's channels first, then every other provider the store has (Medusa's list), and any picked one
  const { data: providers } = useQuery({ queryKey: ["order-management", "payment-providers"], queryFn: () => omApi.paymentProviders(), staleTime: 5 * 60_000 })
  const offered = [...new Set([...CHANNELS, ...(providers?.payment_providers ?? []).map((p) => p.id), ...channels])]
  const channelName = (id: string) => (providerKey(id) === "other" ? id : t(`providers.${providerKey(id)}`))
  const risks = filters.risk_level ? filters.risk_level.split(",") : []
  const productIds = filters.product_id ? filters.product_id.split(",") : []
  const productLabels = filters.product_label ? filters.product_label.split(" | ") : []
  const products: PickerOption[] = productIds.map((id, i) => ({ id, label: productLabels[i] || id }))
  /** A date filter: any, today, this week, this month (in the store's time zone), or custom days. */
  const datePreset = (name: "created" | "paid", preset: DatePreset, from: string, to: string, set: (p: DatePreset, from: string, to: string) => void) => (
    <>
      {select(
        `om-filter-${name}`,
        t(`page.filters.${name}`),
        preset === "any" ? "" : preset,
        (["today", "week", "month", "custom"] as DatePreset[]).map((p) => [p, t(`page.filters.${p}`)]),
        (v) => set((v || "any") as DatePreset, v === "custom" ? from : "", v === "custom" ? to : "")
      )}
      {preset === "custom" && (
        <>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor={`om-${name}-from`}>{t("page.filters.from")}</Label>
            <Input id={`om-${name}-from`} size="small" type="date" data-testid={name === "created" ? "om-filter-from" : "om-filter-paid-from"} value={from} onChange={(e) => set(preset, e.target.value, to)} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor={`om-${name}-to`}>{t("page.filters.to")}</Label>
            <Input id={`om-${name}-to`} size="small" type="date" data-testid={name === "created" ? "om-filter-to" : "om-filter-paid-to"} value={to} onChange={(e) => set(preset, from, e.target.value)} />
          </div>
        </>
      )}
    </>
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
      {datePreset("created", filters.created, filters.from, filters.to, (created, from, to) => onChange({ created, from, to }))}
      {datePreset("paid", filters.paid, filters.paid_from, filters.paid_to, (paid, paid_from, paid_to) => onChange({ paid, paid_from, paid_to }))}
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall">{t("page.filters.channel")}</Label>
        <DropdownMenu>
          <DropdownMenu.Trigger asChild>
            <Button size="small" variant="secondary" data-testid="om-filter-channel" className="min-w-[150px] justify-start">
              {channels.length ? channels.map(channelName).join(", ") : t("page.filters.any")}
            </Button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content>
            {offered.map((c) => (
              <DropdownMenu.CheckboxItem
                key={c}
                checked={channels.includes(c)}
                data-testid="om-filter-channel-option"
                data-provider={c}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={(on) => onChange({ payment_provider: (on ? [...channels, c] : channels.filter((x) => x !== c)).join(",") })}
              >
                {channelName(c)}
              </DropdownMenu.CheckboxItem>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu>
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall">{t("risk.filter")}</Label>
        <DropdownMenu>
          <DropdownMenu.Trigger asChild>
            <Button size="small" variant="secondary" data-testid="om-filter-risk" className="min-w-[110px] justify-start">
              {risks.length ? risks.map((r) => t(`risk.levels.${r}`)).join(", ") : t("page.filters.any")}
            </Button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content>
            {RISK_LEVELS.map((r) => (
              <DropdownMenu.CheckboxItem
                key={r}
                checked={risks.includes(r)}
                data-testid="om-filter-risk-option"
                data-level={r}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={(on) => onChange({ risk_level: RISK_LEVELS.filter((x) => (x === r ? on : risks.includes(x))).join(",") })}
              >
                {t(`risk.levelsShort.${r}`)}
              </DropdownMenu.CheckboxItem>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu>
      </div>
      <SearchPicker
        id="om-customer"
        testId="om-filter-customer"
        label={t("page.filters.customer")}
        placeholder={t("page.filters.customerPlaceholder")}
        noResults={t("page.filters.noResults")}
        picked={filters.customer_id ? [{ id: filters.customer_id, label: filters.customer_label || filters.customer_id }] : []}
        search={searchCustomers}
        onChange={(p) => onChange({ customer_id: p[0]?.id ?? "", customer_label: p[0]?.label ?? "" })}
      />
      <SearchPicker
        id="om-product"
        testId="om-filter-product"
        label={t("page.filters.product")}
        placeholder={t("page.filters.productPlaceholder")}
        noResults={t("page.filters.noResults")}
        multiple
        picked={products}
        search={searchProducts}
        onChange={(p) => onChange({ product_id: p.map((x) => x.id).join(","), product_label: p.map((x) => x.label.replace(/\|/g, "/")).join(" | ") })}
      />
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall">{t("page.filters.amount")}</Label>
        <div className="flex items-center gap-x-1">
          <Select value={filters.amount_field || "total"} onValueChange={(v) => onChange({ amount_field: v as OrderFilters["amount_field"] })} size="small">
            <Select.Trigger data-testid="om-filter-amount-field" className="w-[96px]"><Select.Value /></Select.Trigger>
            <Select.Content>
              <Select.Item value="total">{t("page.filters.amountTotal")}</Select.Item>
              <Select.Item value="paid">{t("page.filters.amountPaid")}</Select.Item>
            </Select.Content>
          </Select>
          <Select value={filters.currency_code || "cny"} onValueChange={(v) => onChange({ currency_code: v })} size="small">
            <Select.Trigger data-testid="om-filter-currency" className="w-[80px]"><Select.Value /></Select.Trigger>
            <Select.Content>
              {CURRENCIES.map((c) => <Select.Item key={c} value={c}>{c.toUpperCase()}</Select.Item>)}
            </Select.Content>
          </Select>
          <TextFilter id="om-amount-min" className="w-[88px]" testId="om-filter-amount-min" placeholder={t("page.filters.min")} value={filters.amount_min} onCommit={(v) => onChange({ amount_min: v.trim(), currency_code: filters.currency_code || CURRENCIES[0] })} />
          <TextFilter id="om-amount-max" className="w-[88px]" testId="om-filter-amount-max" placeholder={t("page.filters.max")} value={filters.amount_max} onCommit={(v) => onChange({ amount_max: v.trim(), currency_code: filters.currency_code || CURRENCIES[0] })} />
        </div>
      </div>
      {filters.view === "all" &&
        select("om-sort", t("page.filters.sort"), filters.sort || "-created_at", SORTS.map((s) => [s, t(`page.sorts.${s.replace("-", "desc_")}`)]), (v) => onChange({ sort: v === "-created_at" ? "" : v }), false)}
      <Button
        size="small"
        variant="transparent"
        data-testid="om-filter-clear"
        onClick={() =>
          onChange({
            status: "", payment_status: "", fulfillment_status: "", on_hold: "", mark: "", created: "any", from: "", to: "", paid: "any", paid_from: "", paid_to: "",
            payment_provider: "", risk_level: "", customer_id: "", customer_label: "", product_id: "", product_label: "", currency_code: "", amount_min: "", amount_max: "", amount_field: "", sort: "", q: "",
          })
        }
      >
        {t("page.filters.clear")}
      </Button>
    </div>
  )
}

/** Customers by name (either way round; a Chinese name typed without a space too), email or phone. */
async function searchCustomers(q: string): Promise<PickerOption[]> {
  const { customers } = await omApi.searchCustomers(q)
  return customers.map((c) => ({ id: c.id, label: c.name ? `${c.name} <${c.email}>` : c.email, detail: c.phone ?? undefined }))
}

/** Products by title or SKU (Medusa's admin variant search covers both), one option per product. */
async function searchProducts(q: string): Promise<PickerOption[]> {
  const { variants } = await omApi.searchVariants(q)
  const seen = new Map<string, PickerOption>()
  for (const v of variants) {
    if (!v.product || seen.has(v.product.id)) continue
    seen.set(v.product.id, { id: v.product.id, label: v.product.title, detail: v.sku ?? undefined })
  }
  return [...seen.values()]
}
