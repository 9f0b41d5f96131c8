import { Input, Label, Select, Textarea } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"

export type NotesDraft = { note: string; marks: string; channel: string; summary: string }
export const emptyNotes = (): NotesDraft => ({ note: "", marks: "", channel: "phone", summary: "" })
export const CHANNELS = ["phone", "email", "chat", "wechat", "other"] as const


/** Step 4: the order note, special-order marks and a communication record (channel and what was said), kept with the order's lifecycle. */
export const NotesStep = (props: { value: NotesDraft; onChange: (n: NotesDraft) => void }) => {
  const { t } = useOmT()
  const set = (patch: Partial<NotesDraft>) => props.onChange({ ...props.value, ...patch })
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="mo-notes">
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" htmlFor="mo-note">{t("manualOrder.notes.note")}</Label>
        <Textarea id="mo-note" data-testid="mo-note" rows={3} placeholder={t("manualOrder.notes.notePlaceholder")} value={props.value.note} onChange={(e) => set({ note: e.target.value })} />
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" htmlFor="mo-marks">{t("manualOrder.notes.marks")}</Label>
        <Input id="mo-marks" size="small" data-testid="mo-marks" placeholder={t("manualOrder.notes.marksPlaceholder")} value={props.value.marks} onChange={(e) => set({ marks: e.target.value })} />
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall">{t("manualOrder.notes.channel")}</Label>
        <Select value={props.value.channel} onValueChange={(v) => set({ channel: v })}>
          <Select.Trigger data-testid="mo-channel"><Select.Value /></Select.Trigger>
          <Select.Content>
            {CHANNELS.map((c) => <Select.Item key={c} value={c}>{t(`notes.channels.${c}`)}</Select.Item>)}
          </Select.Content>
        </Select>
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" htmlFor="mo-summary">{t("manualOrder.notes.summary")}</Label>
        <Textarea id="mo-summary" data-testid="mo-communication" rows={2} placeholder={t("manualOrder.notes.summaryPlaceholder")} value={props.value.summary} onChange={(e) => set({ summary: e.target.value })} />
      </div>
    </div>
  )
}
