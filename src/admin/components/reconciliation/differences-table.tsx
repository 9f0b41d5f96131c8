import { Fragment } from "react"
import { Link } from "react-router-dom"
import { Table, Text } from "@medusajs/ui"
import { ChevronDownMini, ChevronRightMini } from "@medusajs/icons"
import { useDisplayIds } from "../anomalies/api"
import { type ReconDifference, type ReconRun, storeAmount } from "./api"
import { DifferencePanel } from "./difference-panel"
import { DiffStateBadge, DiffTypeBadge, useReconFormat } from "./labels"

/** The order a difference concerns as "#display_id" (linked), else its trade: our out-trade-number, the platform's, the bank's. */
export const DiffWhere = ({ d, displayIds }: { d: ReconDifference; displayIds?: Map<string, number> }) => {
  const orderId = d.order_id ?? d.store?.order_id ?? null
  const display = d.store?.display_id ?? (orderId ? displayIds?.get(orderId) : undefined)
  if (orderId) {
    return (
      <Link to={`/orders/${orderId}`} onClick={(e) => e.stopPropagation()} className="text-ui-fg-interactive whitespace-nowrap hover:underline" data-testid="om-recon-diff-order">
        {display != null ? `#${display}` : orderId}
      </Link>
    )
  }
  const trade = d.out_trade_no ?? d.platform_trade_no ?? d.platform?.bank_transaction_id ?? null
  return <Text size="small" className="text-ui-fg-subtle max-w-[150px] truncate" title={trade ?? undefined} data-testid="om-recon-diff-trade">{trade ?? "—"}</Text>
}

/**
 * A run's differences in the bill's order: the bill line, the type, the order (or trade), the platform's amount
 * against the store's, the difference and the state. A row opens below it the bill row and the store's record side by
 * side with the actions (`?diff=<id>`).
 */
export const DifferencesTable = ({ run, rows, openId, onToggle }: { run: ReconRun; rows: ReconDifference[]; openId: string; onToggle: (id: string) => void }) => {
  const f = useReconFormat()
  const { t } = f
  // an order a transfer was assigned to has no store side: its display id from Medusa's order list
  const { data: displayIds } = useDisplayIds(rows.filter((d) => d.order_id && d.store?.display_id == null).map((d) => d.order_id!))
  return (
    <div className="overflow-x-auto">
      <Table data-testid="om-recon-diffs">
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell className="w-8" />
            <Table.HeaderCell className="whitespace-nowrap">{t("reconciliation.diffColumns.line")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("reconciliation.diffColumns.type")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("reconciliation.diffColumns.where")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t(run.source === "bank_statement" ? "reconciliation.diffColumns.statement" : "reconciliation.diffColumns.platform")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t("reconciliation.diffColumns.store")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap text-right">{t("reconciliation.diffColumns.delta")}</Table.HeaderCell>
            <Table.HeaderCell className="whitespace-nowrap">{t("reconciliation.diffColumns.state")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((d) => {
            const open = d.id === openId
            const cur = d.currency_code ?? run.currency_code
            const refund = d.platform?.kind === "refund"
            return (
              <Fragment key={d.id}>
                <Table.Row
                  className="cursor-pointer"
                  onClick={() => onToggle(d.id)}
                  data-testid="om-recon-diff-row"
                  data-diff-id={d.id}
                  data-type={d.type}
                  data-state={d.state}
                  aria-expanded={open}
                >
                  <Table.Cell className="text-ui-fg-muted">{open ? <ChevronDownMini /> : <ChevronRightMini />}</Table.Cell>
                  <Table.Cell>
                    <Text size="small" className="text-ui-fg-subtle" data-testid="om-recon-diff-line">{d.platform?.line ?? t("common.none")}</Text>
                  </Table.Cell>
                  <Table.Cell>
                    <DiffTypeBadge type={d.type} />
                    {!d.present && <Text size="xsmall" className="text-ui-fg-muted">{t("reconciliation.notFoundAgain")}</Text>}
                  </Table.Cell>
                  <Table.Cell><DiffWhere d={d} displayIds={displayIds} /></Table.Cell>
                  <Table.Cell className="text-right">
                    <Text size="small" className="whitespace-nowrap" data-testid="om-recon-diff-platform-amount">
                      {d.platform ? `${refund ? `${t("reconciliation.refundShort")} ` : ""}${f.money(d.platform.amount_minor, d.platform.currency ?? cur)}` : t("common.none")}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <Text size="small" className="whitespace-nowrap" data-testid="om-recon-diff-store-amount">{d.store ? f.money(storeAmount(d), d.store.currency ?? cur) : t("common.none")}</Text>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <Text size="small" className={`whitespace-nowrap ${d.delta_minor ? "text-ui-fg-error" : ""}`} data-testid="om-recon-diff-delta">{f.delta(d.delta_minor, cur)}</Text>
                  </Table.Cell>
                  <Table.Cell><DiffStateBadge state={d.state} /></Table.Cell>
                </Table.Row>
                {open && (
                  <Table.Row className="hover:bg-transparent" data-testid="om-recon-diff-expanded">
                    <td colSpan={8} className="bg-ui-bg-subtle px-6">
                      <DifferencePanel run={run} d={d} />
                    </td>
                  </Table.Row>
                )}
              </Fragment>
            )
          })}
        </Table.Body>
      </Table>
    </div>
  )
}
