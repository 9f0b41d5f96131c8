import { Link } from "react-router-dom"
import { Badge, Button, Text } from "@medusajs/ui"
import type { Anomaly } from "../lib/api"
import { useOmT } from "../lib/i18n"
import { formatMinor } from "../lib/money"

/**
 * One anomaly with what an admin needs to act on it: its type and state, the money (amount and currency), the
 * provider and the platform's numbers (transaction number, our trade number), where the money belongs (the order,
 * or before there is one, the cart), the reason, the ways out (refund; revive for a paid-after-cancel order) and a
 * link to its drawer on the Anomalies page (assignee, timeline, callbacks, every state).
 */
export const AnomalyRow = ({ a, onResolve, pending, showWhere }: {
  a: Anomaly
  onResolve: (resolution: "refund" | "revive" | "manual", note?: string) => void
  pending: "refund" | "revive" | "manual" | null
  showWhere?: boolean
}) => {
  const { t, locale, formatDateTime } = useOmT()
  // resolved and dismissed are final; open, investigating and waiting for the customer still need a person
  const open = a.status !== "resolved" && a.status !== "dismissed"
  const stateColor = a.status === "waiting_customer" ? "purple" : a.status === "investigating" ? "blue" : "orange"
  const line = (label: string, value: string | null | undefined, testId: string) =>
    value ? (
      <div className="grid grid-cols-[140px_1fr] gap-x-2">
        <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
        <Text size="xsmall" className="break-all" data-testid={testId}>{value}</Text>
      </div>
    ) : null
  return (
    <div className="flex flex-col gap-y-2" data-testid="om-anomaly" data-anomaly-id={a.id} data-anomaly-type={a.type}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge size="2xsmall" color={open ? "red" : "grey"}>{t(`anomalies.types.${a.type}`, { defaultValue: a.type })}</Badge>
        <Badge size="2xsmall" color={open ? stateColor : a.status === "dismissed" ? "grey" : "green"} data-testid="om-anomaly-status" data-state={a.status}>{t(`anomalies.status.${a.status}`, { defaultValue: a.status })}{a.resolution ? ` · ${t(`anomalies.resolutions.${a.resolution}`, { defaultValue: a.resolution })}` : ""}</Badge>
        {a.amount_minor !== null && a.currency_code && <Text size="small" weight="plus" data-testid="om-anomaly-amount">{formatMinor(a.amount_minor, a.currency_code, locale)}</Text>}
        <Text size="xsmall" className="text-ui-fg-subtle">{formatDateTime(a.created_at)}</Text>
        <Link to={`/anomalies?state=all&anomaly=${a.id}`} className="text-ui-fg-interactive txt-compact-xsmall ml-auto whitespace-nowrap hover:underline" data-testid="om-anomaly-open-desk">
          {t("desk.openInDesk")}
        </Link>
      </div>
      {typeof a.metadata?.reason === "string" && <Text size="small" data-testid="om-anomaly-reason">{a.metadata.reason}</Text>}
      <div className="flex flex-col gap-y-0.5">
        {line(t("anomalies.provider"), a.provider_id, "om-anomaly-provider")}
        {line(t("anomalies.transaction"), a.platform_transaction_id, "om-anomaly-transaction")}
        {line(t("anomalies.outTradeNo"), a.out_trade_no, "om-anomaly-out-trade-no")}
        {showWhere && (a.order_id
          ? line(t("anomalies.order"), a.order_id, "om-anomaly-order")
          : line(t("anomalies.cart"), a.cart_id, "om-anomaly-cart"))}
        {line(t("anomalies.note"), a.resolution_note, "om-anomaly-note")}
      </div>
      {open && (
        <div className="flex gap-x-2">
          {a.type === "refunded_outside_store" ? (
            // the money already went back at the platform: nothing to refund, only to acknowledge
            <Button size="small" variant="secondary" isLoading={pending === "manual"} disabled={!!pending} onClick={() => onResolve("manual", t("anomalies.acknowledgedNote"))} data-testid="om-anomaly-acknowledge">
              {t("anomalies.acknowledge")}
            </Button>
          ) : (
            <Button size="small" variant="secondary" isLoading={pending === "refund"} disabled={!!pending} onClick={() => onResolve("refund")} data-testid="om-anomaly-refund">
              {t("anomalies.refund")}
            </Button>
          )}
          {a.type === "paid_after_cancel" && (
            <Button size="small" isLoading={pending === "revive"} disabled={!!pending} onClick={() => onResolve("revive")} data-testid="om-anomaly-revive">
              {t("anomalies.revive")}
            </Button>
          )}
        </div>
      )}
    </div>
  )
}
