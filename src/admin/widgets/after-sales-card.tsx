import { useState } from "react"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import type { RefundRequest } from "../lib/api"
import { itemTitles, newRequestBlock, notesOfRequest } from "../lib/after-sales"
import { useOrderRefunds, useRefundDecision } from "../lib/after-sales-hooks"
import { useLifecycle } from "../lib/hooks"
import { useOmT } from "../lib/i18n"
import { formatMinor } from "../lib/money"
import { DecisionMode, NewRefundRequestDrawer, RefundDecisionDrawer } from "../components/after-sales/refund-drawers"
import { RefundRequestPanel } from "../components/after-sales/refund-request-panel"

/**
 * The After-sales card on Medusa's order page: every refund request of the order (newest first) with its progress,
 * amounts, destination, reviewer, reasons, the platforms' refund numbers, the failure in words and the timeline; the
 * customer communications of each; and the admin's actions (open a request for the customer, approve, reject, retry).
 */
const AfterSalesWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t, locale, formatDateTime } = useOmT()
  const { data, isLoading, error } = useOrderRefunds(order.id)
  const { data: lifecycle } = useLifecycle(order.id)
  const [drawer, setDrawer] = useState<{ mode: DecisionMode; request: RefundRequest } | null>(null)
  const [creating, setCreating] = useState(false)
  const decide = useRefundDecision(() => {
    setDrawer(null)
    setCreating(false)
  })
  if (isLoading) return <Container className="p-6"><Text>{t("common.loading")}</Text></Container>
  if (error || !data) {
    return (
      <Container className="flex flex-col gap-y-1 p-6" data-testid="om-after-sales-widget">
        <Heading level="h2">{t("afterSales.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle" data-testid="om-after-sales-error">{(error as Error | null)?.message ?? t("afterSales.emptyOrder")}</Text>
      </Container>
    )
  }
  const { refundable } = data
  const requests = [...data.refund_requests].sort((a, b) => b.created_at.localeCompare(a.created_at))
  const notes = lifecycle?.order_lifecycle.notes ?? []
  // Medusa hands order.details widgets the order it loaded, with its items: name the requests' items from it
  const titles = itemTitles(order.items as Parameters<typeof itemTitles>[0])
  const block = newRequestBlock(refundable)
  const why =
    block === "nothing" ? t("afterSales.nothingRefundable")
    : block === "deadline" ? t("afterSales.deadlinePassed", { time: formatDateTime(refundable.deadline_at) })
    : block === "open" ? t("afterSales.openRequest")
    : null
  return (
    <Container className="divide-y p-0" data-testid="om-after-sales-widget">
      <div className="flex flex-wrap items-start justify-between gap-2 px-6 py-4">
        <div className="flex flex-col gap-y-0.5">
          <Heading level="h2">{t("afterSales.title")}</Heading>
          {refundable.amount_minor > 0 && (
            <Text size="small" className="text-ui-fg-subtle" data-testid="om-after-sales-refundable">
              {t("afterSales.refundable", { amount: formatMinor(refundable.amount_minor, refundable.currency_code, locale) })}
              {refundable.deadline_at && block !== "deadline" ? ` · ${t("afterSales.deadline", { time: formatDateTime(refundable.deadline_at) })}` : ""}
            </Text>
          )}
          {why && (
            <Text size={block === "open" ? "xsmall" : "small"} className="text-ui-fg-muted" data-testid="om-refund-new-blocked" data-reason={block}>{why}</Text>
          )}
        </div>
        {!block && (
          <Button size="small" variant="secondary" className="whitespace-nowrap" onClick={() => setCreating(true)} data-testid="om-refund-new">
            {t("afterSales.newRequest")}
          </Button>
        )}
      </div>
      {requests.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="om-after-sales-empty">{t("afterSales.emptyOrder")}</Text>
      )}
      {requests.map((r) => (
        <RefundRequestPanel key={r.id} r={r} notes={notesOfRequest(notes, r)} titles={titles} onAct={(mode, request) => setDrawer({ mode, request })} />
      ))}
      <RefundDecisionDrawer
        mode={drawer?.mode ?? null}
        request={drawer?.request ?? null}
        pending={decide.isPending}
        canBalance={refundable.can_refund_to_balance}
        onClose={() => setDrawer(null)}
        onSubmit={(d) => decide.mutate(d)}
      />
      <NewRefundRequestDrawer
        open={creating}
        orderId={order.id}
        refundable={refundable}
        pending={decide.isPending}
        onClose={() => setCreating(false)}
        onSubmit={(d) => decide.mutate(d)}
      />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
  id: "medusa-order-management.order-after-sales",
})

export default AfterSalesWidget
