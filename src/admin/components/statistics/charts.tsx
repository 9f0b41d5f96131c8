import { Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts"
import { useOmT } from "../../lib/i18n"
import { minorToMajor, type StatisticsResponse } from "../../lib/statistics"
import type { StatsFormat } from "../../lib/stats-format"

/** Colours from the dashboard's own CSS variables (@medusajs/ui), so the charts follow light and dark mode. */
export const CHART = {
  current: "var(--fg-interactive)",
  comparison: "var(--fg-muted)",
  grid: "var(--border-base)",
  axis: "var(--fg-subtle)",
  p50: "var(--tag-blue-icon)",
  p90: "var(--tag-orange-icon)",
  success: "var(--tag-green-icon)",
}
/** One colour per payment channel, in the order the report lists them. */
export const SLICES = ["var(--tag-blue-icon)", "var(--tag-green-icon)", "var(--tag-orange-icon)", "var(--tag-purple-icon)", "var(--tag-red-icon)", "var(--tag-neutral-icon)", "var(--fg-interactive)", "var(--fg-subtle)"]

const axisTick = { fill: CHART.axis, fontSize: 11 }
const tooltipStyle = {
  contentStyle: { background: "var(--bg-base)", border: "1px solid var(--border-base)", borderRadius: 8, fontSize: 12, color: "var(--fg-base)" },
  labelStyle: { color: "var(--fg-subtle)" },
  itemStyle: { color: "var(--fg-base)" },
}

/** A titled chart card; `hint` states what the chart counts. */
export const ChartCard = (props: { testId: string; title: string; hint?: string; action?: ReactNode; children: ReactNode; empty?: boolean }) => {
  const { t } = useOmT()
  return (
    <div className="shadow-borders-base bg-ui-bg-base flex min-w-0 flex-col gap-y-2 rounded-lg p-4" data-testid={props.testId}>
      <div className="flex items-start justify-between gap-x-2">
        <div>
          <Heading level="h3">{props.title}</Heading>
          {props.hint && <Text size="xsmall" className="text-ui-fg-subtle">{props.hint}</Text>}
        </div>
        {props.action}
      </div>
      {props.empty ? <Text size="small" className="text-ui-fg-muted py-10 text-center" data-testid="om-stats-chart-empty">{t("statistics.charts.noData")}</Text> : props.children}
    </div>
  )
}

/** "2025-03-01" → "03-01" (days, weeks) or "2025-03" (months). */
const bucketLabel = (date: string, g: StatisticsResponse["granularity"]) => (g === "month" ? date.slice(0, 7) : date.slice(5))

/**
 * A series of the period against the comparison period's, bucket by bucket (the comparison's n-th bucket beside the
 * period's n-th); the tooltip names both buckets' dates.
 */
export const TimeSeriesChart = (props: {
  data: StatisticsResponse
  kind: "orders" | "revenue"
  f: StatsFormat
  action?: ReactNode
}) => {
  const { t, locale } = useOmT()
  const { data, kind, f } = props
  const cur = data.currency_code
  const current = kind === "orders" ? data.orders.series.map((p) => ({ date: p.date, v: p.count })) : data.revenue.series.map((p) => ({ date: p.date, v: p.paid_minor }))
  const before = kind === "orders" ? data.orders.previous.series.map((p) => ({ date: p.date, v: p.count })) : data.revenue.previous.series.map((p) => ({ date: p.date, v: p.paid_minor }))
  const rows = current.map((p, i) => ({
    label: bucketLabel(p.date, data.granularity),
    date: p.date,
    current: kind === "orders" ? p.v : minorToMajor(p.v, cur),
    currentRaw: p.v,
    comparison: before[i] ? (kind === "orders" ? before[i].v : minorToMajor(before[i].v, cur)) : null,
    comparisonRaw: before[i]?.v ?? null,
    comparisonDate: before[i]?.date ?? null,
  }))
  const format = (raw: number | null) => (kind === "orders" ? f.count(raw) : f.money(raw))
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 })
  const empty = rows.every((r) => !r.currentRaw && !r.comparisonRaw)
  return (
    <ChartCard
      testId={`om-stats-chart-${kind}`}
      title={t(`statistics.charts.${kind}`)}
      hint={t(`statistics.charts.${kind}Hint`)}
      action={props.action}
      empty={empty}
    >
      <div className="h-[260px] w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={axisTick} stroke={CHART.grid} tickLine={false} minTickGap={16} />
            <YAxis tick={axisTick} stroke={CHART.grid} tickLine={false} width={56} allowDecimals={kind !== "orders"} tickFormatter={(v: number) => compact.format(v)} />
            <Tooltip
              {...tooltipStyle}
              labelFormatter={(_l, payload) => {
                const row = payload?.[0]?.payload as (typeof rows)[number] | undefined
                return row ? `${row.date}${row.comparisonDate ? ` · ${t("statistics.charts.vs")} ${row.comparisonDate}` : ""}` : ""
              }}
              formatter={(_v, name, item) => {
                const row = item.payload as (typeof rows)[number]
                return [format(name === "comparison" ? row.comparisonRaw : row.currentRaw), t(`statistics.charts.${name === "comparison" ? "comparison" : "current"}`)]
              }}
            />
            <Legend itemSorter={null} formatter={(v: string) => <span className="text-ui-fg-subtle text-xs">{t(`statistics.charts.${v}`)}</span>} />
            <Line type="monotone" dataKey="current" name="current" stroke={CHART.current} strokeWidth={2} dot={rows.length <= 31} isAnimationActive={false} />
            <Line type="monotone" dataKey="comparison" name="comparison" stroke={CHART.comparison} strokeWidth={1.5} strokeDasharray="4 4" dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  )
}

