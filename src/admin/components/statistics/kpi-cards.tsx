import { InformationCircleSolid } from "@medusajs/icons"
import { Badge, Text, Tooltip } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import { change, pointChange, type StatisticsResponse } from "../../lib/statistics"
import type { StatsFormat } from "../../lib/stats-format"

type Kpi = {
  key: string
  /** the raw value the card shows (data-value, for tests and the curious) */
  raw: number | null
  value: string
  previous: string
  delta: string
  /** +1: up is good, -1: up is bad (refunds, waiting) */
  direction: 1 | -1
  sign: number | null
  sub?: string
}

/** The period's headline numbers, each with its change against the comparison period and its definition. */
export const KpiCards = ({ data, f }: { data: StatisticsResponse; f: StatsFormat }) => {
  const { t } = useOmT()
  const { orders, revenue, conversion, repurchase, payments } = data
  const rel = (a: number | null, b: number | null) => change(a, b)
  const kpis: Kpi[] = [
    { key: "orders", raw: orders.count, value: f.count(orders.count), previous: f.count(orders.previous.count), delta: f.change(orders.growth), sign: orders.growth, direction: 1, sub: t("statistics.kpi.canceled", { count: orders.canceled }) },
    { key: "revenue", raw: revenue.paid_minor, value: f.money(revenue.paid_minor), previous: f.money(revenue.previous.paid_minor), delta: f.change(revenue.growth), sign: revenue.growth, direction: 1, sub: t("statistics.kpi.paidOrders", { count: revenue.paid_orders }) },
    { key: "refunded", raw: revenue.refunded_minor, value: f.money(revenue.refunded_minor), previous: f.money(revenue.previous.refunded_minor), delta: f.change(rel(revenue.refunded_minor, revenue.previous.refunded_minor)), sign: rel(revenue.refunded_minor, revenue.previous.refunded_minor), direction: -1 },
    { key: "aov", raw: revenue.aov_minor, value: f.money(revenue.aov_minor), previous: f.money(revenue.previous.aov_minor), delta: f.change(rel(revenue.aov_minor, revenue.previous.aov_minor)), sign: rel(revenue.aov_minor, revenue.previous.aov_minor), direction: 1 },
    { key: "cartToOrder", raw: conversion.cart_to_order_rate, value: f.percent(conversion.cart_to_order_rate), previous: f.percent(conversion.previous.cart_to_order_rate), delta: f.points(pointChange(conversion.cart_to_order_rate, conversion.previous.cart_to_order_rate)), sign: pointChange(conversion.cart_to_order_rate, conversion.previous.cart_to_order_rate), direction: 1, sub: t("statistics.kpi.funnel", { carts: f.count(conversion.carts), checkouts: f.count(conversion.checkouts), orders: f.count(conversion.orders) }) },
    { key: "checkoutToOrder", raw: conversion.checkout_to_order_rate, value: f.percent(conversion.checkout_to_order_rate), previous: f.percent(conversion.previous.checkout_to_order_rate), delta: f.points(pointChange(conversion.checkout_to_order_rate, conversion.previous.checkout_to_order_rate)), sign: pointChange(conversion.checkout_to_order_rate, conversion.previous.checkout_to_order_rate), direction: 1 },
    { key: "repurchase", raw: repurchase.rate, value: f.percent(repurchase.rate), previous: f.percent(repurchase.previous.rate), delta: f.points(pointChange(repurchase.rate, repurchase.previous.rate)), sign: pointChange(repurchase.rate, repurchase.previous.rate), direction: 1, sub: t("statistics.kpi.returning", { returning: f.count(repurchase.returning), customers: f.count(repurchase.customers) }) },
    { key: "timeToPay", raw: payments.time_to_pay_p50_seconds, value: f.duration(payments.time_to_pay_p50_seconds), previous: f.duration(payments.previous.time_to_pay_p50_seconds), delta: f.change(rel(payments.time_to_pay_p50_seconds, payments.previous.time_to_pay_p50_seconds)), sign: rel(payments.time_to_pay_p50_seconds, payments.previous.time_to_pay_p50_seconds), direction: -1, sub: t("statistics.kpi.p90", { value: f.duration(payments.time_to_pay_p90_seconds) }) },
  ]
  return (
    <div className="grid grid-cols-1 gap-3 px-6 py-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="om-stats-kpis">
      {kpis.map((k) => {
        const color = k.sign == null || k.sign === 0 ? "grey" : k.sign * k.direction > 0 ? "green" : "red"
        return (
          <div key={k.key} className="bg-ui-bg-subtle shadow-borders-base flex flex-col gap-y-1 rounded-lg px-4 py-3" data-testid={`om-stats-kpi-${k.key}`} data-value={k.raw ?? ""}>
            <div className="flex items-center gap-x-1">
              <Text size="small" weight="plus" className="text-ui-fg-subtle" data-testid="om-stats-kpi-label">{t(`statistics.kpi.${k.key}`)}</Text>
              <Tooltip content={<span data-testid="om-stats-kpi-hint-text">{t(`statistics.hints.${k.key}`)}</span>} maxWidth={320}>
                <span className="text-ui-fg-muted inline-flex cursor-help" data-testid="om-stats-kpi-hint" aria-label={t(`statistics.hints.${k.key}`)} tabIndex={0}>
                  <InformationCircleSolid />
                </span>
              </Tooltip>
            </div>
            <Text size="xlarge" weight="plus" className="tabular-nums" data-testid="om-stats-kpi-value">{k.value}</Text>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Badge size="2xsmall" color={color} data-testid="om-stats-kpi-change">{k.delta}</Badge>
              <Text size="xsmall" className="text-ui-fg-muted" data-testid="om-stats-kpi-previous">{t("statistics.kpi.before", { value: k.previous })}</Text>
            </div>
            {k.sub && <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-stats-kpi-sub">{k.sub}</Text>}
          </div>
        )
      })}
    </div>
  )
}
