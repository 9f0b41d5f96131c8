import { useEffect, useState } from "react"
import { Button, Drawer, Input, Label, RadioGroup, Select, Text, Textarea } from "@medusajs/ui"
import { REFUND_REASONS, RefundDestination, RefundRequest, Refundable } from "../../lib/api"
import { RefundDecision } from "../../lib/after-sales-hooks"
import { canRetryOriginal, retryDestination } from "../../lib/after-sales"
import { useOmT } from "../../lib/i18n"
import { currencyDigits, formatMinor, minorToDecimal, parseMinor } from "../../lib/money"
import { useRefundLabels } from "./refund-labels"

export type DecisionMode = "approve" | "reject" | "retry"

/**
 * Where the money goes: the original payment method or the customer's balance. `canBalance` false: a guest order
 * (no balance); `originalBlocked`: why the original method is not offered (a retry that cannot help).
 */
const DestinationChoice = ({
  value,
  onChange,
  canBalance = true,
  originalBlocked = null,
}: {
  value: RefundDestination
  onChange: (d: RefundDestination) => void
  canBalance?: boolean
  originalBlocked?: string | null
}) => {
  const { t } = useOmT()
  const off = (d: RefundDestination) => (d === "balance" ? !canBalance : !!originalBlocked)
  return (
    <div className="flex flex-col gap-y-2">
      <Label>{t("afterSales.destination")}</Label>
      <RadioGroup value={value} onValueChange={(v) => onChange(v as RefundDestination)} className="flex flex-col gap-y-2" data-testid="om-refund-destination">
        {(["original", "balance"] as const).map((d) => (
          <div key={d} className="flex items-center gap-x-2">
            <RadioGroup.Item value={d} id={`om-refund-dest-${d}`} data-testid={`om-refund-dest-${d}`} disabled={off(d)} />
            <Label htmlFor={`om-refund-dest-${d}`} className={off(d) ? "text-ui-fg-disabled whitespace-nowrap" : "whitespace-nowrap"}>{t(`afterSales.destinations.${d}`)}</Label>
          </div>
        ))}
      </RadioGroup>
      {originalBlocked && <Text size="small" className="text-ui-fg-subtle" data-testid="om-refund-no-original">{originalBlocked}</Text>}
      {!canBalance && <Text size="small" className="text-ui-fg-subtle" data-testid="om-refund-no-balance">{t("afterSales.noBalance")}</Text>}
      {originalBlocked && !canBalance && <Text size="small" className="text-ui-fg-error" data-testid="om-refund-no-way">{t("afterSales.retryNoWay")}</Text>}
    </div>
  )
}

/**
 * Approve (amount prefilled with the requested one, typed in major units and sent in minor units; the destination;
 * a note), reject (a required reason) or retry a failed refund (the same way, or to the balance instead).
 */
