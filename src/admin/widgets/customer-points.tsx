import { useState } from "react"
import { Link } from "react-router-dom"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Input, Label, Select, Table, Text, Textarea, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import { newIdempotencyKey } from "../lib/balance-hooks"
import { useOmT } from "../lib/i18n"
import { formatMinor } from "../lib/money"
import { Pager } from "../components/pager"

const PAGE = 10

type PointsEntry = {
  id: string
  direction: "credit" | "debit"
  points: number
  balance_after: number
  source_type: "earn" | "earn_reversal" | "redeem" | "redeem_reversal" | "adjustment"
  source_id: string
  reason: string | null
  actor_type: string
  actor_id: string | null
  actor_email?: string | null
  order_id: string | null
  /** the order's number (the plugin's, e.g. MO20250101000042, else Medusa's #display_id); null without an order */
  order_number?: string | null
  metadata: Record<string, unknown> | null
  created_at: string
}
type CustomerPoints = {
  customer_id: string
  balance: number
  value_minor_per_point: Record<string, number>
  max_share_percent: number
  entries: PointsEntry[]
  count: number
  limit: number
  offset: number
}

const pointsKey = (customerId: string) => ["order-management", "points", customerId] as const

/**
 * The customer's points (GET /admin/order-management/customers/:id/points), the ledger newest first (each entry's
 * order by its number, linked to the order's page, as the balance widget does) and an adjustment with a reason.
 */
const CustomerPointsWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t, locale, formatDateTime } = useOmT()
  const qc = useQueryClient()
  const [offset, setOffset] = useState(0)
  const [direction, setDirection] = useState<"credit" | "debit">("credit")
  const [amount, setAmount] = useState("")
  const [reason, setReason] = useState("")
  const [key, setKey] = useState(newIdempotencyKey)
  const { data } = useQuery({
    queryKey: [...pointsKey(customer.id), offset],
    queryFn: () => sdk.client.fetch<{ points: CustomerPoints }>(`/admin/order-management/customers/${customer.id}/points`, { query: { limit: PAGE, offset } }).then((r) => r.points),
    retry: false,
  })
  const adjust = useMutation({
    mutationFn: (body: { points: number; reason: string; idempotency_key: string }) =>
      sdk.client.fetch<{ balance: number; duplicate: boolean }>(`/admin/order-management/customers/${customer.id}/points/adjustments`, { method: "POST", body }),
    onSuccess: (r) => {
      toast.success(t("points.adjusted", { points: r.balance.toLocaleString(locale) }))
      qc.invalidateQueries({ queryKey: pointsKey(customer.id) })
      setAmount("")
      setReason("")
      setKey(newIdempotencyKey())
    },
    onError: (e: Error) => toast.error(e.message),
  })
  if (!data) return null
  const points = /^\d{1,9}$/.test(amount.trim()) && Number(amount) > 0 ? Number(amount) : null
  const by = (e: PointsEntry) =>
    e.actor_type === "user" ? e.actor_email ?? t("history.actorAdmin") : e.actor_type === "customer" ? t("history.actorCustomer") : t("history.actorSystemPlain")
  return (
    <Container className="divide-y p-0" data-testid="om-points-widget">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <Heading level="h2">{t("points.title")}</Heading>
        <div className="flex flex-wrap items-center gap-2">
          <Badge size="small" color="blue" data-testid="om-points-balance">{t("points.balance", { points: data.balance.toLocaleString(locale) })}</Badge>
          {Object.entries(data.value_minor_per_point).map(([cur, v]) => (
            <Text key={cur} size="small" className="text-ui-fg-subtle">{t("points.worth", { value: formatMinor(v, cur, locale) })}</Text>
          ))}
        </div>
      </div>
      <div className="grid grid-cols-1 gap-3 px-6 py-4 md:grid-cols-4" data-testid="om-points-adjust">
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("points.direction")}</Label>
          <Select value={direction} onValueChange={(v) => setDirection(v as "credit" | "debit")} size="small">
            <Select.Trigger data-testid="om-points-direction"><Select.Value /></Select.Trigger>
            <Select.Content>
              <Select.Item value="credit">{t("points.credit")}</Select.Item>
              <Select.Item value="debit">{t("points.debit")}</Select.Item>
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small">{t("points.amount")}</Label>
          <Input size="small" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="100" data-testid="om-points-amount" />
        </div>
        <div className="flex flex-col gap-y-1 md:col-span-4">
          <Label size="small">{t("points.reason")}</Label>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} data-testid="om-points-reason" />
        </div>
        <div className="md:col-span-4">
          <Button
            size="small"
            disabled={points === null || !reason.trim()}
            isLoading={adjust.isPending}
            onClick={() => adjust.mutate({ points: direction === "credit" ? points! : -points!, reason: reason.trim(), idempotency_key: key })}
            data-testid="om-points-submit"
          >
            {t("points.submit")}
          </Button>
        </div>
      </div>
      <div className="py-4">
        {data.entries.length === 0 ? (
          <Text size="small" className="px-6 text-ui-fg-subtle">{t("points.noEntries")}</Text>
        ) : (
          // four fixed columns that fit the customer page's main column (about 560 px beside the addresses at 1,280 px,
          // the whole width below): the time under what happened, the admin under the reason, long text cut (whole in its title)
          <Table className="table-fixed" data-testid="om-points-ledger">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="pr-3">{t("points.columns.what")}</Table.HeaderCell>
                <Table.HeaderCell className="w-24 pr-3 text-right">{t("points.columns.points")}</Table.HeaderCell>
                <Table.HeaderCell className="w-24 pr-3 text-right">{t("points.columns.after")}</Table.HeaderCell>
                <Table.HeaderCell className="w-[32%]">{t("points.columns.reason")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.entries.map((e) => {
                const when = formatDateTime(e.created_at)
                const number = e.order_number ?? e.order_id
                // the system's own reasons name the order by its id ("earned on order order_01…"): show its number there too
                const reasonText = e.reason && e.order_id && number ? e.reason.split(e.order_id).join(number) : e.reason
                return (
                  <Table.Row key={e.id} data-testid="om-points-entry" data-entry-id={e.id} className="h-auto">
                    <Table.Cell className="py-2 pr-3">
                      <Text size="small" className="truncate" title={t(`points.sources.${e.source_type}`)}>{t(`points.sources.${e.source_type}`)}</Text>
                      {e.order_id && (
                        <Link
                          to={`/orders/${e.order_id}`}
                          title={number ?? undefined}
                          className="text-ui-fg-interactive txt-compact-xsmall block truncate hover:underline"
                          data-testid="om-points-entry-order"
                        >
                          {number}
                        </Link>
                      )}
                      {Number(e.metadata?.shortfall ?? 0) > 0 && <Text size="xsmall" className="text-ui-fg-error">{t("points.shortfall", { points: Number(e.metadata!.shortfall) })}</Text>}
                      <Text size="xsmall" className="truncate text-ui-fg-muted" title={when}>{when}</Text>
                    </Table.Cell>
                    <Table.Cell className="py-2 pr-3 text-right">
                      <Text size="small" className={e.direction === "credit" ? "text-ui-fg-interactive" : ""} data-testid="om-points-entry-points">
                        {(e.direction === "credit" ? e.points : -e.points).toLocaleString(locale)}
                      </Text>
                    </Table.Cell>
                    <Table.Cell className="py-2 pr-3 text-right"><Text size="small" data-testid="om-points-entry-after">{e.balance_after.toLocaleString(locale)}</Text></Table.Cell>
                    <Table.Cell className="py-2">
                      <Text size="small" className="line-clamp-2 break-words" title={reasonText ?? undefined} data-testid="om-points-entry-reason">{reasonText ?? "—"}</Text>
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

export default CustomerPointsWidget
