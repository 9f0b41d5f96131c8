import { Button, Input, Label, Select } from "@medusajs/ui"
import { useReconProviders } from "./api"
import { RUN_STATUSES } from "./types"
import type { RunFilters } from "./filters"
import { useReconFormat } from "./labels"

const ANY = "__any"

/** The runs' filters, kept in the URL: channel, status, and a range of days (the bills' days). */
export const RunFilterBar = ({ filters, onChange }: { filters: RunFilters; onChange: (patch: Partial<RunFilters>) => void }) => {
  const f = useReconFormat()
  const { t } = f
  const { data } = useReconProviders()
  const channels = [...new Set([...(data?.providers ?? []).map((p) => p.provider_id), ...(filters.provider ? [filters.provider] : [])])]
  const active = !!(filters.provider || filters.status || filters.from || filters.to)
  return (
    <div className="flex flex-wrap items-end gap-3 px-6 py-4" data-testid="om-recon-filters">
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.filters.channel")}</Label>
        <Select size="small" value={filters.provider || ANY} onValueChange={(v) => onChange({ provider: v === ANY ? "" : v })}>
          <Select.Trigger className="w-[168px]" data-testid="om-recon-filter-channel"><Select.Value /></Select.Trigger>
          <Select.Content>
            <Select.Item value={ANY}>{t("reconciliation.filters.allChannels")}</Select.Item>
            {channels.map((c) => (
              <Select.Item key={c} value={c} data-testid="om-recon-filter-channel-option" data-value={c}>{f.channel(c)}</Select.Item>
            ))}
          </Select.Content>
        </Select>
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.filters.status")}</Label>
        <Select size="small" value={filters.status || ANY} onValueChange={(v) => onChange({ status: v === ANY ? "" : v })}>
          <Select.Trigger className="w-[148px]" data-testid="om-recon-filter-status"><Select.Value /></Select.Trigger>
          <Select.Content>
            <Select.Item value={ANY}>{t("reconciliation.filters.allStatuses")}</Select.Item>
            {RUN_STATUSES.map((s) => (
              <Select.Item key={s} value={s} data-testid="om-recon-filter-status-option" data-value={s}>{t(`reconciliation.status.${s}`)}</Select.Item>
            ))}
          </Select.Content>
        </Select>
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" className="text-ui-fg-subtle" htmlFor="om-recon-from">{t("reconciliation.filters.from")}</Label>
        <Input id="om-recon-from" size="small" type="date" className="w-[148px]" value={filters.from} max={filters.to || undefined} onChange={(e) => onChange({ from: e.target.value })} data-testid="om-recon-filter-from" />
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" className="text-ui-fg-subtle" htmlFor="om-recon-to">{t("reconciliation.filters.to")}</Label>
        <Input id="om-recon-to" size="small" type="date" className="w-[148px]" value={filters.to} min={filters.from || undefined} onChange={(e) => onChange({ to: e.target.value })} data-testid="om-recon-filter-to" />
      </div>
      {active && (
        <Button size="small" variant="transparent" onClick={() => onChange({ provider: "", status: "", from: "", to: "" })} data-testid="om-recon-filter-clear">
          {t("reconciliation.filters.clear")}
        </Button>
      )}
    </div>
  )
}
