import { useEffect, useRef, useState } from "react"
import { Button, Input, Label, Text, Textarea } from "@medusajs/ui"
import { type OrderLifecycle, omApi } from "../../lib/api"
import type { ReconDifference } from "./api"
import { useResolveDifference } from "./api"
import { useReconFormat } from "./labels"

type Picked = { order_id: string; label: string }

/**
 * Assign an unmatched incoming transfer to its order: find the order by number, #display id or email (the order
 * list's search) or paste an order id; the server records the transfer as the order's bank-transfer receipt, or
 * refuses (400: not a bank-transfer order, no longer pending, another currency) in its own words.
 */
export const AssignForm = ({ d, providerId, onDone }: { d: ReconDifference; providerId: string; onDone: () => void }) => {
  const f = useReconFormat()
  const { t } = f
  const [q, setQ] = useState("")
  const [results, setResults] = useState<OrderLifecycle[] | null>(null)
  const [picked, setPicked] = useState<Picked | null>(null)
  const [note, setNote] = useState("")
  const seq = useRef(0)
  const resolve = useResolveDifference(() => onDone())
  useEffect(() => {
    const text = q.trim().replace(/^#/, "")
    if (!text || /^order_/.test(text)) {
      setResults(null)
      return
    }
    const mine = ++seq.current
    const timer = setTimeout(() => {
      omApi
        // only orders that can take the money: paid by this bank-transfer provider and still waiting for it
        .list({ q: text, limit: 8, payment_provider: providerId, payment_status: "pending,processing" })
        .then((r) => mine === seq.current && setResults(r.order_lifecycles))
        .catch(() => mine === seq.current && setResults([]))
    }, 250)
    return () => clearTimeout(timer)
  }, [q])
  const raw = q.trim()
  const label = (o: OrderLifecycle) => `${o.display_id != null ? `#${o.display_id}` : o.order_number} · ${o.order_number}`
  return (
    <form
      className="bg-ui-bg-base flex flex-col gap-y-2 rounded-md p-3"
      data-testid="om-recon-assign-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (picked) resolve.mutate({ id: d.id, body: { action: "assign", order_id: picked.order_id, ...(note.trim() ? { note: note.trim() } : {}) } })
      }}
    >
      <Text size="xsmall" className="text-ui-fg-subtle">{t("reconciliation.actionHints.assign", { amount: f.money(d.platform?.amount_minor, d.platform?.currency ?? d.currency_code) })}</Text>
      {picked ? (
        <div className="flex flex-wrap items-center gap-2">
          <Text size="small" weight="plus" data-testid="om-recon-assign-picked" data-order-id={picked.order_id}>{picked.label}</Text>
          <Button type="button" size="small" variant="transparent" onClick={() => setPicked(null)} data-testid="om-recon-assign-change">{t("reconciliation.assign.change")}</Button>
        </div>
      ) : (
        <div className="relative flex flex-col gap-y-1">
          <Label size="small" htmlFor={`om-recon-assign-q-${d.id}`}>{t("reconciliation.assign.order")}</Label>
          <Input id={`om-recon-assign-q-${d.id}`} size="small" type="search" autoComplete="off" value={q} placeholder={t("reconciliation.assign.placeholder")} onChange={(e) => setQ(e.target.value)} data-testid="om-recon-assign-search" />
          {/^order_/.test(raw) && (
            <div>
              <Button type="button" size="small" variant="secondary" onClick={() => setPicked({ order_id: raw, label: raw })} data-testid="om-recon-assign-use-id">{t("reconciliation.assign.useId", { id: raw })}</Button>
            </div>
          )}
          {results && (
            <div className="border-ui-border-base flex max-h-64 flex-col overflow-auto rounded-md border p-1" data-testid="om-recon-assign-results">
              {results.length === 0 ? (
                <Text size="small" className="text-ui-fg-subtle p-2">{t("reconciliation.assign.noResults")}</Text>
              ) : (
                results.map((o) => (
                  <button
                    key={o.order_id}
                    type="button"
                    className="hover:bg-ui-bg-base-hover flex w-full flex-col rounded-md px-2 py-1.5 text-left"
                    onClick={() => setPicked({ order_id: o.order_id, label: label(o) })}
                    data-testid="om-recon-assign-option"
                    data-order-id={o.order_id}
                  >
                    <Text size="small">{label(o)}</Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {[f.channel(o.payment_provider), t(`payment.${o.payment_status}`, { defaultValue: o.payment_status }), f.money(o.total_minor, o.currency_code), o.email].filter(Boolean).join(" · ")}
                    </Text>
                  </button>
                ))
              )}
            </div>
          )}
        </div>
      )}
      <div className="flex flex-col gap-y-1">
        <Label size="small" htmlFor={`om-recon-assign-note-${d.id}`}>
          {t("reconciliation.note")} <span className="text-ui-fg-subtle">({t("common.optional")})</span>
        </Label>
        <Textarea id={`om-recon-assign-note-${d.id}`} rows={2} value={note} placeholder={t("reconciliation.notePlaceholders.assign")} onChange={(e) => setNote(e.target.value)} data-testid="om-recon-assign-note" />
      </div>
      <div className="flex justify-end gap-x-2">
        <Button type="button" size="small" variant="secondary" onClick={onDone}>{t("common.cancel")}</Button>
        <Button type="submit" size="small" disabled={!picked} isLoading={resolve.isPending} data-testid="om-recon-assign-submit">{t("reconciliation.actions.assign")}</Button>
      </div>
    </form>
  )
}
