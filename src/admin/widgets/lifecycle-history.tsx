import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import type { HistoryRow } from "../lib/api"
import { useLifecycle } from "../lib/hooks"
import { useOmT } from "../lib/i18n"

function useActorLabel() {
  const { t } = useOmT()
  return (h: HistoryRow) => {
    switch (h.actor_type) {
      case "user":
        return h.actor_email ?? h.actor_id ?? t("history.actorAdmin")
      case "customer":
        return t("history.actorCustomer")
      case "gateway":
        return t("history.actorGateway", { id: h.actor_id ?? "" })
      default:
        return h.actor_id ? t("history.actorSystem", { id: h.actor_id }) : t("history.actorSystemPlain")
    }
  }
}

/** Every status change of the order, newest first: what, who, why, when. */
const OrderHistoryWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t, i18n, formatDateTime } = useOmT()
  const actor = useActorLabel()
  const { data, isLoading } = useLifecycle(order.id)
  if (isLoading || !data) return null
  const history = data.order_lifecycle.history ?? []
  const label = (h: HistoryRow) => (i18n.exists(`history.actions.${h.action}`, { ns: "orderManagement" }) ? t(`history.actions.${h.action}`) : h.action)
  return (
    <Container className="divide-y p-0" data-testid="om-history-widget">
      <div className="px-6 py-4">
        <Heading level="h2">{t("history.title")}</Heading>
      </div>
      <ol className="flex flex-col gap-y-4 px-6 py-4">
        {history.length === 0 && <Text size="small" className="text-ui-fg-subtle">{t("history.empty")}</Text>}
        {history.map((h) => {
          const meta = (h.metadata ?? {}) as Record<string, any>
          return (
            <li key={h.id} className="flex gap-x-3" data-testid="om-history-row">
              <div className="bg-ui-border-strong mt-1.5 size-2 shrink-0 rounded-full" />
              <div className="flex flex-col gap-y-0.5">
                <Text size="small" weight="plus" data-testid="om-history-action">{label(h)}</Text>
                <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-history-actor">{t("history.by", { actor: actor(h) })}</Text>
                {h.reason && <Text size="xsmall" data-testid="om-history-reason">{h.reason}</Text>}
                {meta.activate_at && <Text size="xsmall" className="text-ui-fg-subtle">{t("history.scheduledFor", { time: formatDateTime(meta.activate_at) })}</Text>}
                {meta.tracking_number && <Text size="xsmall" className="text-ui-fg-subtle">{t("history.tracking", { number: meta.tracking_number })}</Text>}
                <Text size="xsmall" className="text-ui-fg-muted">{formatDateTime(h.created_at)}</Text>
              </div>
            </li>
          )
        })}
      </ol>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "medusa-order-management.order-history",
})

export default OrderHistoryWidget
