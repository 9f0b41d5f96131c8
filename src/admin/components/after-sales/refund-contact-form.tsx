import { useState } from "react"
import { Button, Label, Select, Text, Textarea } from "@medusajs/ui"
import type { RefundRequest } from "../../lib/api"
import { CONTACT_CHANNELS } from "../../lib/after-sales"
import { useRefundCommunication } from "../../lib/after-sales-hooks"
import { useOmT } from "../../lib/i18n"

/**
 * "Log contact" on a request: a phone call, an email, a chat… with the customer about it. Saved as an ordinary
 * communication note on the order (the Notes card shows it) and linked in the request's timeline.
 */
export const RefundContactForm = ({ r, onClose }: { r: RefundRequest; onClose: () => void }) => {
  const { t } = useOmT()
  const [channel, setChannel] = useState<string>("phone")
  const [body, setBody] = useState("")
  const log = useRefundCommunication(r.order_id, () => {
    setBody("")
    onClose()
  })
  const id = `om-refund-contact-body-${r.id}`
  return (
    <div className="bg-ui-bg-subtle flex flex-col gap-y-2 rounded-md px-3 py-3" data-testid="om-refund-contact-form">
      <Text size="small" weight="plus">{t("afterSales.contact.title")}</Text>
      <div className="grid grid-cols-[minmax(0,160px)_1fr] items-start gap-2">
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall">{t("afterSales.contact.channel")}</Label>
          <Select value={channel} onValueChange={setChannel} size="small">
            <Select.Trigger data-testid="om-refund-contact-channel"><Select.Value /></Select.Trigger>
            <Select.Content>
              {CONTACT_CHANNELS.map((c) => (
                <Select.Item key={c} value={c}>{t(`notes.channels.${c}`)}</Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall" htmlFor={id}>{t("afterSales.contact.body")} ({t("common.required")})</Label>
          <Textarea id={id} rows={2} data-testid="om-refund-contact-body" placeholder={t("afterSales.contact.placeholder")} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
      </div>
      <div className="flex justify-end gap-x-2">
        <Button size="small" variant="secondary" onClick={onClose} data-testid="om-refund-contact-cancel">{t("common.cancel")}</Button>
        <Button
          size="small"
          disabled={!body.trim()}
          isLoading={log.isPending}
          onClick={() => log.mutate({ id: r.id, channel, body: body.trim() })}
          data-testid="om-refund-contact-save"
        >
          {t("afterSales.contact.save")}
        </Button>
      </div>
    </div>
  )
}
