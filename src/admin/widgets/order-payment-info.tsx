import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text, usePrompt } from "@medusajs/ui"
import { usePaymentInfo, useReplayPaymentEvent, useSyncPayment } from "../lib/hooks"
import { useOmT } from "../lib/i18n"
import { BankTransferReview } from "../components/bank-transfer-review"
import { BalanceRefund } from "../components/balance-refund"
import { formatMinor } from "../lib/money"
import { ProviderName } from "../components/provider-name"

/**
 * Gateway details of the order's payment (Alipay / WeChat Pay ...) and the callback inbox; "Sync payment" asks the
 * platform ("check payment platform status"); "Re-process callback" replays a failed stored event.
 */
const OrderPaymentInfoWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t, formatDateTime, locale } = useOmT()
  const { data } = usePaymentInfo(order.id)
  const sync = useSyncPayment(order.id)
  const replay = useReplayPaymentEvent(order.id)
  const prompt = usePrompt()
  if (!data) return null
  const reprocess = async (eventId: string) => {
    if (await prompt({ title: t("paymentInfo.replay"), description: t("paymentInfo.replayConfirm"), confirmText: t("paymentInfo.replay"), cancelText: t("common.cancel") })) replay.mutate(eventId)
  }
  const canSync = data.sessions.some((s) => s.queryable && s.status !== "captured" && s.status !== "authorized")
  const row = (label: string, value: string | null | undefined, testId: string) =>
    value ? (
      <div className="grid grid-cols-2 gap-x-2">
        <Text size="small" className="text-ui-fg-subtle">{label}</Text>
        <Text size="small" className="break-all" data-testid={testId}>{value}</Text>
      </div>
    ) : null
  return (
    <Container className="divide-y p-0" data-testid="om-payment-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t("paymentInfo.title")}</Heading>
        {canSync && (
          <Button size="small" variant="secondary" isLoading={sync.isPending} onClick={() => sync.mutate()} data-testid="om-sync-payment">
            {t("paymentInfo.sync")}
          </Button>
        )}
      </div>
      {!!data.outstanding_minor && data.paid_minor > 0 && (
        <div className="px-6 py-4">
          <Text size="small" className={data.outstanding_minor > 0 ? "text-ui-fg-error" : "text-ui-fg-subtle"} data-testid="om-payment-outstanding">
            {t(data.outstanding_minor > 0 ? "card.outstanding" : "card.refundDue", { amount: formatMinor(Math.abs(data.outstanding_minor), data.currency_code, locale) })}
          </Text>
        </div>
      )}
      <div className="flex flex-col gap-y-3 px-6 py-4">
        {data.sessions.length === 0 && <Text size="small" className="text-ui-fg-subtle">{t("paymentInfo.none")}</Text>}
        {data.sessions.map((s) => (
          <div key={s.id} className="flex flex-col gap-y-1">
            <div className="flex items-center gap-x-2">
              <Text size="small" weight="plus" data-testid="om-payment-provider" data-provider={s.provider_id}><ProviderName id={s.provider_id} /></Text>
              <Badge size="2xsmall">{s.status}</Badge>
            </div>
            {row(t("paymentInfo.method"), s.method, "om-payment-method")}
            {row(t("paymentInfo.outTradeNo"), s.out_trade_no, "om-payment-out-trade-no")}
            {row(t("paymentInfo.transactionId"), s.transaction_id, "om-payment-transaction")}
            {row(t("paymentInfo.paidAt"), s.paid_at, "om-payment-paid-at")}
            {row(t("paymentInfo.payer"), s.payer, "om-payment-payer")}
            {row(t("paymentInfo.expiresAt"), s.expires_at ? formatDateTime(s.expires_at) : null, "om-payment-expires")}
            {s.reference && <BankTransferReview orderId={order.id} info={data} session={s} />}
          </div>
        ))}
      </div>
      {data.balance_refund.refusal?.code !== "nothing_captured" && (
        <div className="px-6 py-4">
          <BalanceRefund orderId={order.id} info={data.balance_refund} />
        </div>
      )}
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Text size="small" weight="plus">{t("paymentInfo.events")}</Text>
        {data.events.length === 0 && <Text size="small" className="text-ui-fg-subtle">{t("paymentInfo.noEvents")}</Text>}
        {data.events.map((e) => (
          <div key={e.id} className="flex flex-wrap items-center gap-x-2" data-testid="om-payment-event">
            <Badge size="2xsmall" color={e.status === "failed" ? "red" : e.status === "processed" ? "green" : "grey"}>{e.status}</Badge>
            <Text size="small">{e.source} · {e.platform_status ?? e.kind}{e.outcome ? ` → ${e.outcome}` : ""}</Text>
            <Text size="xsmall" className="text-ui-fg-subtle">{formatDateTime(e.created_at)}{e.attempts > 1 ? ` · ${t("paymentInfo.attempts", { count: e.attempts })}` : ""}</Text>
            {["failed", "received"].includes(e.status) && (
              <Button size="small" variant="transparent" className="whitespace-nowrap" isLoading={replay.isPending && replay.variables === e.id} onClick={() => reprocess(e.id)} data-testid="om-payment-event-replay">
                {t("paymentInfo.replay")}
              </Button>
            )}
          </div>
        ))}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.side.after" })

export default OrderPaymentInfoWidget
