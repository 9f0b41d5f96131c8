import { useState } from "react"
import { Badge, Button, Text } from "@medusajs/ui"
import type { NoteRow, RefundRequest } from "../../lib/api"
import { canDecide, canReject, canRetry, namedItems } from "../../lib/after-sales"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import type { DecisionMode } from "./refund-drawers"
import { RefundProgress } from "./refund-progress"
import { ProviderName } from "../provider-name"
import { ActorName, RefundStatusBadge, useRefundLabels } from "./refund-labels"
import { RefundContactForm } from "./refund-contact-form"
import { RefundEvidence } from "./refund-evidence"
import { RefundTimelineDetail, useItemList } from "./refund-timeline"

/** timeline entries shown before "Show all" */
const TIMELINE_PREVIEW = 4

/**
 * One refund request on the order's After-sales card: state, amounts, who decided, why, the evidence, the money's
 * trail, the customer-service contacts linked to it (and "Log contact" to add one) and the timeline.
 */
export const RefundRequestPanel = ({
  r,
  notes,
  titles,
  onAct,
}: {
  r: RefundRequest
  /** the customer communications that belong to the request */
  notes: NoteRow[]
  /** the order's line items' titles by id (the widget's order), to name the request's items */
  titles?: Record<string, string>
  onAct: (mode: DecisionMode, r: RefundRequest) => void
}) => {
  const { t, i18n, locale, formatDateTime } = useOmT()
  const labels = useRefundLabels()
  const itemList = useItemList()
  const money = (m: number) => formatMinor(m, r.currency_code, locale)
  const field = (label: string, value: React.ReactNode, testId: string) =>
    value === null || value === undefined || value === "" ? null : (
      <div className="grid grid-cols-[120px_1fr] gap-x-3">
        <Text size="small" className="text-ui-fg-subtle whitespace-nowrap">{label}</Text>
        <Text size="small" className="break-words" data-testid={testId}>{value}</Text>
      </div>
    )
  const channelLabel = (c: unknown) => (typeof c === "string" && c ? t(`notes.channels.${c}`, { defaultValue: c }) : t("notes.channels.other"))
  const historyLabel = (h: RefundRequest["history"][number]) =>
    h.action === "communication"
      ? t("afterSales.historyActions.communication", { channel: channelLabel(h.metadata?.channel) })
      : i18n.exists(`afterSales.historyActions.${h.action}`, { ns: "orderManagement" })
      ? t(`afterSales.historyActions.${h.action}`)
      : h.to_status
        ? t(`afterSales.statuses.${h.to_status}`, { defaultValue: h.to_status })
        : h.action
  const [allHistory, setAllHistory] = useState(false)
  const [contact, setContact] = useState(false)
  const history = [...(r.history ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at))
  const shown = allHistory ? history : history.slice(0, TIMELINE_PREVIEW)
  const reviewed = r.status !== "requested" && r.status !== "withdrawn"
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="om-refund-request" data-refund-id={r.id} data-status={r.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <RefundStatusBadge status={r.status} />
          <Text size="small" weight="plus" className="whitespace-nowrap" data-testid="om-refund-amount">{money(r.amount_minor)}</Text>
          <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap">{formatDateTime(r.created_at)}</Text>
        </div>
        <div className="flex flex-wrap gap-2">
          {!contact && (
            <Button size="small" variant="secondary" className="whitespace-nowrap" onClick={() => setContact(true)} data-testid="om-refund-log-contact">{t("afterSales.contact.open")}</Button>
          )}
          {canDecide(r) && <Button size="small" className="whitespace-nowrap" onClick={() => onAct("approve", r)} data-testid="om-refund-approve">{t("afterSales.approve")}</Button>}
          {canReject(r) && <Button size="small" variant="danger" className="whitespace-nowrap" onClick={() => onAct("reject", r)} data-testid="om-refund-reject">{t("afterSales.reject")}</Button>}
          {canRetry(r) && (
            <Button size="small" variant="secondary" className="whitespace-nowrap" onClick={() => onAct("retry", r)} data-testid="om-refund-retry">{t("afterSales.retry")}</Button>
          )}
        </div>
      </div>
      <RefundProgress status={r.status} />
      {contact && <RefundContactForm r={r} onClose={() => setContact(false)} />}
      {r.failure && (
        <div className="bg-ui-bg-subtle flex flex-col gap-y-0.5 rounded-md px-3 py-2" data-testid="om-refund-failure">
          <Text size="small" weight="plus" className="text-ui-fg-error" data-testid="om-refund-failure-cause">
            {t("afterSales.fields.failure")}: {labels.cause(r.failure.cause)}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle break-words">
            {r.failure.message}
            {r.failure.platform_code ? ` (${t("afterSales.fields.platformCode", { code: r.failure.platform_code })})` : ""}
          </Text>
        </div>
      )}
      <div className="flex flex-col gap-y-1">
        {field(t("afterSales.fields.requested"), money(r.requested_amount_minor), "om-refund-requested-amount")}
        {reviewed && r.status !== "rejected" && field(t("afterSales.fields.approved"), money(r.amount_minor), "om-refund-approved-amount")}
        {(r.refunded_minor > 0 || r.status === "refunded") && field(t("afterSales.fields.refunded"), money(r.refunded_minor), "om-refund-refunded-amount")}
        {field(t("afterSales.fields.destination"), r.destination ? labels.destination(r.destination) : null, "om-refund-destination-label")}
        {field(t("afterSales.fields.reason"), <>{labels.reason(r.reason_code)}{r.note ? <span className="text-ui-fg-subtle"> · {r.note}</span> : null}</>, "om-refund-reason-label")}
        {r.items?.length ? field(t("afterSales.fields.items"), itemList(namedItems(r.items, titles)), "om-refund-items") : null}
        {r.return_id ? field(t("afterSales.fields.return"), r.return_id, "om-refund-return") : null}
        {r.attempt && r.attempt > 1 ? field(t("afterSales.fields.attempts"), String(r.attempt), "om-refund-attempts") : null}
        {r.evidence?.length ? field(t("afterSales.fields.evidence"), t("afterSales.fields.evidenceCount", { count: r.evidence.length }), "om-refund-evidence") : null}
        {r.evidence?.length ? <div className="grid grid-cols-[120px_1fr] gap-x-3"><span /><RefundEvidence r={r} /></div> : null}
        {field(t("afterSales.fields.openedBy"), <ActorName actor={r.opened_by} />, "om-refund-opened-by")}
        {r.reviewed_by && field(t("afterSales.fields.reviewer"), <><ActorName actor={r.reviewed_by} />{r.reviewed_at ? <span className="text-ui-fg-subtle"> · {formatDateTime(r.reviewed_at)}</span> : null}</>, "om-refund-reviewer")}
        {field(t("afterSales.fields.reviewNote"), r.review_note, "om-refund-review-note")}
        {field(t("afterSales.fields.rejectReason"), r.reject_reason, "om-refund-reject-reason-text")}
      </div>
      {r.refunds?.length > 0 && (
        <div className="flex flex-col gap-y-1" data-testid="om-refund-refunds">
          <Text size="small" weight="plus">{t("afterSales.fields.refunds")}</Text>
          {r.refunds.map((x, i) => (
            <div key={x.refund_id ?? i} className="flex flex-wrap items-center gap-x-2" data-testid="om-refund-refund">
              <Badge size="2xsmall" className="whitespace-nowrap" color={x.status === "succeeded" || x.status === "credited" ? "green" : x.status === "processing" || x.status === "manual_task" ? "blue" : "red"}>
                {t(`afterSales.refundStatuses.${x.status}`, { defaultValue: x.status })}
              </Badge>
              <Text size="small" className="whitespace-nowrap">{money(x.amount_minor)}</Text>
              <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap">
                {labels.destination(x.destination)}
                {x.destination === "original" && x.provider_id ? <> · <ProviderName id={x.provider_id} /></> : null}
              </Text>
              {x.claim_url && (
                <a href={x.claim_url} target="_blank" rel="noreferrer" className="txt-compact-xsmall text-ui-fg-interactive whitespace-nowrap hover:underline" data-testid="om-refund-claim-url">
                  {t("afterSales.fields.claimLink")}
                </a>
              )}
              {x.platform_refund_no && (
                <Text size="xsmall" className="text-ui-fg-subtle break-all" data-testid="om-refund-platform-no">
                  {t("afterSales.fields.platformRefundNo")}: {x.platform_refund_no}
                </Text>
              )}
            </div>
          ))}
        </div>
      )}
      {notes.length > 0 && (
        <div className="flex flex-col gap-y-1" data-testid="om-refund-communications">
          <Text size="small" weight="plus">{t("afterSales.fields.communications")}</Text>
          {notes.map((n) => (
            <div key={n.id} className="flex flex-col" data-testid="om-refund-communication">
              <Text size="small">{n.body}</Text>
              <Text size="xsmall" className="text-ui-fg-muted">
                {[n.channel ? channelLabel(n.channel) : null, n.author_email, formatDateTime(n.created_at)].filter(Boolean).join(" · ")}
              </Text>
            </div>
          ))}
        </div>
      )}
      {history.length > 0 && (
        <div className="flex flex-col gap-y-2">
          <Text size="small" weight="plus">{t("afterSales.fields.timeline")}</Text>
          <ol className="flex flex-col gap-y-3" data-testid="om-refund-timeline">
            {shown.map((h) => (
              <li key={h.id} className="flex gap-x-3" title={h.message ?? undefined} data-testid="om-refund-history-row" data-action={h.action} data-to-status={h.to_status ?? ""} data-channel={h.action === "communication" ? String(h.metadata?.channel ?? "") : undefined}>
                <div className="bg-ui-border-strong mt-1.5 size-2 shrink-0 rounded-full" />
                <div className="flex flex-col gap-y-0.5">
                  <Text size="small" weight="plus" data-testid="om-refund-history-action">{historyLabel(h)}</Text>
                  <Text size="xsmall" className="text-ui-fg-subtle">{t("afterSales.by", { actor: "" })}<ActorName actor={h.actor} /></Text>
                  <RefundTimelineDetail h={h} r={r} titles={titles} />
                  <Text size="xsmall" className="text-ui-fg-muted">{formatDateTime(h.created_at)}</Text>
                </div>
              </li>
            ))}
          </ol>
          {history.length > TIMELINE_PREVIEW && (
            <Button size="small" variant="transparent" className="self-start" onClick={() => setAllHistory(!allHistory)} data-testid="om-refund-timeline-toggle">
              {allHistory ? t("afterSales.timelineLess") : t("afterSales.timelineAll", { count: history.length })}
            </Button>
          )}
        </div>
      )}
    </div>
  )
}
