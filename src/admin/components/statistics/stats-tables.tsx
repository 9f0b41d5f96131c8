import { Link } from "react-router-dom"
import { Table, Text } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import type { StatisticsResponse } from "../../lib/statistics"
import type { StatsFormat } from "../../lib/stats-format"
import { ChartCard } from "./charts"
import { CsvButton } from "./csv-button"

// numbers never wrap ("2 min" on one line); a narrow window scrolls the table inside its card instead
const num = "text-right tabular-nums whitespace-nowrap"

/** Payments per channel: paid orders and revenue with their shares, refunds, sessions and success, time to pay. */
export const PaymentsTable = ({ data, f }: { data: StatisticsResponse; f: StatsFormat }) => {
  const { t } = useOmT()
  const rows = data.payments.providers
  return (
    <ChartCard testId="om-stats-payments" title={t("statistics.tables.payments")} hint={t("statistics.hints.payments")} action={<CsvButton kind="payments" data={data} f={f} />} empty={rows.length === 0}>
      <div className="overflow-x-auto">
        <Table data-testid="om-stats-payments-table">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("statistics.columns.channel")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.paidOrders")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.shareCount")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.revenue")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.shareAmount")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.refunded")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.sessions")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.successRate")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.p50")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.p90")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((p) => (
              <Table.Row key={p.provider_id} data-testid="om-stats-payments-row" data-provider={p.provider_id}>
                <Table.Cell>{f.provider(p.provider_id)}</Table.Cell>
                <Table.Cell className={num}>{f.count(p.orders)}</Table.Cell>
                <Table.Cell className={num}>{f.percent(p.share_count)}</Table.Cell>
                <Table.Cell className={num}>{f.money(p.paid_minor)}</Table.Cell>
                <Table.Cell className={num}>{f.percent(p.share_amount)}</Table.Cell>
                <Table.Cell className={num}>{f.money(p.refunded_minor)}</Table.Cell>
                <Table.Cell className={num}>{f.count(p.sessions)}</Table.Cell>
                <Table.Cell className={num}>{f.percent(p.success_rate)}</Table.Cell>
                <Table.Cell className={num}>{f.duration(p.time_to_pay_p50_seconds)}</Table.Cell>
                <Table.Cell className={num}>{f.duration(p.time_to_pay_p90_seconds)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    </ChartCard>
  )
}

/** Best sellers of the period, by quantity, each with its share of all products' revenue as a bar. */
export const BestSellersTable = ({ data, f }: { data: StatisticsResponse; f: StatsFormat }) => {
  const { t } = useOmT()
  const rows = data.products.best_sellers
  return (
    <ChartCard testId="om-stats-best-sellers" title={t("statistics.tables.bestSellers")} hint={t("statistics.hints.bestSellers")} action={<CsvButton kind="best-sellers" data={data} f={f} />} empty={rows.length === 0}>
      <div className="overflow-x-auto">
        <Table data-testid="om-stats-best-sellers-table">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("statistics.columns.product")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.quantity")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.orders")}</Table.HeaderCell>
              <Table.HeaderCell className={num}>{t("statistics.columns.revenue")}</Table.HeaderCell>
              <Table.HeaderCell className="min-w-[160px]">{t("statistics.columns.revenueShare")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((b) => (
              <Table.Row key={b.product_id} data-testid="om-stats-best-seller-row" data-product-id={b.product_id}>
                <Table.Cell>
                  <Link to={`/products/${b.product_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">{b.title}</Link>
                </Table.Cell>
                <Table.Cell className={num}>{f.count(b.quantity)}</Table.Cell>
                <Table.Cell className={num}>{f.count(b.orders)}</Table.Cell>
                <Table.Cell className={num}>{f.money(b.revenue_minor)}</Table.Cell>
                <Table.Cell>
                  <div className="flex items-center gap-x-2">
                    <div className="bg-ui-bg-component h-2 flex-1 overflow-hidden rounded-full">
                      <div className="h-full rounded-full" style={{ width: `${Math.round((b.revenue_share ?? 0) * 1000) / 10}%`, background: "var(--fg-interactive)" }} />
                    </div>
                    <Text size="xsmall" className="w-12 text-right tabular-nums">{f.percent(b.revenue_share)}</Text>
                  </div>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    </ChartCard>
  )
}

/** Variants whose available stock is below their threshold now (live, not the period's), each linking to Medusa's inventory page. */
export const LowStockTable = ({ data, f }: { data: StatisticsResponse; f: StatsFormat }) => {
  const { t } = useOmT()
  const rows = data.products.low_stock
  return (
    <ChartCard
      testId="om-stats-low-stock"
      title={t("statistics.tables.lowStock")}
      hint={t("statistics.hints.lowStock")}
      action={<CsvButton kind="low-stock" data={data} f={f} />}
    >
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted py-6 text-center" data-testid="om-stats-low-stock-empty">{t("statistics.tables.noLowStock")}</Text>
      ) : (
        <div className="overflow-x-auto">
          <Table data-testid="om-stats-low-stock-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("statistics.columns.variant")}</Table.HeaderCell>
                <Table.HeaderCell>{t("statistics.columns.sku")}</Table.HeaderCell>
                <Table.HeaderCell>{t("statistics.columns.location")}</Table.HeaderCell>
                <Table.HeaderCell className={num}>{t("statistics.columns.stocked")}</Table.HeaderCell>
                <Table.HeaderCell className={num}>{t("statistics.columns.reserved")}</Table.HeaderCell>
                <Table.HeaderCell className={num}>{t("statistics.columns.available")}</Table.HeaderCell>
                <Table.HeaderCell className={num}>{t("statistics.columns.threshold")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((l) => (
                <Table.Row key={`${l.inventory_item_id}-${l.location_id}`} data-testid="om-stats-low-stock-row" data-inventory-item-id={l.inventory_item_id}>
                  <Table.Cell>
                    <Link to={`/inventory/${l.inventory_item_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover" data-testid="om-stats-low-stock-link">{l.title}</Link>
                  </Table.Cell>
                  <Table.Cell className="font-mono text-xs">{l.sku ?? f.none}</Table.Cell>
                  <Table.Cell>{l.location ?? l.location_id}</Table.Cell>
                  <Table.Cell className={num}>{f.count(l.stocked)}</Table.Cell>
                  <Table.Cell className={num}>{f.count(l.reserved)}</Table.Cell>
                  <Table.Cell className={`${num} ${l.available <= 0 ? "text-ui-fg-error" : ""}`}>{f.count(l.available)}</Table.Cell>
                  <Table.Cell className={num}>{f.count(l.threshold)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {data.products.low_stock_total > rows.length && (
            <Text size="xsmall" className="text-ui-fg-subtle px-2 pt-2" data-testid="om-stats-low-stock-more">{t("statistics.tables.lowStockMore", { shown: rows.length, total: data.products.low_stock_total })}</Text>
          )}
        </div>
      )}
    </ChartCard>
  )
}
