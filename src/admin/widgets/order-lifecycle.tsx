import { useState } from "react"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { ActionBody, AdminAction, omApi, omKeys } from "../lib/api"
import { FulfillmentStatusBadge, PaymentStatusBadge } from "../components/status-badges"
import { ActionDrawer } from "../components/action-drawer"

const ACTION_LABEL: Record<AdminAction, string> = {
  approve: "Approve",
  reject: "Reject",
  hold: "Hold",
  release: "Release",
  dispatch: "Dispatch",
  complete: "Complete",
  cancel: "Cancel order",
}
const DIRECT: AdminAction[] = ["approve", "release", "complete"]

/** The lifecycle card on Medusa's order page: statuses, hold, schedule, marks and the actions legal now. */
const OrderLifecycleWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const qc = useQueryClient()
  const [drawer, setDrawer] = useState<AdminAction | null>(null)
  const { data, isLoading, error } = useQuery({
    queryKey: omKeys.detail(order.id),
    queryFn: () => omApi.retrieve(order.id),
  })
  const mutation = useMutation({
    mutationFn: (body: ActionBody) => omApi.act(order.id, body),
    onSuccess: (_r, body) => {
      toast.success(`${ACTION_LABEL[body.action]}: done`)
      setDrawer(null)
      qc.invalidateQueries({ queryKey: omKeys.all })
      qc.invalidateQueries({ queryKey: ["orders"] })
    },
    onError: (e: Error) => toast.error(e.message),
  })

  if (isLoading) {
    return <Container className="p-6"><Text>Loading order lifecycle…</Text></Container>
  }
  if (error || !data) {
    return (
      <Container className="p-6">
        <Heading level="h2">Order lifecycle</Heading>
        <Text size="small" className="text-ui-fg-subtle">{(error as Error)?.message ?? "No lifecycle record for this order."}</Text>
      </Container>
    )
  }
  const l = data.order_lifecycle
  const run = (action: AdminAction) => (DIRECT.includes(action) ? mutation.mutate({ action }) : setDrawer(action))

  return (
    <Container className="divide-y p-0" data-testid="om-lifecycle-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Order lifecycle</Heading>
          <Text size="small" className="text-ui-fg-subtle" data-testid="om-order-number">{l.order_number}</Text>
        </div>
        <div className="flex gap-x-2">
          <PaymentStatusBadge status={l.payment_status} />
          <FulfillmentStatusBadge status={l.fulfillment_status} />
        </div>
      </div>
      {(l.on_hold || l.activate_at || l.marks.length > 0) && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          {l.on_hold && (
            <Text size="small" data-testid="om-hold">
              <Badge color="orange" size="2xsmall">On hold</Badge> {l.hold_reason}
            </Text>
          )}
          {l.activate_at && (
            <Text size="small" data-testid="om-activate-at">Dispatch scheduled for {new Date(l.activate_at).toLocaleString()}</Text>
          )}
          {l.marks.length > 0 && (
            <div className="flex gap-x-1">
              {l.marks.map((m) => <Badge key={m} size="2xsmall" color="purple">{m}</Badge>)}
            </div>
          )}
        </div>
      )}
      <div className="flex flex-wrap gap-2 px-6 py-4">
        {(l.available_actions ?? []).length === 0 && (
          <Text size="small" className="text-ui-fg-subtle">No actions available in this state.</Text>
        )}
        {(l.available_actions ?? []).map((a) => (
          <Button
            key={a}
            size="small"
            variant={a === "cancel" || a === "reject" ? "danger" : a === "approve" || a === "dispatch" ? "primary" : "secondary"}
            onClick={() => run(a)}
            isLoading={mutation.isPending && mutation.variables?.action === a}
            data-testid={`om-action-${a}`}
          >
            {ACTION_LABEL[a]}
          </Button>
        ))}
      </div>
      <ActionDrawer
        action={drawer}
        open={!!drawer}
        pending={mutation.isPending}
        onClose={() => setDrawer(null)}
        onSubmit={(body) => mutation.mutate(body)}
      />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.before",
  id: "medusa-order-management.order-lifecycle",
})

export default OrderLifecycleWidget
