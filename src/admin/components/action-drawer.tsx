import { useEffect, useState } from "react"
import { Button, Drawer, Input, Label, RadioGroup, Text, Textarea } from "@medusajs/ui"
import type { ActionBody, AdminAction } from "../lib/api"
import { NEEDS_REASON } from "../lib/actions"
import { useOmT } from "../lib/i18n"

/** A value for <input type="datetime-local"> one hour from now, in local time. */
function inAnHour(): string {
  const d = new Date(Date.now() + 3600_000)
  d.setSeconds(0, 0)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

/**
 * Collects what an action needs before it runs: a required reason (reject,
 * hold, cancel), or for dispatch "now or at a set time" and a tracking number.
 * Used by the order widget and the page's batch bar.
 */
export const ActionDrawer = ({
  action,
  count,
  pending,
  onClose,
  onSubmit,
  children,
  outstanding,
}: {
  action: AdminAction | null
  count?: number
  pending: boolean
  onClose: () => void
  onSubmit: (body: ActionBody) => void
  children?: React.ReactNode
  /** money the order still owes (formatted): dispatch then needs a reason to go ahead */
  outstanding?: string | null
}) => {
  const { t } = useOmT()
  const [reason, setReason] = useState("")
  const [mode, setMode] = useState<"now" | "later">("now")
  const [when, setWhen] = useState(inAnHour())
  const [tracking, setTracking] = useState("")
  const [override, setOverride] = useState("")
  useEffect(() => {
    setOverride("")
    setReason("")
    setMode("now")
    setWhen(inAnHour())
    setTracking("")
  }, [action])
  if (!action) return null
  const needsReason = NEEDS_REASON.includes(action)
  const whenDate = mode === "later" ? new Date(when) : null
  const whenValid = !whenDate || (!Number.isNaN(whenDate.getTime()) && whenDate.getTime() > Date.now())
  const needsOverride = action === "dispatch" && !!outstanding
  const canSubmit = (!needsReason || reason.trim().length > 0) && whenValid && (!needsOverride || override.trim().length > 0)
  const submit = () =>
    onSubmit({
      action,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(action === "dispatch" && whenDate ? { activate_at: whenDate.toISOString() } : {}),
      ...(action === "dispatch" && tracking.trim() ? { tracking_number: tracking.trim() } : {}),
      ...(needsOverride ? { override_outstanding: override.trim() } : {}),
    })
  const title = count ? t("batch.title", { action: t(`actions.${action}`), count }) : t(`actionTitles.${action}`)
  return (
    <Drawer open={!!action} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-action-drawer">
        <Drawer.Header>
          <Drawer.Title>{title}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          {action === "dispatch" && (
            <>
              <div className="flex flex-col gap-y-2">
                <Label>{t("dialog.dispatchWhen")}</Label>
                <RadioGroup value={mode} onValueChange={(v) => setMode(v as "now" | "later")} className="flex gap-x-4">
                  <div className="flex items-center gap-x-2">
                    <RadioGroup.Item value="now" id="om-when-now" />
                    <Label htmlFor="om-when-now">{t("dialog.dispatchNow")}</Label>
                  </div>
                  <div className="flex items-center gap-x-2">
                    <RadioGroup.Item value="later" id="om-when-later" data-testid="om-dispatch-later" />
                    <Label htmlFor="om-when-later">{t("dialog.dispatchLater")}</Label>
                  </div>
                </RadioGroup>
              </div>
              {mode === "later" && (
                <div className="flex flex-col gap-y-1">
                  <Label htmlFor="om-activate-at">{t("dialog.dispatchAt")}</Label>
                  <Input id="om-activate-at" data-testid="om-activate-at-input" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
                  {!whenValid && <Text size="small" className="text-ui-fg-error">{t("dialog.dispatchAtRequired")}</Text>}
                </div>
              )}
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="om-tracking">{t("dialog.tracking")} ({t("common.optional")})</Label>
                <Input id="om-tracking" data-testid="om-tracking-input" value={tracking} onChange={(e) => setTracking(e.target.value)} />
              </div>
              {needsOverride && (
                <div className="flex flex-col gap-y-1">
                  <Label htmlFor="om-override-outstanding">{t("dialog.overrideOutstanding", { amount: outstanding })} ({t("common.required")})</Label>
                  <Textarea id="om-override-outstanding" data-testid="om-override-outstanding" value={override} onChange={(e) => setOverride(e.target.value)} />
                </div>
              )}
            </>
          )}
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="om-reason">
              {t("dialog.reason")} ({needsReason ? t("common.required") : t("common.optional")})
            </Label>
            <Textarea id="om-reason" data-testid="om-reason-input" value={reason} onChange={(e) => setReason(e.target.value)} />
            {needsReason && !reason.trim() && (
              <Text size="small" className="text-ui-fg-subtle" data-testid="om-reason-hint">{t("dialog.reasonRequired")}</Text>
            )}
          </div>
          {children}
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" onClick={onClose}>{t("common.close")}</Button>
          <Button onClick={submit} disabled={!canSubmit || pending} isLoading={pending} data-testid="om-confirm-action">
            {t("common.confirm")}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
