import { Link } from "react-router-dom"
import { Button, Checkbox, Table, Text } from "@medusajs/ui"
import type { AdminAction, OrderLifecycle } from "../lib/api"
import { formatMinor } from "../lib/money"
import { useOmT } from "../lib/i18n"
import { FulfillmentStatusBadge, PaymentStatusBadge } from "./status-badges"
import { ProviderName } from "./provider-name"
import { RiskDot } from "./risk-badge"


/** The orders table: selection, the columns an admin scans, and inline review actions in the queue. */
export const OrdersTable = ({
  rows,
  selected,
  onToggle,
  onToggleAll,
  review,
  onInline,
  timeZone,
}: {
  rows: OrderLifecycle[]
  selected: Set<string>
  onToggle: (id: string) => void
  onToggleAll: () => void
  review: boolean
  onInline: (orderId: string, action: AdminAction) => void
  /** the store's time zone: created and paid times are shown there, as the date filters count days there */
  timeZone?: string
}) => {
  const { t, locale, formatDateTime } = useOmT()
  const all = rows.length > 0 && rows.every((r) => selected.has(r.order_id))
  return (
    <div className="overflow-x-auto">
    <Table data-testid="om-orders-table">
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell className="w-8">
            <Checkbox checked={all} onCheckedChange={onToggleAll} data-testid="om-select-all" aria-label="select all" />
          </Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.order")}</Table.HeaderCell>
          <Table.HeaderCell className="w-8 whitespace-nowrap px-1 text-center" data-testid="om-risk-column">{t("risk.column")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.customer")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.items")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap text-right">{t("page.columns.amount")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.method")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.payment")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.fulfillment")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.created")}</Table.HeaderCell>
          <Table.HeaderCell className="whitespace-nowrap">{t("page.columns.paid")}</Table.HeaderCell>
          {review && <Table.HeaderCell />}
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {rows.map((r) => {
          const items = r.items ?? []
          return (
            <Table.Row key={r.order_id} data-testid="om-order-row" data-order-id={r.order_id}>
              <Table.Cell>
                <Checkbox checked={selected.has(r.order_id)} onCheckedChange={() => onToggle(r.order_id)} data-testid="om-select-row" aria-label={`select ${r.order_number}`} />
              </Table.Cell>
              <Table.Cell>
                <Link to={`/orders/${r.order_id}`} className="text-ui-fg-interactive hover:underline" data-testid="om-order-link">
                  {r.order_number}
                </Link>
                {r.on_hold && <Text size="xsmall" className="text-ui-fg-subtle">{t("card.onHold")}</Text>}
              </Table.Cell>
              <Table.Cell className="px-1 text-center"><RiskDot level={r.risk_level} /></Table.Cell>
              <Table.Cell>
                <div className="flex flex-col">
                  <Text size="small">{r.customer_name ?? "—"}</Text>
                  <Text size="xsmall" className="text-ui-fg-subtle">{r.email}</Text>
                </div>
              </Table.Cell>
              <Table.Cell>
                <Text size="small" className="max-w-[220px] truncate">
                  {items.slice(0, 2).map((i) => `${i.title} ×${i.quantity}`).join(", ")}
                  {items.length > 2 ? ` ${t("page.moreItems", { count: items.length - 2 })}` : ""}
                </Text>
              </Table.Cell>
              <Table.Cell className="text-right">
                <Text size="small">{formatMinor(r.paid_minor, r.currency_code, locale)}</Text>
                <Text size="xsmall" className="text-ui-fg-subtle">{formatMinor(r.total_minor, r.currency_code, locale)}</Text>
              </Table.Cell>
              <Table.Cell className="whitespace-nowrap"><Text size="small" data-testid="om-order-channel">{r.payment_provider ? <ProviderName id={r.payment_provider} /> : "—"}</Text></Table.Cell>
              <Table.Cell className="whitespace-nowrap"><PaymentStatusBadge status={r.payment_status} /></Table.Cell>
              <Table.Cell className="whitespace-nowrap"><FulfillmentStatusBadge status={r.fulfillment_status} /></Table.Cell>
              <Table.Cell className="whitespace-nowrap"><Text size="small">{formatDateTime(r.placed_at, timeZone)}</Text></Table.Cell>
              <Table.Cell className="whitespace-nowrap"><Text size="small">{r.paid_at ? formatDateTime(r.paid_at, timeZone) : "—"}</Text></Table.Cell>
              {review && (
                <Table.Cell>
                  <div className="flex gap-x-2">
                    <Button size="small" onClick={() => onInline(r.order_id, "approve")} data-testid="om-inline-approve">{t("actions.approve")}</Button>
                    <Button size="small" variant="danger" onClick={() => onInline(r.order_id, "reject")} data-testid="om-inline-reject">{t("actions.reject")}</Button>
                  </div>
                </Table.Cell>
              )}
            </Table.Row>
          )
        })}
      </Table.Body>
    </Table>
    </div>
  )
}
