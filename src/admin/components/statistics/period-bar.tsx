import { Input, Label, Select } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import { COMPARES, GRANULARITIES, PERIODS, type StatsState } from "../../lib/statistics"

/**
 * The page's choices: the period (presets in the store's time zone, or custom days), what it is compared with, the
 * series' granularity and the currency (amounts are never converted). Every change goes to the URL.
 */
export const PeriodBar = (props: {
  state: StatsState
  /** the days the current choice covers (custom inputs start from them) */
  days: { from: string; to: string }
  /** the currency the report is in, and the ones offered */
  currency: string
  currencies: string[]
  onChange: (patch: Partial<StatsState>) => void
}) => {
  const { t } = useOmT()
  const { state, onChange } = props
  const select = (testId: string, label: string, value: string, options: Array<[string, string]>, set: (v: string) => void) => (
    <div className="flex flex-col gap-y-1">
      <Label size="xsmall">{label}</Label>
      <Select value={value} onValueChange={set} size="small">
        <Select.Trigger data-testid={testId} className="min-w-[150px]"><Select.Value /></Select.Trigger>
        <Select.Content>
          {options.map(([v, l]) => <Select.Item key={v} value={v} data-testid={`${testId}-${v}`}>{l}</Select.Item>)}
        </Select.Content>
      </Select>
    </div>
  )
  const currencies = [...new Set([...props.currencies, props.currency].filter(Boolean))]
  return (
    <div className="flex flex-wrap items-end gap-3 px-6 py-4" data-testid="om-stats-filters">
      {select("om-stats-period", t("statistics.period"), state.period, PERIODS.map((p) => [p, t(`statistics.periods.${p}`)]), (v) =>
        onChange(v === "custom" ? { period: "custom", from: props.days.from, to: props.days.to } : { period: v as StatsState["period"], from: "", to: "" })
      )}
      {state.period === "custom" && (
        <>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="om-stats-from">{t("statistics.from")}</Label>
            <Input id="om-stats-from" size="small" type="date" data-testid="om-stats-from" value={state.from || props.days.from} max={state.to || undefined} onChange={(e) => e.target.value && onChange({ from: e.target.value })} />
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall" htmlFor="om-stats-to">{t("statistics.to")}</Label>
            <Input id="om-stats-to" size="small" type="date" data-testid="om-stats-to" value={state.to || props.days.to} min={state.from || undefined} onChange={(e) => e.target.value && onChange({ to: e.target.value })} />
          </div>
        </>
      )}
      {select("om-stats-compare", t("statistics.compare"), state.compare, COMPARES.map((c) => [c, t(`statistics.compares.${c}`)]), (v) => onChange({ compare: v as StatsState["compare"] }))}
      {select("om-stats-granularity", t("statistics.granularity"), state.granularity, GRANULARITIES.map((g) => [g, t(`statistics.granularities.${g}`)]), (v) => onChange({ granularity: v as StatsState["granularity"] }))}
      {props.currency && select("om-stats-currency", t("statistics.currency"), props.currency, currencies.map((c) => [c, c.toUpperCase()]), (v) => onChange({ currency: v }))}
    </div>
  )
}