export const RefundDecisionDrawer = ({
  mode,
  request,
  pending,
  onClose,
  onSubmit,
  canBalance,
}: {
  mode: DecisionMode | null
  request: RefundRequest | null
  pending: boolean
  /** false: the order's buyer has no account, so no balance (the order page's refundable, a queue row's can_refund_to_balance) */
  canBalance?: boolean
  onClose: () => void
  onSubmit: (d: RefundDecision) => void
}) => {
  const { t, locale } = useOmT()
  const labels = useRefundLabels()
  const [amount, setAmount] = useState("")
  const [destination, setDestination] = useState<RefundDestination>("original")
  const [note, setNote] = useState("")
  const [reason, setReason] = useState("")
  // a retry to the same destination after a failure that is not retryable: the server answers 409
  const originalOk = mode !== "retry" || !request || canRetryOriginal(request)
  useEffect(() => {
    if (!request) return
    setAmount(minorToDecimal(request.requested_amount_minor ?? request.amount_minor, request.currency_code))
    const d = mode === "retry" ? retryDestination(request) : request.destination ?? "original"
    setDestination(d === "balance" && canBalance === false ? "original" : d === "original" && !originalOk ? "balance" : d)
    setNote("")
    setReason("")
  }, [mode, request?.id])
  if (!mode || !request) return null
  const cur = request.currency_code
  const minor = parseMinor(amount, cur)
  const destinationOk = destination === "balance" ? canBalance !== false : originalOk
  const canSubmit = mode === "approve" ? minor !== null && destinationOk : mode === "reject" ? reason.trim().length > 0 : destinationOk
  const submit = () => {
    if (mode === "approve") onSubmit({ kind: "approve", id: request.id, body: { amount: minor!, destination, ...(note.trim() ? { note: note.trim() } : {}) } })
    else if (mode === "reject") onSubmit({ kind: "reject", id: request.id, body: { reason: reason.trim() } })
    else onSubmit({ kind: "retry", id: request.id, body: { destination } })
  }
  return (
    <Drawer open={!!mode} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-refund-drawer" data-mode={mode}>
        <Drawer.Header>
          <Drawer.Title>{t(`afterSales.${mode}Title`)}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">
            {labels.reason(request.reason_code)}
            {request.note ? ` · ${request.note}` : ""}
          </Text>
          {mode === "approve" && (
            <>
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="om-refund-amount">{t("afterSales.amount")} ({cur.toUpperCase()})</Label>
                <Input
                  id="om-refund-amount"
                  data-testid="om-refund-amount"
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  placeholder={currencyDigits(cur) ? "0.00" : "0"}
                />
                <Text size="small" className={minor === null ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
                  {minor === null ? t("afterSales.amountInvalid") : t("afterSales.approveHint", { amount: formatMinor(request.requested_amount_minor, cur, locale) })}
                </Text>
              </div>
              <DestinationChoice value={destination} onChange={setDestination} canBalance={canBalance !== false} />
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="om-refund-note">{t("afterSales.note")} ({t("common.optional")})</Label>
                <Textarea id="om-refund-note" data-testid="om-refund-note" value={note} onChange={(e) => setNote(e.target.value)} />
              </div>
            </>
          )}
          {mode === "reject" && (
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="om-refund-reject-reason">{t("afterSales.rejectReason")} ({t("common.required")})</Label>
              <Textarea id="om-refund-reject-reason" data-testid="om-refund-reject-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              {!reason.trim() && <Text size="small" className="text-ui-fg-subtle" data-testid="om-refund-reject-hint">{t("afterSales.rejectRequired")}</Text>}
            </div>
          )}
          {mode === "retry" && (
            <>
              <Text size="small" data-testid="om-refund-retry-hint">
                {t("afterSales.retryHint", { cause: request.failure ? labels.cause(request.failure.cause) : t("common.none") })}
              </Text>
              <DestinationChoice
                value={destination}
                onChange={setDestination}
                canBalance={canBalance !== false}
                originalBlocked={originalOk ? null : t("afterSales.retryOriginalBlocked", { cause: request.failure ? labels.cause(request.failure.cause) : t("common.none") })}
              />
            </>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" onClick={onClose}>{t("common.close")}</Button>
          <Button
            variant={mode === "reject" ? "danger" : "primary"}
            onClick={submit}
            disabled={!canSubmit || pending}
            isLoading={pending}
            data-testid="om-refund-confirm"
          >
            {t(`afterSales.${mode}`)}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

/** An admin opens a request on the customer's behalf: amount (everything refundable by default), reason, note. */
export const NewRefundRequestDrawer = ({
  open,
  orderId,
  refundable,
  pending,
  onClose,
  onSubmit,
}: {
  open: boolean
  orderId: string
  refundable: Refundable
  pending: boolean
  onClose: () => void
  onSubmit: (d: RefundDecision) => void
}) => {
  const { t, locale } = useOmT()
  const labels = useRefundLabels()
  const cur = refundable.currency_code
  const reasons = refundable.reasons?.length ? refundable.reasons : [...REFUND_REASONS]
  const [amount, setAmount] = useState("")
  const [reason, setReason] = useState("")
  const [note, setNote] = useState("")
  useEffect(() => {
    if (!open) return
    setAmount(minorToDecimal(refundable.amount_minor, cur))
    setReason("")
    setNote("")
  }, [open])
  const minor = parseMinor(amount, cur)
  const above = minor !== null && minor > refundable.amount_minor
  const canSubmit = minor !== null && !above && !!reason
  const max = formatMinor(refundable.amount_minor, cur, locale)
  const submit = () =>
    onSubmit({
      kind: "create",
      orderId,
      body: {
        // the whole refundable amount: leave it to the API (absent = everything refundable)
        ...(minor !== refundable.amount_minor ? { amount: minor! } : {}),
        reason_code: reason,
        ...(note.trim() ? { note: note.trim() } : {}),
      },
    })
  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="om-refund-new-drawer">
        <Drawer.Header>
          <Drawer.Title>{t("afterSales.newRequestTitle")}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="om-refund-new-amount">{t("afterSales.amount")} ({cur.toUpperCase()})</Label>
            <Input id="om-refund-new-amount" data-testid="om-refund-new-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            <Text size="small" className={minor === null || above ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
              {minor === null ? t("afterSales.amountInvalid") : above ? t("afterSales.amountAbove", { amount: max }) : t("afterSales.newRequestHint", { amount: max })}
            </Text>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label>{t("afterSales.reasonCode")}</Label>
            <Select value={reason} onValueChange={setReason}>
              <Select.Trigger data-testid="om-refund-new-reason"><Select.Value placeholder={t("afterSales.reasonCode")} /></Select.Trigger>
              <Select.Content>
                {reasons.map((r) => <Select.Item key={r} value={r}>{labels.reason(r)}</Select.Item>)}
              </Select.Content>
            </Select>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="om-refund-new-note">{t("afterSales.note")} ({t("common.optional")})</Label>
            <Textarea id="om-refund-new-note" data-testid="om-refund-new-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Button variant="secondary" onClick={onClose}>{t("common.close")}</Button>
          <Button onClick={submit} disabled={!canSubmit || pending} isLoading={pending} data-testid="om-refund-new-submit">{t("afterSales.create")}</Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
