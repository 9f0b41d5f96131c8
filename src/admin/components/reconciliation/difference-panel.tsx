import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import { Button, Heading, Label, Text, Textarea } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import { useAdminUsers, userName } from "../anomalies/api"
import { type ReconDifference, type ReconRun, storeAmount, useResolveDifference } from "./api"
import { AssignForm } from "./assign-form"
import { DiffStateBadge, useReconFormat } from "./labels"

type Action = "open_anomaly" | "explained" | "assign"

const Line = ({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) =>
  value === null || value === undefined || value === "" ? null : (
    <div className="grid grid-cols-[120px_1fr] gap-x-2">
      <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
      <Text size="xsmall" className="break-all" data-testid={testId}>{value}</Text>
    </div>
  )

/**
 * One difference opened: what differs in a sentence, the bill (or statement) row and the store's record side by
 * side, every cell of the bill row, and the decision — the actions while it is open (open an anomaly, mark explained
 * with a note, assign an unmatched transfer to an order), else who decided what and when.
 */
export const DifferencePanel = ({ run, d }: { run: ReconRun; d: ReconDifference }) => {
  const f = useReconFormat()
  const { t } = f
  const { formatDateTime } = useOmT()
  const cur = d.currency_code ?? run.currency_code
  const p = d.platform
  const s = d.store
  const bank = run.source === "bank_statement"
  const orderId = d.order_id ?? s?.order_id ?? null
  const orderLink = orderId ? (
    <Link to={`/orders/${orderId}`} className="text-ui-fg-interactive hover:underline" data-testid="om-recon-store-order">{s?.display_id != null ? `#${s.display_id}` : orderId}</Link>
  ) : null
  const assigned = d.state === "assigned" && d.type === "bank_unmatched"
  const explain = t(assigned ? "reconciliation.explainAssigned" : `reconciliation.explain.${d.type}`, {
    order: orderId ? `#${s?.display_id ?? orderId}` : "",
    platform: f.money(p?.amount_minor, p?.currency ?? cur),
    store: f.money(storeAmount(d), s?.currency ?? cur),
    delta: f.delta(d.delta_minor, cur),
    platformFee: f.money(p?.fee_minor, cur),
    storeFee: f.money(s?.expected_fee_minor, cur),
    platformCurrency: p?.currency ?? "",
    storeCurrency: s?.currency ?? "",
    status: p?.status ? t(`reconciliation.rowStatus.${p.status}`, { defaultValue: p.status }) : "",
  })
  return (
    <div className="flex flex-col gap-y-4 py-4" data-testid="om-recon-diff-panel" data-diff-id={d.id}>
      <Text size="small" data-testid="om-recon-diff-explain">{explain}</Text>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2" data-testid="om-recon-sides">
        <section className="bg-ui-bg-base border-ui-border-base flex min-w-0 flex-col gap-y-1 rounded-md border p-3" data-testid="om-recon-side-platform">
          <Heading level="h3" className="txt-compact-small-plus">
            {p ? t(bank ? "reconciliation.sides.statementRow" : "reconciliation.sides.billRow", { line: p.line ?? "—" }) : t(bank ? "reconciliation.sides.statement" : "reconciliation.sides.bill")}
          </Heading>
          {!p ? (
            <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-recon-side-platform-none">{t(bank ? "reconciliation.sides.noStatementRow" : "reconciliation.sides.noBillRow")}</Text>
          ) : bank ? (
            <>
              <Line label={t("reconciliation.fields.date")} value={p.date} />
              <Line label={t("reconciliation.fields.amount")} value={f.money(p.amount_minor, p.currency ?? cur)} testId="om-recon-platform-amount" />
              <Line label={t("reconciliation.fields.payer")} value={p.payer_name} testId="om-recon-platform-payer" />
              <Line label={t("reconciliation.fields.remark")} value={p.reference_text || t("reconciliation.fields.empty")} testId="om-recon-platform-remark" />
              <Line label={t("reconciliation.fields.matchedReference")} value={p.matched_reference ? `${p.matched_reference}${p.corrected ? ` (${t("reconciliation.fields.corrected")})` : ""}` : null} />
              <Line label={t("reconciliation.fields.candidates")} value={p.candidates?.length ? p.candidates.join(", ") : null} />
              <Line label={t("reconciliation.fields.bankTransaction")} value={p.bank_transaction_id} testId="om-recon-platform-bank-id" />
            </>
          ) : (
            <>
              <Line label={t("reconciliation.fields.kind")} value={`${t(`reconciliation.kinds.${p.kind}`, { defaultValue: p.kind ?? "" })} · ${t(`reconciliation.rowStatus.${p.status}`, { defaultValue: p.status ?? "" })}`} testId="om-recon-platform-kind" />
              <Line label={t("reconciliation.fields.amount")} value={f.money(p.amount_minor, p.currency ?? cur)} testId="om-recon-platform-amount" />
              <Line label={t("reconciliation.fields.received")} value={p.received_minor != null ? f.money(p.received_minor, p.currency ?? cur) : null} />
              <Line label={t("reconciliation.fields.fee")} value={p.fee_minor != null ? f.money(p.fee_minor, p.currency ?? cur) : null} testId="om-recon-platform-fee" />
              <Line label={t("reconciliation.fields.platformTradeNo")} value={p.platform_trade_no} testId="om-recon-platform-trade" />
              <Line label={t("reconciliation.fields.outTradeNo")} value={p.out_trade_no} testId="om-recon-platform-out-trade" />
              <Line label={t("reconciliation.fields.refundNo")} value={p.out_refund_no ?? p.refund_no} />
              <Line label={t("reconciliation.fields.time")} value={p.occurred_at ? formatDateTime(p.occurred_at) : null} />
            </>
          )}
          {p?.raw && Object.keys(p.raw).length > 0 && (
            <details className="mt-1" data-testid="om-recon-raw">
              <summary className="txt-compact-xsmall text-ui-fg-interactive cursor-pointer">{t(bank ? "reconciliation.sides.rawStatement" : "reconciliation.sides.rawBill")}</summary>
              <div className="mt-1 flex flex-col gap-y-0.5">
                {Object.entries(p.raw).filter(([, v]) => v !== "").map(([k, v]) => <Line key={k} label={k} value={v} />)}
              </div>
            </details>
          )}
        </section>
        <section className="bg-ui-bg-base border-ui-border-base flex min-w-0 flex-col gap-y-1 rounded-md border p-3" data-testid="om-recon-side-store">
          <Heading level="h3" className="txt-compact-small-plus">{t("reconciliation.sides.store")}</Heading>
          {!s ? (
            <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-recon-side-store-none">{t(assigned ? "reconciliation.sides.assignedOrder" : bank ? "reconciliation.sides.noOrder" : "reconciliation.sides.noStoreRecord")}</Text>
          ) : bank ? (
            <>
              <Line label={t("reconciliation.fields.order")} value={orderLink} />
              <Line label={t("reconciliation.fields.reference")} value={s.reference} testId="om-recon-store-reference" />
              <Line label={t("reconciliation.fields.due")} value={f.money(s.expected_minor, s.currency ?? cur)} testId="om-recon-store-amount" />
              <Line label={t("reconciliation.fields.receivedBefore")} value={s.received_before_minor != null ? f.money(s.received_before_minor, s.currency ?? cur) : null} />
              <Line label={t("reconciliation.fields.paymentStatus")} value={s.payment_status ? t(`payment.${s.payment_status}`, { defaultValue: s.payment_status }) : null} />
            </>
          ) : (
            <>
              <Line label={t("reconciliation.fields.order")} value={orderLink} />
              <Line label={t("reconciliation.fields.asked")} value={f.money(s.amount_minor, s.currency ?? cur)} />
              <Line label={t("reconciliation.fields.captured")} value={f.money(s.captured_minor, s.currency ?? cur)} testId="om-recon-store-amount" />
              <Line label={t("reconciliation.fields.refunded")} value={s.refunded_minor ? f.money(s.refunded_minor, s.currency ?? cur) : null} />
              <Line label={t("reconciliation.fields.refundedInDay")} value={s.refunded_in_day_minor ? f.money(s.refunded_in_day_minor, s.currency ?? cur) : null} />
              <Line label={t("reconciliation.fields.storeStatus")} value={s.status ? t(`reconciliation.storeStatus.${s.status}`, { defaultValue: s.status }) : null} testId="om-recon-store-status" />
              <Line label={t("reconciliation.fields.expectedFee")} value={s.expected_fee_minor != null ? f.money(s.expected_fee_minor, s.currency ?? cur) : null} />
              <Line label={t("reconciliation.fields.platformTradeNo")} value={s.platform_trade_no} />
              <Line label={t("reconciliation.fields.outTradeNo")} value={s.out_trade_no} testId="om-recon-store-out-trade" />
              <Line label={t("reconciliation.fields.payment")} value={s.payment_id} />
              <Line label={t("reconciliation.fields.capturedAt")} value={s.captured_at ? formatDateTime(s.captured_at) : null} />
            </>
          )}
        </section>
      </div>
      <Decision d={d} providerId={run.provider_id} />
    </div>
  )
}

/** The actions on an open difference, or the decision taken. */
const Decision = ({ d, providerId }: { d: ReconDifference; providerId: string }) => {
  const { t } = useReconFormat()
  const { formatDateTime } = useOmT()
  const { data: users } = useAdminUsers()
  const [action, setAction] = useState<Action | null>(null)
  useEffect(() => setAction(null), [d.id, d.state])
  if (d.state !== "open") {
    const by = d.resolved_by ? userName(users?.users.find((u) => u.id === d.resolved_by)) ?? d.resolved_by : t("reconciliation.decision.system")
    return (
      <section className="flex flex-col gap-y-2" data-testid="om-recon-decision">
        <div className="flex flex-wrap items-center gap-2">
          <DiffStateBadge state={d.state} />
          <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-recon-decision-by">
            {t("reconciliation.decision.by", { who: by, at: d.resolved_at ? formatDateTime(d.resolved_at) : t("common.none") })}
          </Text>
        </div>
        {d.note && <Text size="small" className="whitespace-pre-wrap" data-testid="om-recon-decision-note">{d.note}</Text>}
        {d.anomaly_id && (
          <Link to={`/anomalies?state=all&anomaly=${d.anomaly_id}`} className="text-ui-fg-interactive txt-compact-small hover:underline" data-testid="om-recon-anomaly-link">
            {t("reconciliation.decision.openAnomaly")}
          </Link>
        )}
        {d.state === "assigned" && d.order_id && (
          <Link to={`/orders/${d.order_id}`} className="text-ui-fg-interactive txt-compact-small hover:underline" data-testid="om-recon-assigned-order">
            {t("reconciliation.decision.assignedOrder")}
          </Link>
        )}
      </section>
    )
  }
  const actions: Action[] = d.type === "bank_unmatched" ? ["assign", "explained", "open_anomaly"] : ["open_anomaly", "explained"]
  return (
    <section className="flex flex-col gap-y-2" data-testid="om-recon-actions">
      <div className="flex flex-wrap gap-2">
        {actions.map((a) => (
          <Button key={a} size="small" variant={action === a ? "primary" : "secondary"} onClick={() => setAction(action === a ? null : a)} data-testid={`om-recon-action-${a}`}>
            {t(`reconciliation.actions.${a}`)}
          </Button>
        ))}
      </div>
      {action === "assign" ? <AssignForm d={d} providerId={providerId} onDone={() => setAction(null)} /> : action && <NoteForm key={action} d={d} action={action} onDone={() => setAction(null)} />}
    </section>
  )
}

/** Open an anomaly (a note optional) or mark explained (a note required: why the difference is fine). */
const NoteForm = ({ d, action, onDone }: { d: ReconDifference; action: "open_anomaly" | "explained"; onDone: () => void }) => {
  const { t } = useReconFormat()
  const [note, setNote] = useState("")
  const resolve = useResolveDifference(() => onDone())
  const required = action === "explained"
  const missing = required && !note.trim()
  return (
    <form
      className="bg-ui-bg-base flex flex-col gap-y-2 rounded-md p-3"
      data-testid="om-recon-note-form"
      data-action={action}
      onSubmit={(e) => {
        e.preventDefault()
        if (!missing) resolve.mutate({ id: d.id, body: { action, ...(note.trim() ? { note: note.trim() } : {}) } })
      }}
    >
      <Text size="xsmall" className="text-ui-fg-subtle">{t(`reconciliation.actionHints.${action}`)}</Text>
      <div className="flex flex-col gap-y-1">
        <Label size="small" htmlFor={`om-recon-note-${d.id}`}>
          {t("reconciliation.note")} {!required && <span className="text-ui-fg-subtle">({t("common.optional")})</span>}
        </Label>
        <Textarea id={`om-recon-note-${d.id}`} rows={2} value={note} placeholder={t(`reconciliation.notePlaceholders.${action}`)} onChange={(e) => setNote(e.target.value)} data-testid="om-recon-note" />
        {missing && <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-recon-note-required">{t("reconciliation.noteRequired")}</Text>}
      </div>
      <div className="flex justify-end gap-x-2">
        <Button type="button" size="small" variant="secondary" onClick={onDone}>{t("common.cancel")}</Button>
        <Button type="submit" size="small" disabled={missing} isLoading={resolve.isPending} data-testid="om-recon-submit">{t(`reconciliation.actions.${action}`)}</Button>
      </div>
    </form>
  )
}
