import { useState } from "react"
import { Link } from "react-router-dom"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Input, Label, Select, Table, Text, Textarea } from "@medusajs/ui"
import { newIdempotencyKey, useAdjustBalance, useCustomerBalance } from "../lib/balance-hooks"
import { useOmT } from "../lib/i18n"
import { formatMinor, parseMinor } from "../lib/money"
import { Pager } from "../components/pager"

const PAGE = 10

/** The customer's balance per currency, the ledger (newest first), and a credit / debit with a reason. */
const CustomerBalanceWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t, locale, formatDateTime } = useOmT()
  const [offset, setOffset] = useState(0)
  const { data } = useCustomerBalance(customer.id, { limit: PAGE, offset })
  const [currency, setCurrency] = useState("")
  const [direction, setDirection] = useState<"credit" | "debit">("credit")
  const [amount, setAmount] = useState("")
  const [reason, setReason] = useState("")
  const [key, setKey] = useState(newIdempotencyKey)
  const adjust = useAdjustBalance(customer.id, () => {
    setAmount("")
    setReason("")
    setKey(newIdempotencyKey())
  })
  if (!data) return null
  const cur = currency || data.currencies[0] || "cny"
  const minor = parseMinor(amount, cur)
  const by = (e: (typeof data.entries)[number]) =>
    e.actor_type === "user" ? e.actor_email ?? t("history.actorAdmin") : e.actor_type === "customer" ? t("history.actorCustomer") : t("history.actorSystemPlain")
  return (
    <Container className="divide-y p-0" data-testid="om-balance-widget">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <Heading level="h2">{t("balance.title")}</Heading>
        <div className="flex flex-wrap gap-2" data-testid="om-balance-totals">
          {data.balances.length === 0 && <Text size="small" className="text-ui-fg-subtle">{t("balance.none")}</Text>}
          {data.balances.map((b) => (
            <Badge key={b.currency_code} size="small" data-testid={`om-balance-${b.currency_code}`}>{formatMinor(b.balance_minor, b.currency_code, locale)}</Badge>
          ))}
        </div>
      </div>
      <div className="grid grid-cols-1 gap-3 px-6 py-4 md:grid-cols-4" data-testid="om-balance-adjust">
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("balance.direction")}</Label>
          <Select value={direction} onValueChange={(v) => setDirection(v as "credit" | "debit")} size="small">
            <Select.Trigger data-testid="om-balance-direction"><Select.Value /></Select.Trigger>
            <Select.Content>
              <Select.Item value="credit">{t("balance.credit")}</Select.Item>
              <Select.Item value="debit">{t("balance.debit")}</Select.Item>
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("balance.currency")}</Label>
          <Select value={cur} onValueChange={setCurrency} size="small">
            <Select.Trigger data-testid="om-balance-currency"><Select.Value /></Select.Trigger>
            <Select.Content>
              {data.currencies.map((c) => <Select.Item key={c} value={c}>{c.toUpperCase()}</Select.Item>)}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("balance.amount")}</Label>
          <Input size="small" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="100.00" data-testid="om-balance-amount" />
        </div>
        <div className="flex flex-col gap-y-1 md:col-span-4">
          <Label size="small">{t("balance.reason")}</Label>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} data-testid="om-balance-reason" />
        </div>
        <div className="md:col-span-4">
          <Button
            size="small"
            disabled={minor === null || !reason.trim()}
            isLoading={adjust.isPending}
            onClick={() => adjust.mutate({ currency_code: cur, amount: direction === "credit" ? minor! : -minor!, reason: reason.trim(), idempotency_key: key })}
            data-testid="om-balance-submit"
          >
            {direction === "credit" ? t("balance.credit") : t("balance.debit")}
          </Button>
        </div>
      </div>
      <div className="px-6 py-4">
        {data.entries.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle">{t("balance.noEntries")}</Text>
        ) : (
          <Table data-testid="om-balance-ledger">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("balance.columns.when")}</Table.HeaderCell>
                <Table.HeaderCell>{t("balance.columns.what")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("balance.columns.amount")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("balance.columns.after")}</Table.HeaderCell>
                <Table.HeaderCell>{t("balance.columns.reason")}</Table.HeaderCell>
                <Table.HeaderCell>{t("balance.columns.by")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.entries.map((e) => (
                <Table.Row key={e.id} data-testid="om-balance-entry">
                  <Table.Cell><Text size="small" className="whitespace-nowrap">{formatDateTime(e.created_at)}</Text></Table.Cell>
                  <Table.Cell>
                    <Text size="small">{t(`balance.sources.${e.source_type}`)}</Text>
                    {e.order_id && (
                      <Link to={`/orders/${e.order_id}`} className="text-ui-fg-interactive txt-compact-xsmall hover:underline">{e.order_number ?? e.order_id}</Link>
                    )}
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <Text size="small" className={e.direction === "credit" ? "text-ui-fg-interactive" : ""}>
                      {formatMinor(e.direction === "credit" ? e.amount_minor : -e.amount_minor, e.currency_code, locale)}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="text-right"><Text size="small">{formatMinor(e.balance_after_minor, e.currency_code, locale)}</Text></Table.Cell>
                  <Table.Cell><Text size="small" className="max-w-[240px] truncate">{e.reason ?? "—"}</Text></Table.Cell>
                  <Table.Cell><Text size="small">{by(e)}</Text></Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
        {data.count > PAGE && (
          <Pager count={data.count} pageSize={PAGE} pageIndex={Math.floor(offset / PAGE)} onPage={(i) => setOffset(i * PAGE)} />
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.after" })

export default CustomerBalanceWidget
