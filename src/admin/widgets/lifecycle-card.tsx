import { useState } from "react"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text } from "@medusajs/ui"
import type { AdminAction } from "../lib/api"
import { ONE_CLICK, actionVariant } from "../lib/actions"
import { useLifecycle, useLifecycleAction } from "../lib/hooks"
import { useOmT } from "../lib/i18n"
import { formatMinor } from "../lib/money"
import { FulfillmentStatusBadge, PaymentStatusBadge } from "../components/status-badges"
import { ActionDrawer } from "../components/action-drawer"
import { OrderAnomalies } from "../components/order-anomalies"

/** The lifecycle card on Medusa's order page: statuses, hold, schedule, marks and the actions legal now. */
const OrderLifecycleWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t, formatDateTime, locale } = useOmT()
  const [drawer, setDrawer] = useState<AdminAction | null>(null)
  const { data, isLoading, error } = useLifecycle(order.id)
  const mutation = useLifecycleAction(order.id, () => setDrawer(null))

  if (isLoading) {
    return <Container className="p-6"><Text>{t("common.loading")}</Text></Container>
  }
  if (error || !data) {
    return (
      <Container className="p-6">
        <Heading level="h2">{t("card.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("card.noRecord")}</Text>
      </Container>
    )
  }
  const l = data.order_lifecycle
  const run = (action: AdminAction) => (ONE_CLICK.includes(action) ? mutation.mutate({ action }) : setDrawer(action))

  return (
    <Container className="divide-y p-0" data-testid="om-lifecycle-widget">
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <div className="flex items-center justify-between gap-x-2">
          <Heading level="h2">{t("card.title")}</Heading>
          {l.review_mode && (
            <Badge size="2xsmall" color="grey">{t(l.review_mode === "manual" ? "card.reviewManual" : "card.reviewAuto")}</Badge>
          )}
        </div>
        <Text size="small" className="text-ui-fg-subtle" data-testid="om-order-number">{l.order_number}</Text>
        <div className="flex flex-wrap gap-2">
          <PaymentStatusBadge status={l.payment_status} />
          <FulfillmentStatusBadge status={l.fulfillment_status} />
          {l.marks.map((m) => (
            <Badge key={m} size="2xsmall" color="purple" data-testid="om-mark">{m}</Badge>
          ))}
        </div>
      </div>
      {!!l.outstanding_minor && l.payment_status !== "pending" && l.payment_status !== "canceled" && (
        <div className="px-6 py-4">
          <Text size="small" className={l.outstanding_minor > 0 ? "text-ui-fg-error" : "text-ui-fg-subtle"} data-testid="om-outstanding">
            {t(l.outstanding_minor > 0 ? "card.outstanding" : "card.refundDue", { amount: formatMinor(Math.abs(l.outstanding_minor), l.currency_code, locale) })}
          </Text>
        </div>
      )}
      {(l.on_hold || l.activate_at) && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          {l.on_hold && (
            <div className="flex items-center gap-x-2" data-testid="om-hold">
              <Badge color="orange" size="2xsmall">{t("card.onHold")}</Badge>
              <Text size="small">{l.hold_reason}</Text>
            </div>
          )}
          {l.activate_at && (
            <Text size="small" data-testid="om-activate-at">{t("card.scheduled", { time: formatDateTime(l.activate_at) })}</Text>
          )}
        </div>
      )}
      <OrderAnomalies orderId={order.id} />
      <div className="flex flex-wrap gap-2 px-6 py-4">
        {(l.available_actions ?? []).length === 0 && (
          <Text size="small" className="text-ui-fg-subtle">{t("card.noActions")}</Text>
        )}
        {(l.available_actions ?? []).map((a) => (
          <Button
            key={a}
            size="small"
            variant={actionVariant(a)}
            onClick={() => run(a)}
            isLoading={mutation.isPending && mutation.variables?.action === a}
            data-testid={`om-action-${a}`}
          >
            {t(`actions.${a}`)}
          </Button>
        ))}
      </div>
      <ActionDrawer
        action={drawer}
        pending={mutation.isPending}
        onClose={() => setDrawer(null)}
        onSubmit={(b) => mutation.mutate(b)}
        outstanding={l.outstanding_minor && l.outstanding_minor > 0 ? formatMinor(l.outstanding_minor, l.currency_code, locale) : null}
      />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.before",
  id: "medusa-order-management.order-lifecycle",
})

export default OrderLifecycleWidget