const LOG_TICKS = [1, 10, 60, 600, 3600, 86_400, 864_000]

/** Payment methods' shares as two donuts: of the paid orders, and of the revenue (captures − refunds). */
export const ShareChart = ({ data, f }: { data: StatisticsResponse; f: StatsFormat }) => {
  const { t } = useOmT()
  const providers = data.payments.providers
  const color = new Map(providers.map((p, i) => [p.provider_id, SLICES[i % SLICES.length]]))
  const byCount = providers.filter((p) => p.orders > 0).map((p) => ({ id: p.provider_id, name: f.provider(p.provider_id), value: p.orders, share: p.share_count, label: f.count(p.orders) }))
  const byAmount = providers.filter((p) => p.paid_minor > 0).map((p) => ({ id: p.provider_id, name: f.provider(p.provider_id), value: p.paid_minor, share: p.share_amount, label: f.money(p.paid_minor) }))
  const donut = (testId: string, title: string, rows: typeof byCount) => (
    <div className="flex min-w-0 flex-1 flex-col items-center" data-testid={testId}>
      <Text size="small" weight="plus" className="text-ui-fg-subtle">{title}</Text>
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted py-10">{t("statistics.charts.noData")}</Text>
      ) : (
        <div className="h-[240px] w-full">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie data={rows} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="80%" paddingAngle={1} stroke="var(--bg-base)" isAnimationActive={false}>
                {rows.map((r) => <Cell key={r.id} fill={color.get(r.id)} />)}
              </Pie>
              <Tooltip {...tooltipStyle} formatter={(_v, _n, item) => [`${item.payload.label} (${f.percent(item.payload.share)})`, item.payload.name]} />
              <Legend itemSorter={null} formatter={(v: string) => <span className="text-ui-fg-subtle text-xs">{v}</span>} />
            </PieChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  )
  return (
    <ChartCard testId="om-stats-chart-share" title={t("statistics.charts.share")} hint={t("statistics.charts.shareHint")} empty={providers.length === 0}>
      <div className="flex flex-col gap-4 md:flex-row">
        {donut("om-stats-share-count", t("statistics.charts.byCount"), byCount)}
        {donut("om-stats-share-amount", t("statistics.charts.byAmount"), byAmount)}
      </div>
    </ChartCard>
  )
}

/** Per channel: the payment success rate, and the time to pay (median and p90, log scale: seconds to days). */
export const ChannelCharts = ({ data, f }: { data: StatisticsResponse; f: StatsFormat }) => {
  const { t } = useOmT()
  const providers = data.payments.providers.filter((p) => p.provider_id)
  const success = providers.filter((p) => p.sessions > 0).map((p) => ({ name: f.provider(p.provider_id), rate: (p.success_rate ?? 0) * 100, raw: p.success_rate, sessions: p.sessions, paid: p.paid_sessions }))
  // log-scale ticks at round durations: 1 s, 10 s, 1 min, 10 min, 1 h, 1 d, 10 d
  const times = providers
    .filter((p) => p.time_to_pay_p50_seconds != null)
    .map((p) => ({ name: f.provider(p.provider_id), p50: Math.max(1, p.time_to_pay_p50_seconds ?? 0), p90: Math.max(1, p.time_to_pay_p90_seconds ?? 0), p50raw: p.time_to_pay_p50_seconds, p90raw: p.time_to_pay_p90_seconds }))
  return (
    <>
      <ChartCard testId="om-stats-chart-success" title={t("statistics.charts.successRate")} hint={t("statistics.hints.successRate")} empty={success.length === 0}>
        <div className="h-[260px] w-full">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={success} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={axisTick} stroke={CHART.grid} tickLine={false} interval={0} angle={-20} textAnchor="end" height={56} />
              <YAxis tick={axisTick} stroke={CHART.grid} tickLine={false} width={44} domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} />
              <Tooltip {...tooltipStyle} formatter={(_v, _n, item) => [t("statistics.charts.successDetail", { rate: f.percent(item.payload.raw), paid: f.count(item.payload.paid), sessions: f.count(item.payload.sessions) }), t("statistics.charts.successRate")]} />
              <Bar dataKey="rate" fill={CHART.success} radius={[4, 4, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </ChartCard>
      <ChartCard testId="om-stats-chart-time-to-pay" title={t("statistics.charts.timeToPay")} hint={t("statistics.hints.timeToPay")} empty={times.length === 0}>
        <div className="h-[260px] w-full">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={times} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={axisTick} stroke={CHART.grid} tickLine={false} interval={0} angle={-20} textAnchor="end" height={56} />
              <YAxis scale="log" domain={[1, "auto"]} ticks={LOG_TICKS.filter((v, i) => i === 0 || LOG_TICKS[i - 1] <= Math.max(1, ...times.map((x) => x.p90)))} allowDataOverflow tick={axisTick} stroke={CHART.grid} tickLine={false} width={56} tickFormatter={(v: number) => f.duration(v)} />
              <Tooltip {...tooltipStyle} formatter={(_v, name, item) => [f.duration(name === "p90" ? item.payload.p90raw : item.payload.p50raw), t(`statistics.charts.${name}`)]} />
              <Legend itemSorter={null} formatter={(v: string) => <span className="text-ui-fg-subtle text-xs">{t(`statistics.charts.${v}`)}</span>} />
              <Bar dataKey="p50" name="p50" fill={CHART.p50} radius={[4, 4, 0, 0]} isAnimationActive={false} />
              <Bar dataKey="p90" name="p90" fill={CHART.p90} radius={[4, 4, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </ChartCard>
    </>
  )
}
