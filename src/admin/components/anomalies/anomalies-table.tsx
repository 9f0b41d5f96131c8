import { Link } from "react-router-dom"
import { Table, Text } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import { ProviderName } from "../provider-name"
import { DeskAnomaly, userName } from "./api"
import { formatShortAge } from "./desk"
import { AnomalyStateBadge, useDeskLabels } from "./labels"

/** The order a row concerns as "#display_id" (or the order number), else its id. */
export const orderLabel = (a: DeskAnomaly, displayIds?: Map<string, number>) => {
  const d = a.order_display_id ?? a.display_id ?? (a.order_id ? displayIds?.get(a.order_id) : undefined)
  return a.order_number ?? (d != null ? `#${d}` : a.order_id ?? "")
}

/**
 * The desk's table: type in words, the order (linked) or the cart, the money, the channel, the state, the
 * assignee, the age and the last step. A row opens the anomaly's drawer. Narrow columns truncate (with the full
 * text as a title), so the page fits 1,024 px.
 */
export const AnomaliesTable = ({ rows, displayIds, onOpen }: { rows: DeskAnomaly[]; displayIds?: Map<string, number>; onOpen: (id: string) => void }) => {
  const { t, locale, formatDateTime } = useOmT()
  const l = useDeskLabels()
  return (
    <div className="overflow-x-auto">
      <Table data-testid="om-desk-table">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell className="whitespace-nowrap">{t("desk.columns.type")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("desk.columns.where")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t("desk.columns.amount")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("desk.columns.channel")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("desk.columns.state")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("desk.columns.assignee")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("desk.columns.age")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("desk.columns.lastStep")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((a) => {
            const assignee = userName(a.assignee) ?? l.nameOf(a.assignee_id) ?? a.assignee_id
            const last = a.last_step
            return (
              <Table.Row key={a.id} className="cursor-pointer" onClick={() => onOpen(a.id)} data-testid="om-desk-row" data-anomaly-id={a.id} data-state={a.status} data-type={a.type}>
                <Table.Cell>
                  <Text size="small" className="max-w-[170px] truncate" title={l.type(a.type)} data-testid="om-desk-row-type">{l.type(a.type)}</Text>
                </Table.Cell>
                <Table.Cell>
                  {a.order_id ? (
                    <Link to={`/orders/${a.order_id}`} onClick={(e) => e.stopPropagation()} className="text-ui-fg-interactive whitespace-nowrap hover:underline" data-testid="om-desk-row-order">
                      {orderLabel(a, displayIds)}
                    </Link>
                  ) : (
                    <Text size="small" className="text-ui-fg-subtle max-w-[110px] truncate" title={a.cart_id ?? undefined} data-testid="om-desk-row-cart">{t("desk.cart")} {a.cart_id ?? ""}</Text>
                  )}
                </Table.Cell>
                <Table.Cell className="text-right">
                  <Text size="small" className="whitespace-nowrap" data-testid="om-desk-row-amount">
                    {a.amount_minor != null && a.currency_code ? formatMinor(Number(a.amount_minor), a.currency_code, locale) : t("common.none")}
                  </Text>
                </Table.Cell>
                <Table.Cell>
                  <Text size="small" className="max-w-[110px] truncate" title={a.provider_id ?? undefined}><ProviderName id={a.provider_id} /></Text>
                </Table.Cell>
                <Table.Cell><AnomalyStateBadge status={a.status} /></Table.Cell>
                <Table.Cell>
                  <Text size="small" className="max-w-[120px] truncate" title={assignee ?? undefined} data-testid="om-desk-row-assignee">{assignee ?? t("common.none")}</Text>
                </Table.Cell>
                <Table.Cell>
                  <Text size="small" className="whitespace-nowrap" title={formatDateTime(a.created_at)} data-testid="om-desk-row-age">{formatShortAge(a.created_at, locale)}</Text>
                </Table.Cell>
                <Table.Cell>
                  {last ? (
                    <div className="flex max-w-[170px] flex-col">
                      <Text size="xsmall" className="truncate" title={l.step(last)} data-testid="om-desk-row-last">{l.step(last)}</Text>
                      <Text size="xsmall" className="text-ui-fg-subtle truncate" title={last.note ?? undefined}>{last.note || l.actor(last)}</Text>
                    </div>
                  ) : (
                    <Text size="xsmall" className="text-ui-fg-subtle">{t("common.none")}</Text>
                  )}
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table>
    </div>
  )
}
