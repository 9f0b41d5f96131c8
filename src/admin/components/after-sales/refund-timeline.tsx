import type { ReactNode } from "react"
import { Text } from "@medusajs/ui"
import type { RefundRequest } from "../../lib/api"
import { NamedItem, timelineDetail } from "../../lib/after-sales"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import { providerKey } from "../provider-name"
import { useRefundLabels } from "./refund-labels"

type Row = RefundRequest["history"][number]

/** "Jasmine tea × 2, Teapot × 1" in the admin's language (an item the order no longer names: its id). */
export function useItemList() {
  const { locale } = useOmT()
  return (items: NamedItem[]) => items.map((i) => `${i.title ?? i.item_id} × ${i.quantity}`).join(locale.startsWith("zh") ? "、" : ", ")
}

/**
 * The words of one timeline row, from its structured fields in the admin's language: amounts in the request's
 * currency, platforms by their display names, failure causes in the admin's words. A person's own text (a reject
 * reason, an approval note, a contact) shows as written; the platform's own message is a muted second line. The
 * server's English `message` is not shown (the row carries it as a tooltip), except for an action the screen does
 * not know.
 */
export const RefundTimelineDetail = ({ h, r, titles }: { h: Row; r: RefundRequest; titles?: Record<string, string> }) => {
  const { t, locale } = useOmT()
  const labels = useRefundLabels()
  const itemList = useItemList()
  const money = (m: number) => formatMinor(m, r.currency_code, locale)
  const provider = (id: string | null) => {
    const key = providerKey(id)
    return key === "other" ? id ?? "" : t(`providers.${key}`)
  }
  const moveStatus = (s: string) => t(`afterSales.refundStatuses.${s}`, { defaultValue: s })
  const d = timelineDetail(h, r, titles)
  const details: ReactNode[] = []
  let text: string | null = null
  /** a platform's (or Medusa's) own message, as it came */
  let raw: string | null = null
  let fromPlatform = false
  switch (d.kind) {
    case "requested":
      details.push(t("afterSales.timeline.requested", { amount: money(d.amount_minor), reason: labels.reason(d.reason_code) }))
      if (d.on_behalf) details.push(t("afterSales.timeline.onBehalf"))
      break
    case "withdrawn":
      break
    case "approved":
      details.push(d.destination ? t("afterSales.timeline.moneyTo", { amount: money(d.amount_minor), destination: labels.destination(d.destination) }) : money(d.amount_minor))
      text = d.text
      break
    case "rejected":
      text = d.text
      break
    case "processing":
    case "retried":
      if (d.settled_after_all) details.push(t("afterSales.timeline.settledAfterAll"))
      else {
        const parts = [d.destination ? labels.destination(d.destination) : null, d.kind === "retried" && d.attempt ? t("afterSales.timeline.attempt", { n: d.attempt }) : null].filter(Boolean)
        if (parts.length) details.push(parts.join(" · "))
      }
      break
    case "refund_sent":
      for (const m of d.moves) {
        const line =
          m.destination === "balance"
            ? t("afterSales.timeline.sentToBalance", { amount: money(m.amount_minor), status: moveStatus(m.status) })
            : t("afterSales.timeline.sentVia", { amount: money(m.amount_minor), provider: provider(m.provider_id), status: moveStatus(m.status) })
        // a balance credit's number is the ledger entry: not the platform's
        details.push(m.platform_refund_no && m.destination === "original" ? `${line} · ${t("afterSales.fields.platformRefundNo")}: ${m.platform_refund_no}` : line)
      }
      break
    case "platform_refund": {
      const parts = [d.amount_minor !== null ? money(d.amount_minor) : null, d.platform_refund_no ? `${t("afterSales.fields.platformRefundNo")}: ${d.platform_refund_no}` : null].filter(Boolean)
      if (parts.length) details.push(parts.join(" · "))
      break
    }
    case "failed":
      if (d.cause) details.push(d.retryable === false ? `${labels.cause(d.cause)} · ${t("afterSales.timeline.notRetryable")}` : labels.cause(d.cause))
      raw = d.raw ? `${d.raw}${d.platform_code ? ` (${t("afterSales.fields.platformCode", { code: d.platform_code })})` : ""}` : null
      fromPlatform = true
      break
    case "refunded":
      details.push(d.destination ? t("afterSales.timeline.moneyTo", { amount: money(d.amount_minor), destination: labels.destination(d.destination) }) : money(d.amount_minor))
      break
    case "service_revoked":
      if (d.items.length) details.push(itemList(d.items))
      break
    case "items_returned":
      if (d.items.length || d.restocked) details.push([d.items.length ? itemList(d.items) : null, d.restocked ? t("afterSales.timeline.restocked") : null].filter(Boolean).join(" · "))
      break
    case "return_failed":
      details.push(t("afterSales.timeline.returnFailed"))
      raw = d.raw
      break
    case "communication":
      text = d.text || null
      break
    case "unknown":
      text = d.text
      break
  }
  return (
    <>
      {details.map((line, i) => (
        <Text key={i} size="xsmall" className="break-words" data-testid="om-refund-history-detail">{line}</Text>
      ))}
      {text && <Text size="xsmall" className="break-words" data-testid="om-refund-history-message">{text}</Text>}
      {raw && (
        <Text size="xsmall" className="text-ui-fg-muted break-words" data-testid="om-refund-history-raw">
          {fromPlatform ? t("afterSales.timeline.platformSaid", { message: raw }) : raw}
        </Text>
      )}
    </>
  )
}
