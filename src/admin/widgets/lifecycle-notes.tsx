import { useState } from "react"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Input, Label, Select, Text, Textarea } from "@medusajs/ui"
import type { NoteRow } from "../lib/api"
import { useAddNote, useLifecycle } from "../lib/hooks"
import { useOmT } from "../lib/i18n"

const CHANNELS = ["phone", "email", "chat", "wechat", "other"]

/** Notes, customer-communication records and special-order marks of the order. */
const OrderNotesWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { t, formatDateTime } = useOmT()
  const { data } = useLifecycle(order.id)
  const [kind, setKind] = useState<NoteRow["kind"]>("note")
  const [body, setBody] = useState("")
  const [channel, setChannel] = useState("phone")
  const [label, setLabel] = useState("")
  const add = useAddNote(order.id, () => {
    setBody("")
    setLabel("")
  })
  if (!data) return null
  const notes = data.order_lifecycle.notes ?? []
  const canAdd = body.trim().length > 0 && (kind !== "mark" || label.trim().length > 0)
  const submit = () =>
    add.mutate({
      kind,
      body: body.trim(),
      ...(kind === "communication" ? { channel } : {}),
      ...(kind === "mark" ? { label: label.trim() } : {}),
    })
  return (
    <Container className="divide-y p-0" data-testid="om-notes-widget">
      <div className="px-6 py-4">
        <Heading level="h2">{t("notes.title")}</Heading>
      </div>
      <div className="flex flex-col gap-y-3 px-6 py-4">
        {notes.length === 0 && <Text size="small" className="text-ui-fg-subtle">{t("notes.empty")}</Text>}
        {notes.map((n) => (
          <div key={n.id} className="flex flex-col gap-y-0.5" data-testid="om-note">
            <div className="flex items-center gap-x-2">
              <Badge size="2xsmall" color={n.kind === "mark" ? "purple" : n.kind === "communication" ? "blue" : "grey"}>
                {t(`notes.kinds.${n.kind}`)}
              </Badge>
              {n.label && <Badge size="2xsmall" color="purple">{n.label}</Badge>}
              {n.channel && <Text size="xsmall" className="text-ui-fg-subtle">{t(`notes.channels.${n.channel}`, { defaultValue: n.channel })}</Text>}
            </div>
            <Text size="small">{n.body}</Text>
            <Text size="xsmall" className="text-ui-fg-muted">{[n.author_email, formatDateTime(n.created_at)].filter(Boolean).join(" · ")}</Text>
          </div>
        ))}
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <div className="grid grid-cols-2 gap-2">
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall">{t("notes.kind")}</Label>
            <Select value={kind} onValueChange={(v) => setKind(v as NoteRow["kind"])}>
              <Select.Trigger data-testid="om-note-kind"><Select.Value /></Select.Trigger>
              <Select.Content>
                {(["note", "communication", "mark"] as const).map((k) => (
                  <Select.Item key={k} value={k}>{t(`notes.kinds.${k}`)}</Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          {kind === "communication" && (
            <div className="flex flex-col gap-y-1">
              <Label size="xsmall">{t("notes.channel")}</Label>
              <Select value={channel} onValueChange={setChannel}>
                <Select.Trigger><Select.Value /></Select.Trigger>
                <Select.Content>
                  {CHANNELS.map((c) => <Select.Item key={c} value={c}>{t(`notes.channels.${c}`)}</Select.Item>)}
                </Select.Content>
              </Select>
            </div>
          )}
          {kind === "mark" && (
            <div className="flex flex-col gap-y-1">
              <Label size="xsmall" htmlFor="om-note-label">{t("notes.label")}</Label>
              <Input id="om-note-label" data-testid="om-note-label" size="small" placeholder={t("notes.markPlaceholder")} value={label} onChange={(e) => setLabel(e.target.value)} />
            </div>
          )}
        </div>
        <Label size="xsmall" htmlFor="om-note-body">{t("notes.body")}</Label>
        <Textarea id="om-note-body" data-testid="om-note-body" value={body} onChange={(e) => setBody(e.target.value)} />
        <div className="flex justify-end">
          <Button size="small" variant="secondary" disabled={!canAdd} isLoading={add.isPending} onClick={submit} data-testid="om-note-add">
            {t("notes.add")}
          </Button>
        </div>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
  id: "medusa-order-management.order-notes",
})

export default OrderNotesWidget
