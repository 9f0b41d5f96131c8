import { useState } from "react"
import { Button, Input, Label, Text, Textarea } from "@medusajs/ui"
import type { PaymentInfo } from "../lib/api"
import { newIdempotencyKey, useRefundToBalance } from "../lib/balance-hooks"
import { useOmT } from "../lib/i18n"
import { formatMinor, parseMinor } from "../lib/money"

/** "Refund to balance" on the Payment card: an amount up to what is refundable, and a reason. */
export function BalanceRefund({ orderId, info }: { orderId: string; info: PaymentInfo["balance_refund"] }) {
  const { t, locale } = useOmT()
  const [open, setOpen] = useState(false)
  const [amount, setAmount] = useState("")
  const [reason, setReason] = useState("")
  const [key, setKey] = useState(newIdempotencyKey)
  const refund = useRefundToBalance(orderId, () => {
    setOpen(false)
    setAmount("")
    setReason("")
    setKey(newIdempotencyKey())
  })
  if (info.refusal?.code === "nothing_captured") return null
  if (info.refusal) return <Text size="xsmall" className="text-ui-fg-subtle" data-testid="om-balance-refund-refusal">{t("balance.cannotRefund", { reason: info.refusal.message })}</Text>
  const minor = parseMinor(amount, info.currency)
  const max = formatMinor(info.refundable_minor, info.currency, locale)
  if (!open) {
    return (
      <Button size="small" variant="secondary" onClick={() => setOpen(true)} data-testid="om-balance-refund-open">{t("balance.refundTitle")}</Button>
    )
  }
  return (
    <div className="flex flex-col gap-y-2" data-testid="om-balance-refund">
      <Text size="small" weight="plus">{t("balance.refundTitle")}</Text>
      <Text size="xsmall" className="text-ui-fg-subtle">{t("balance.refundHint", { amount: max })}</Text>
      <Label size="small">{t("balance.amount")}</Label>
      <Input size="small" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={max} data-testid="om-balance-refund-amount" />
      <Label size="small">{t("balance.reason")}</Label>
      <Textarea value={reason} onChange={(e) => setReason(e.target.value)} data-testid="om-balance-refund-reason" />
      <Button
        size="small"
        disabled={minor === null || minor > info.refundable_minor || !reason.trim()}
        isLoading={refund.isPending}
        onClick={() => refund.mutate({ amount: minor!, reason: reason.trim(), idempotency_key: key })}
        data-testid="om-balance-refund-submit"
      >
        {t("balance.refundSubmit")}
      </Button>
    </div>
  )
}
