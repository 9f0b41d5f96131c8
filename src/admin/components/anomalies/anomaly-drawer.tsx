import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import { Badge, Button, Drawer, Heading, Label, RadioGroup, Select, Text, Textarea, toast, usePrompt } from "@medusajs/ui"
import type { HistoryRow } from "../../lib/api"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"
import { ProviderName } from "../provider-name"
import { AnomalyDetail, PaymentEventRow, useAdminUsers, useAnomalyDetail, useDeskAction, useMe, userName } from "./api"
import { AnomalyState, Resolution, isFinal, movesFrom, noteRequired, resolutionsFor } from "./desk"
import { AnomalyStateBadge, useDeskLabels } from "./labels"

const REPLAYABLE = ["failed", "ignored"]

/**
 * One anomaly in a drawer: what happened (the type explained), the money, the order's key facts, the assignee
 * (assign to me, to another admin, or nobody), the moves its state allows (with a resolution and a note where
 * needed), its timeline, the payment callbacks of its payment (a failed or ignored one can be re-processed) and
 * the order's lifecycle history.
 */
export const AnomalyDrawer = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const { t } = useOmT()
  const { data, error, isLoading } = useAnomalyDetail(id)
  return (
    <Drawer open={!!id} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-desk-drawer" data-anomaly-id={id ?? undefined}>
        <Drawer.Header>
          <Drawer.Title>{t("desk.drawer.title")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {error ? (
            <Text className="text-ui-fg-error" data-testid="om-desk-drawer-error">{(error as Error).message}</Text>
          ) : isLoading || !data ? (
            <Text>{t("common.loading")}</Text>
          ) : (
            <DetailBody d={data} />
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

const Section = ({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) => (
  <section className="flex flex-col gap-y-2" data-testid={testId}>
    <Heading level="h3" className="txt-compact-small-plus">{title}</Heading>
    {children}
  </section>
)

const Line = ({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) =>
  value === null || value === undefined || value === "" ? null : (
    <div className="grid grid-cols-[128px_1fr] gap-x-2">
      <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
      <Text size="xsmall" className="break-all" data-testid={testId}>{value}</Text>
    </div>
  )

const DetailBody = ({ d }: { d: AnomalyDetail }) => {
  const { t, locale, formatDateTime } = useOmT()
  const l = useDeskLabels()
  const a = d.anomaly
  const order = d.order
  const [move, setMove] = useState<AnomalyState | null>(null)
  useEffect(() => setMove(null), [a.id, a.status])
  const money = a.amount_minor != null && a.currency_code ? formatMinor(Number(a.amount_minor), a.currency_code, locale) : null
  const orderTotal = order && (order.total_minor ?? order.total) != null && (order.currency_code ?? a.currency_code)
    ? formatMinor(Number(order.total_minor ?? order.total), (order.currency_code ?? a.currency_code)!, locale)
    : null
  const displayId = order?.order_number ?? (order?.display_id != null ? `#${order.display_id}` : a.order_id)
  const reason = typeof a.metadata?.reason === "string" ? a.metadata.reason : null
  return (
    <>
      <div className="flex flex-wrap items-center gap-2" data-testid="om-desk-drawer-head">
        <Badge size="2xsmall" color="red" data-testid="om-desk-drawer-type">{l.type(a.type)}</Badge>
        <AnomalyStateBadge status={a.status} />
        {a.resolution && <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-desk-drawer-resolution">{l.resolution(a.resolution)}</Text>}
        {money && <Text size="small" weight="plus" data-testid="om-desk-drawer-amount">{money}</Text>}
      </div>

      <Section title={t("desk.drawer.what")} testId="om-desk-what">
        <Text size="small" data-testid="om-desk-explain">{l.explain(a.type)}</Text>
        {reason && <Line label={t("desk.drawer.reason")} value={reason} testId="om-desk-reason" />}
        <Line label={t("anomalies.provider")} value={a.provider_id ? <ProviderName id={a.provider_id} /> : null} />
        <Line label={t("anomalies.transaction")} value={a.platform_transaction_id} />
        <Line label={t("anomalies.outTradeNo")} value={a.out_trade_no} />
        <Line label={t("anomalies.note")} value={a.resolution_note} testId="om-desk-resolution-note" />
      </Section>

      <Section title={t("desk.drawer.order")} testId="om-desk-order">
        {a.order_id ? (
          <>
            <div className="flex items-center gap-x-2">
              <Link to={`/orders/${a.order_id}`} className="text-ui-fg-interactive txt-compact-small hover:underline" data-testid="om-desk-order-link">{displayId}</Link>
            </div>
            <Line label={t("desk.drawer.orderStatus")} value={[order?.lifecycle?.payment_status ?? order?.payment_status, order?.lifecycle?.fulfillment_status ?? order?.fulfillment_status]
              .map((s, i) => (s ? t(`${i ? "fulfillment" : "payment"}.${s}`, { defaultValue: s }) : null)).filter(Boolean).join(" · ") || order?.status} testId="om-desk-order-status" />
            <Line label={t("desk.drawer.email")} value={order?.email} />
            <Line label={t("desk.drawer.total")} value={orderTotal} />
          </>
        ) : (
          <Text size="small" className="text-ui-fg-subtle" data-testid="om-desk-no-order">{t("desk.drawer.noOrder", { cart: a.cart_id ?? t("common.none") })}</Text>
        )}
      </Section>

      <Assignee d={d} />

      {!isFinal(a.status) && (
        <Section title={t("desk.columns.state")} testId="om-desk-actions">
          <div className="flex flex-wrap gap-2">
            {movesFrom(a.status).map((to) => (
              <Button key={to} size="small" variant={move === to ? "primary" : "secondary"} onClick={() => setMove(move === to ? null : to)} data-testid={`om-desk-move-${to}`}>
                {t(`desk.actions.${to}`)}
              </Button>
            ))}
          </div>
          {move && <MoveForm key={move} d={d} to={move} onDone={() => setMove(null)} />}
        </Section>
      )}

      <Section title={t("desk.drawer.timeline")} testId="om-desk-timeline">
        <ol className="flex flex-col gap-y-3">
          {d.steps.map((s) => (
            <li key={s.id} className="flex gap-x-3" data-testid="om-desk-step" data-step-to={s.to_status ?? undefined}>
              <div className="bg-ui-border-strong mt-1.5 size-2 shrink-0 rounded-full" />
              <div className="flex flex-col gap-y-0.5">
                <Text size="small" weight="plus" data-testid="om-desk-step-what">{l.step(s)}</Text>
                <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-desk-step-actor">{t("desk.steps.by", { actor: l.actor(s) })} · {formatDateTime(s.created_at)}</Text>
                {s.note && <Text size="xsmall" className="whitespace-pre-wrap" data-testid="om-desk-step-note">{s.note}</Text>}
              </div>
            </li>
          ))}
        </ol>
        <NoteForm id={a.id} />
      </Section>

      <Section title={t("desk.drawer.events")} testId="om-desk-events">
        {d.payment_events.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle">{t("desk.drawer.noEvents")}</Text>
        ) : (
          <div className="flex flex-col gap-y-3">
            {d.payment_events.map((e) => <EventRow key={e.id} e={e} />)}
          </div>
        )}
      </Section>

      <Section title={t("desk.drawer.history")} testId="om-desk-history">
        {d.order_history.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle">{t("desk.drawer.noHistory")}</Text>
        ) : (
          <ol className="flex flex-col gap-y-2">
            {d.order_history.map((h) => <HistoryLine key={h.id} h={h} />)}
          </ol>
        )}
      </Section>
    </>
  )
}

/** The assignee, "Assign to me", and a picker of the store's admins (or nobody). */
const Assignee = ({ d }: { d: AnomalyDetail }) => {
  const { t } = useOmT()
  const a = d.anomaly
  const { data: me } = useMe()
  const { data: users } = useAdminUsers()
  const act = useDeskAction()
  const current = userName(a.assignee) ?? userName(users?.users.find((u) => u.id === a.assignee_id)) ?? a.assignee_id
  const NOBODY = "__nobody"
  return (
    <Section title={t("desk.drawer.assignee")} testId="om-desk-assignee">
      <div className="flex flex-wrap items-center gap-2">
        <Text size="small" weight="plus" data-testid="om-desk-assignee-name">{current ?? t("desk.drawer.nobody")}</Text>
        {!isFinal(a.status) && (
          <>
            {me?.user && a.assignee_id !== me.user.id && (
              <Button size="small" variant="secondary" isLoading={act.isPending} onClick={() => act.mutate({ kind: "assign", id: a.id, user_id: me.user.id })} data-testid="om-desk-assign-me">
                {t("desk.drawer.assignToMe")}
              </Button>
            )}
            <Select
              size="small"
              value=""
              onValueChange={(v) => act.mutate({ kind: "assign", id: a.id, user_id: v === NOBODY ? null : v })}
            >
              <Select.Trigger className="w-[180px]" data-testid="om-desk-assign-pick"><Select.Value placeholder={t("desk.drawer.assignTo")} /></Select.Trigger>
              <Select.Content>
                {a.assignee_id && <Select.Item value={NOBODY}>{t("desk.drawer.unassign")}</Select.Item>}
                {(users?.users ?? []).filter((u) => u.id !== a.assignee_id).map((u) => (
                  <Select.Item key={u.id} value={u.id} data-testid="om-desk-assign-option">{userName(u)}</Select.Item>
                ))}
              </Select.Content>
            </Select>
          </>
        )}
      </div>
    </Section>
  )
}

/** A move to `to`: the resolution (for resolved) and the note (required to dismiss and to resolve by hand). */
const MoveForm = ({ d, to, onDone }: { d: AnomalyDetail; to: AnomalyState; onDone: () => void }) => {
  const { t } = useOmT()
  const options = resolutionsFor(d.anomaly)
  const [resolution, setResolution] = useState<Resolution>(options.includes("refund") ? "refund" : "manual")
  const [note, setNote] = useState("")
  const act = useDeskAction(() => onDone())
  const needsNote = noteRequired(to, to === "resolved" ? resolution : null)
  const missing = needsNote && !note.trim()
  return (
    <form
      className="bg-ui-bg-subtle flex flex-col gap-y-3 rounded-md p-3"
      data-testid="om-desk-move-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (missing) return
        act.mutate({ kind: "transition", id: d.anomaly.id, body: { to, from: d.anomaly.status, ...(note.trim() ? { note: note.trim() } : {}), ...(to === "resolved" ? { resolution } : {}) } })
      }}
    >
      {to === "resolved" && (
        <div className="flex flex-col gap-y-2">
          <Label size="small">{t("desk.resolution")}</Label>
          <RadioGroup value={resolution} onValueChange={(v) => setResolution(v as Resolution)} className="flex flex-col gap-y-2" data-testid="om-desk-resolution">
            {options.map((r) => (
              <div key={r} className="flex items-start gap-x-2">
                <RadioGroup.Item value={r} id={`om-desk-res-${r}`} data-testid={`om-desk-res-${r}`} className="mt-0.5" />
                <div className="flex flex-col">
                  <Label htmlFor={`om-desk-res-${r}`} size="small">{t(`desk.resolutions.${r}`)}</Label>
                  <Text size="xsmall" className="text-ui-fg-subtle">{t(`desk.resolutionHints.${r}`)}</Text>
                </div>
              </div>
            ))}
          </RadioGroup>
        </div>
      )}
      <div className="flex flex-col gap-y-1">
        <Label size="small" htmlFor="om-desk-note">{t("desk.note")} {!needsNote && <span className="text-ui-fg-subtle">({t("common.optional")})</span>}</Label>
        <Textarea id="om-desk-note" rows={3} value={note} placeholder={t("desk.notePlaceholder")} onChange={(e) => setNote(e.target.value)} data-testid="om-desk-note" />
        {missing && <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-desk-note-required">{t("desk.noteRequired")}</Text>}
      </div>
      <div className="flex justify-end gap-x-2">
        <Button type="button" size="small" variant="secondary" onClick={onDone}>{t("common.cancel")}</Button>
        <Button type="submit" size="small" variant={to === "dismissed" ? "danger" : "primary"} disabled={missing} isLoading={act.isPending} data-testid="om-desk-move-submit">
          {t(`desk.actions.${to}`)}
        </Button>
      </div>
    </form>
  )
}

/** A remark on the timeline that moves nothing (what was tried, what the customer said). */
const NoteForm = ({ id }: { id: string }) => {
  const { t } = useOmT()
  const [note, setNote] = useState("")
  const act = useDeskAction(() => setNote(""))
  return (
    <form
      className="flex items-start gap-x-2"
      onSubmit={(e) => {
        e.preventDefault()
        if (note.trim()) act.mutate({ kind: "note", id, note: note.trim() })
      }}
    >
      <Textarea rows={1} className="flex-1" value={note} placeholder={t("desk.addNotePlaceholder")} onChange={(e) => setNote(e.target.value)} data-testid="om-desk-add-note" />
      <Button type="submit" size="small" variant="secondary" disabled={!note.trim()} isLoading={act.isPending} data-testid="om-desk-add-note-submit">{t("desk.addNote")}</Button>
    </form>
  )
}

/** A stored callback: where it came from, what it said, how it went; failed or ignored ones can be re-processed. */
const EventRow = ({ e }: { e: PaymentEventRow }) => {
  const { t, locale, formatDateTime } = useOmT()
  const prompt = usePrompt()
  const [result, setResult] = useState<string | null>(null)
  const act = useDeskAction((_d, r) => {
    // result: processed | ignored (with the outcome), duplicate (another caller took it), failed (with the error)
    const res = r as { event?: PaymentEventRow; result?: { status?: string; outcome?: string; error?: string } }
    const status = res?.result?.status ?? res?.event?.status ?? ""
    const outcome = status === "failed" ? `${status}: ${res?.result?.error ?? res?.event?.error ?? ""}` : [status, res?.result?.outcome ?? res?.event?.outcome].filter(Boolean).join(" · ")
    setResult(outcome)
    toast.success(t("desk.event.replayed", { outcome }))
  })
  const replay = async () => {
    if (!(await prompt({ title: t("desk.event.replayTitle"), description: t("desk.event.replayConfirm"), confirmText: t("desk.event.replay"), cancelText: t("common.cancel") }))) return
    act.mutate({ kind: "replay", event_id: e.id })
  }
  const failed = e.status === "failed"
  return (
    <div className="border-ui-border-base flex flex-col gap-y-1 rounded-md border p-3" data-testid="om-desk-event" data-event-id={e.id} data-status={e.status}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge size="2xsmall" color={failed ? "red" : e.status === "processed" ? "green" : "grey"} data-testid="om-desk-event-status">{e.status}</Badge>
        <Text size="xsmall" weight="plus">{[e.source, e.kind].filter(Boolean).join(" · ")}</Text>
        <Text size="xsmall" className="text-ui-fg-subtle">{formatDateTime(e.created_at)}</Text>
      </div>
      <Line label={t("desk.event.outcome")} value={e.outcome} testId="om-desk-event-outcome" />
      <Line label={t("desk.event.attempts")} value={e.attempts != null ? String(e.attempts) : null} />
      <Line label={t("desk.columns.amount")} value={e.amount_minor != null && e.currency_code ? formatMinor(Number(e.amount_minor), e.currency_code, locale) : null} />
      <Line label={t("desk.event.error")} value={e.error} testId="om-desk-event-error" />
      {result !== null && <Text size="xsmall" className="text-ui-fg-interactive" data-testid="om-desk-replay-result">{t("desk.event.replayed", { outcome: result })}</Text>}
      {REPLAYABLE.includes(e.status) && (
        <div>
          <Button size="small" variant="secondary" isLoading={act.isPending} onClick={replay} data-testid="om-desk-replay">{t("desk.event.replay")}</Button>
        </div>
      )}
    </div>
  )
}

/** A lifecycle history row of the order: what, who, when, why. */
const HistoryLine = ({ h }: { h: HistoryRow }) => {
  const { t, i18n, formatDateTime } = useOmT()
  const label = i18n.exists(`history.actions.${h.action}`, { ns: "orderManagement" }) ? t(`history.actions.${h.action}`) : h.action
  const who = h.actor_type === "user" ? h.actor_email ?? h.actor_id ?? t("history.actorAdmin") : h.actor_type === "customer" ? t("history.actorCustomer") : h.actor_type === "gateway" ? t("desk.steps.gateway") : t("history.actorSystemPlain")
  return (
    <li className="flex flex-col" data-testid="om-desk-history-row">
      <Text size="xsmall" weight="plus">{label}</Text>
      <Text size="xsmall" className="text-ui-fg-subtle">{t("desk.steps.by", { actor: who })} · {formatDateTime(h.created_at)}</Text>
      {h.reason && <Text size="xsmall">{h.reason}</Text>}
    </li>
  )
}
