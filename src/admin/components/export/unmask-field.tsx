import { Label, Switch, Text, Textarea } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"

/** "Export personal data unmasked": the switch, what masking does or why a reason is needed, and the reason. */
export const UnmaskField = ({ id, unmask, onUnmask, reason, onReason }: { id: string; unmask: boolean; onUnmask: (v: boolean) => void; reason: string; onReason: (v: string) => void }) => {
  const { t } = useOmT()
  return (
    <div className="flex flex-col gap-y-2">
      <div className="flex items-center gap-x-2">
        <Switch checked={unmask} onCheckedChange={onUnmask} id={id} data-testid={id} />
        <Label htmlFor={id}>{t("exports.unmask")}</Label>
      </div>
      <Text size="small" className="text-ui-fg-subtle">{unmask ? t("exports.unmaskHint") : t("exports.maskedHint")}</Text>
      {unmask && <Textarea value={reason} onChange={(e) => onReason(e.target.value)} placeholder={t("exports.reason")} data-testid={`${id}-reason`} />}
    </div>
  )
}
