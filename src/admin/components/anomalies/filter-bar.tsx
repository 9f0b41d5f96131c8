import { useEffect, useState } from "react"
import { useQuery } from "@tanstack/react-query"
import { Button, Input, Label, Select } from "@medusajs/ui"
import { omApi } from "../../lib/api"
import { useOmT } from "../../lib/i18n"
import { CHANNELS } from "../orders-filter-bar"
import { providerKey } from "../provider-name"
import { ANOMALY_TYPES_SHOWN } from "./labels"
import { useAdminUsers, userName } from "./api"
import { AGES, DeskFilters } from "./desk"

const ANY = "__any"

/** The desk's filters: type, channel, assignee (me, unassigned, an admin), age, and a search by order or trade number. */
export const DeskFilterBar = ({ filters, onChange }: { filters: DeskFilters; onChange: (patch: Partial<DeskFilters>) => void }) => {
  const { t } = useOmT()
  const { data: users } = useAdminUsers()
  const { data: providers } = useQuery({ queryKey: ["order-management", "payment-providers"], queryFn: () => omApi.paymentProviders(), staleTime: 5 * 60_000 })
  const [q, setQ] = useState(filters.q)
  useEffect(() => setQ(filters.q), [filters.q])
  const channelName = (id: string) => (providerKey(id) === "other" ? id : t(`providers.${providerKey(id)}`))
  const channels = [...new Set([...CHANNELS, ...(providers?.payment_providers ?? []).map((p) => p.id), ...(filters.provider ? [filters.provider] : [])])]
  const select = (testId: string, label: string, value: string, anyLabel: string, options: Array<[string, string]>, set: (v: string) => void, width = "w-[168px]") => (
    <div className="flex flex-col gap-y-1">
      <Label size="xsmall" className="text-ui-fg-subtle">{label}</Label>
      <Select value={value || ANY} onValueChange={(v) => set(v === ANY ? "" : v)} size="small">
        <Select.Trigger data-testid={testId} className={width}><Select.Value /></Select.Trigger>
        <Select.Content>
          <Select.Item value={ANY}>{anyLabel}</Select.Item>
          {options.map(([v, l]) => <Select.Item key={v} value={v} data-testid={`${testId}-option`} data-value={v}>{l}</Select.Item>)}
        </Select.Content>
      </Select>
    </div>
  )
  const active = !!(filters.type || filters.provider || filters.assignee || filters.age || filters.q)
  return (
    <div className="flex flex-wrap items-end gap-3 px-6 py-4" data-testid="om-desk-filters">
      <form
        className="flex flex-col gap-y-1"
        onSubmit={(e) => {
          e.preventDefault()
          onChange({ q: q.trim() })
        }}
      >
        <Label size="xsmall" className="text-ui-fg-subtle" htmlFor="om-desk-q">{t("desk.filters.search")}</Label>
        <Input id="om-desk-q" size="small" type="search" className="w-[200px]" value={q} onChange={(e) => setQ(e.target.value)} onBlur={() => q.trim() !== filters.q && onChange({ q: q.trim() })} data-testid="om-desk-search" />
      </form>
      {select("om-desk-type", t("desk.filters.type"), filters.type, t("desk.filters.allTypes"), ANOMALY_TYPES_SHOWN.map((ty) => [ty, t(`anomalies.types.${ty}`)]), (v) => onChange({ type: v }), "w-[200px]")}
      {select("om-desk-channel", t("desk.filters.channel"), filters.provider, t("desk.filters.allChannels"), channels.map((c) => [c, channelName(c)]), (v) => onChange({ provider: v }))}
      {select(
        "om-desk-assignee",
        t("desk.filters.assignee"),
        filters.assignee,
        t("desk.filters.anyone"),
        [["me", t("desk.filters.me")], ["unassigned", t("desk.filters.unassigned")], ...(users?.users ?? []).map((u): [string, string] => [u.id, userName(u) ?? u.id])],
        (v) => onChange({ assignee: v })
      )}
      {select("om-desk-age", t("desk.filters.age"), filters.age, t("desk.filters.anyAge"), AGES.map((h) => [String(h), t(`desk.filters.age${h}`)]), (v) => onChange({ age: v }), "w-[160px]")}
      {active && (
        <Button size="small" variant="transparent" onClick={() => onChange({ type: "", provider: "", assignee: "", age: "", q: "" })} data-testid="om-desk-clear">
          {t("desk.filters.clear")}
        </Button>
      )}
    </div>
  )
}
