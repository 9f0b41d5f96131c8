import { useState } from "react"
import { Button, Drawer, Input, Label, Text, Textarea } from "@medusajs/ui"
import type { ActionBody, AdminAction } from "../lib/api"

const TITLES: Record<AdminAction, string> = {
  approve: "Approve order",
  reject: "Reject order",
  hold: "Put order on hold",
  release: "Release hold",
  dispatch: "Dispatch order",
  complete: "Complete order",
  cancel: "Cancel order",
}
export const NEEDS_REASON: AdminAction[] = ["reject", "hold", "cancel"]

/** Collects what an action needs: a reason, or a dispatch time and tracking number. */
export const ActionDrawer = ({
  action,
  open,
  pending,
  onClose,
  onSubmit,
}: {
  action: AdminAction | null
  open: boolean
  pending: boolean
  onClose: () => void
  onSubmit: (body: ActionBody) => void
}) => {
  const [reason, setReason] = useState("")
  const [when, setWhen] = useState("")
  const [tracking, setTracking] = useState("")
  if (!action) return null
  const needsReason = NEEDS_REASON.includes(action)
  const canSubmit = !needsReason || reason.trim().length > 0
  const submit = () =>
    onSubmit({
      action,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(action === "dispatch" && when ? { activate_at: new Date(when).toISOString() } : {}),
      ...(action === "dispatch" && tracking.trim() ? { tracking_number: tracking.trim() } : {}),
    })
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{TITLES[action]}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4">
          {action === "dispatch" && (
            <>
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="om-activate-at">Dispatch at (leave empty for now)</Label>
                <Input id="om-activate-at" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
              </div>
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="om-tracking">Tracking number (optional)</Label>
                <Input id="om-tracking" value={tracking} onChange={(e) => setTracking(e.target.value)} />
              </div>
            </>
          )}
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="om-reason">{needsReason ? "Reason (required)" : "Reason (optional)"}</Label>
            <Textarea id="om-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            {needsReason && !reason.trim() && (
              <Text size="small" className="text-ui-fg-subtle">A reason is required for this action.</Text>
            )}
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" onClick={onClose}>Close</Button>
          <Button onClick={submit} disabled={!canSubmit} isLoading={pending} data-testid="om-confirm-action">
            Confirm
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
