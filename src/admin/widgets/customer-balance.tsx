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
      <div className="py-4">
        {data.entries.length === 0 ? (
          <Text size="small" className="px-6 text-ui-fg-subtle">{t("balance.noEntries")}</Text>
        ) : (
          // four fixed columns that fit the customer page's main column (about 560 px beside the addresses at 1,280 px),
          // as the Points widget's: the time under what happened, the admin under the reason, long text cut (whole in its title)
          <Table className="table-fixed" data-testid="om-balance-ledger">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="pr-3">{t("balance.columns.what")}</Table.HeaderCell>
                <Table.HeaderCell className="w-28 pr-3 text-right">{t("balance.columns.amount")}</Table.HeaderCell>
                <Table.HeaderCell className="w-28 pr-3 text-right">{t("balance.columns.after")}</Table.HeaderCell>
                <Table.HeaderCell className="w-[30%]">{t("balance.columns.reason")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.entries.map((e) => {
                const when = formatDateTime(e.created_at)
                const number = e.order_number ?? e.order_id
                return (
                  <Table.Row key={e.id} data-testid="om-balance-entry" className="h-auto">
                    <Table.Cell className="py-2 pr-3">
                      <Text size="small" className="truncate" title={t(`balance.sources.${e.source_type}`)}>{t(`balance.sources.${e.source_type}`)}</Text>
                      {e.order_id && (
                        <Link to={`/orders/${e.order_id}`} title={number ?? undefined} className="text-ui-fg-interactive txt-compact-xsmall block truncate hover:underline">{number}</Link>
                      )}
                      <Text size="xsmall" className="truncate text-ui-fg-muted" title={when}>{when}</Text>
                    </Table.Cell>
                    <Table.Cell className="py-2 pr-3 text-right">
                      <Text size="small" className={e.direction === "credit" ? "text-ui-fg-interactive" : ""}>
                        {formatMinor(e.direction === "credit" ? e.amount_minor : -e.amount_minor, e.currency_code, locale)}
                      </Text>
                    </Table.Cell>
                    <Table.Cell className="py-2 pr-3 text-right"><Text size="small">{formatMinor(e.balance_after_minor, e.currency_code, locale)}</Text></Table.Cell>
                    <Table.Cell className="py-2">
                      <Text size="small" className="line-clamp-2 break-words" title={e.reason ?? undefined}>{e.reason ?? "—"}</Text>
                      <Text size="xsmall" className="truncate text-ui-fg-muted" title={by(e)}>{by(e)}</Text>
                    </Table.Cell>
                  </Table.Row>
                )
              })}
            </Table.Body>
          </Table>
        )}
        {data.count > PAGE && (
          <div className="px-6">
            <Pager count={data.count} pageSize={PAGE} pageIndex={Math.floor(offset / PAGE)} onPage={(i) => setOffset(i * PAGE)} />
          </div>
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.after" })

export default CustomerBalanceWidget
