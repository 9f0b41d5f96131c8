import { Table, Text } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import type { ManualOrder } from "./api"

/**
 * The priced draft as the server answered it: each line (unit price, quantity, tax, line total), shipping, each
 * deduction (each promotion code with what it took off, the manual discount, both together as Medusa's discount
 * total, then balance and points) and what is left to pay. `state` tells a test (and the admin) whether the figures are current.
 */
export const OrderSummary = (props: { draft: ManualOrder | null; state: "idle" | "pending" | "ready" | "error"; error: string | null }) => {
  const { t, locale } = useOmT()
  const d = props.draft
  const money = (m: number | undefined) => (d ? formatMinor(m ?? 0, d.currency_code, locale) : "")
  const row = (key: string, label: string, value: string, strong = false) => (
    <div className="flex items-center justify-between gap-4" data-testid={`mo-sum-${key}`}>
      <Text size="small" weight={strong ? "plus" : "regular"} className={strong ? "" : "text-ui-fg-subtle"}>{label}</Text>
      <Text size="small" weight={strong ? "plus" : "regular"} data-testid={`mo-sum-${key}-value`}>{value}</Text>
    </div>
  )
  return (
    <div className="flex flex-col gap-y-3" data-testid="mo-summary" data-state={props.state}>
      {props.state === "pending" && <Text size="xsmall" className="text-ui-fg-subtle">{t("manualOrder.summary.pending")}</Text>}
      {props.error && <Text size="small" className="text-ui-fg-error" data-testid="mo-price-error">{props.error}</Text>}
      {!d ? (
        props.state === "idle" && <Text size="small" className="text-ui-fg-subtle">{t("manualOrder.summary.needs")}</Text>
      ) : (
        <>
          <div className="overflow-x-auto">
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>{t("manualOrder.summary.item")}</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">{t("manualOrder.summary.unitPrice")}</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">{t("manualOrder.summary.quantity")}</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">{t("manualOrder.summary.tax")}</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">{t("manualOrder.summary.lineTotal")}</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {d.items.map((i) => (
                  <Table.Row key={i.id ?? i.variant_id} data-testid="mo-sum-item" data-variant-id={i.variant_id}>
                    <Table.Cell><span className="block max-w-[260px] truncate">{i.title}{i.variant_title ? ` · ${i.variant_title}` : ""}</span></Table.Cell>
                    <Table.Cell className="text-right" data-testid="mo-sum-item-unit">{money(i.unit_price_minor)}</Table.Cell>
                    <Table.Cell className="text-right">{i.quantity}</Table.Cell>
                    <Table.Cell className="text-right">{money(i.tax_minor)}</Table.Cell>
                    <Table.Cell className="text-right" data-testid="mo-sum-item-total">{money(i.total_minor)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
          <div className="ml-auto flex w-full max-w-sm flex-col gap-y-1">
            {row("subtotal", t("manualOrder.summary.subtotal"), money(d.item_subtotal_minor ?? d.subtotal_minor - d.shipping_total_minor))}
            {d.shipping && row("shipping", `${t("manualOrder.summary.shipping")} · ${d.shipping.name}`, money(d.shipping_total_minor))}
            {(d.promotions ?? []).map((p) => (
              <div key={p.code} className="flex items-center justify-between gap-4" data-testid="mo-sum-promotion" data-code={p.code} data-amount-minor={p.amount_minor ?? ""}>
                <Text size="small" className="min-w-0 truncate text-ui-fg-subtle" title={p.code}>{t("manualOrder.summary.promotion", { code: p.code })}</Text>
                {p.amount_minor !== undefined && <Text size="small" className="whitespace-nowrap" data-testid="mo-sum-promotion-value">−{money(p.amount_minor)}</Text>}
              </div>
            ))}
            {d.manual_discount && row("manual", `${t("manualOrder.summary.manual")} (${d.manual_discount.type === "percent" ? `${d.manual_discount.value}%` : money(d.manual_discount.value)} · ${d.manual_discount.reason})`, `−${money(d.manual_discount.amount_minor)}`)}
            {d.discount_total_minor > 0 && row("discounts", t("manualOrder.summary.discounts"), `−${money(d.discount_total_minor)}`)}
            {row("tax", t("manualOrder.summary.tax"), money(d.tax_total_minor))}
            {row("total", t("manualOrder.summary.total"), money(d.total_minor), true)}
            {(d.balance_minor ?? 0) > 0 && row("balance", t("manualOrder.summary.balance"), `−${money(d.balance_minor)}`)}
            {(d.points ?? 0) > 0 && row("points", t("manualOrder.summary.points", { points: d.points }), `−${money(d.points_value_minor)}`)}
            {row("to-pay", t("manualOrder.summary.toPay"), money(d.to_pay_minor), true)}
          </div>
          {(d.warnings ?? []).map((w) => <Text key={w} size="xsmall" className="text-ui-fg-subtle" data-testid="mo-warning">{w}</Text>)}
        </>
      )}
    </div>
  )
}
