import { useState } from "react"
import { Badge, Button, Checkbox, Input, Label, Text, Textarea } from "@medusajs/ui"
import type { PaymentInfo } from "../lib/api"
import { omApi } from "../lib/api"
import { useConfirmReceipt, useRejectProof } from "../lib/hooks"
import { useOmT } from "../lib/i18n"
import { formatMinor, parseMinor } from "../lib/money"

/** The bank-transfer part of the Payment card: reference, receipts so far, slips to review, confirm / reject. */
export function BankTransferReview({ orderId, info, session }: { orderId: string; info: PaymentInfo; session: PaymentInfo["sessions"][number] }) {
  const { t, locale, formatDateTime } = useOmT()
  const [amount, setAmount] = useState("")
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10))
  const [bankRef, setBankRef] = useState("")
  const [approve, setApprove] = useState(true)
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [reason, setReason] = useState("")
  const confirm = useConfirmReceipt(orderId, () => { setAmount(""); setBankRef("") })
  const reject = useRejectProof(orderId, () => { setRejecting(null); setReason("") })
  const currency = session.currency ?? "cny"
  const minor = parseMinor(amount, currency)
  const open = session.status !== "captured" && session.status !== "authorized" && session.status !== "canceled"
  // the slip is a private file: fetched with the admin's session cookie, shown from a blob URL
  const view = async (proofId: string) => {
    const base = ((typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "").replace(/\/$/, "")
    const res = await fetch(`${base}${omApi.proofFileUrl(orderId, proofId)}`, { credentials: "include" })
    if (res.ok) window.open(URL.createObjectURL(await res.blob()), "_blank")
  }
  return (
    <div className="flex flex-col gap-y-3" data-testid="om-bank-transfer">
      <div className="grid grid-cols-2 gap-x-2">
        <Text size="small" className="text-ui-fg-subtle">{t("bankTransfer.reference")}</Text>
        <Text size="small" weight="plus" data-testid="om-bank-reference">{session.reference}</Text>
      </div>
      {session.amount_minor !== null && (
        <Text size="small" data-testid="om-bank-received">
          {t("bankTransfer.received", { received: formatMinor(session.received_minor ?? 0, currency, locale), expected: formatMinor(session.amount_minor, currency, locale) })}
        </Text>
      )}
      <Text size="small" weight="plus">{t("bankTransfer.proofs")}</Text>
      {info.proofs.length === 0 && <Text size="small" className="text-ui-fg-subtle">{t("bankTransfer.noProofs")}</Text>}
      {info.proofs.map((p) => (
        <div key={p.id} className="flex flex-col gap-y-1" data-testid="om-proof">
          <div className="flex flex-wrap items-center gap-x-2">
            <Badge size="2xsmall" color={p.status === "rejected" ? "red" : p.status === "accepted" ? "green" : "orange"}>{t(`bankTransfer.status_${p.status}`)}</Badge>
            <Text size="small">{t("bankTransfer.payer", { name: p.payer_name })}{p.account_last4 ? ` ****${p.account_last4}` : ""}</Text>
            <Text size="xsmall" className="text-ui-fg-subtle">{formatDateTime(p.created_at)}</Text>
            <Button size="small" variant="transparent" onClick={() => view(p.id)}>{t("bankTransfer.view")}</Button>
            {p.status === "submitted" && open && (
              <Button size="small" variant="transparent" onClick={() => setRejecting(p.id)} data-testid="om-proof-reject">{t("bankTransfer.reject")}</Button>
            )}
          </div>
          {p.reject_reason && <Text size="xsmall" className="text-ui-fg-subtle">{p.reject_reason}</Text>}
          {rejecting === p.id && (
            <div className="flex flex-col gap-y-2">
              <Label size="small">{t("bankTransfer.rejectReason")}</Label>
              <Textarea value={reason} onChange={(e) => setReason(e.target.value)} data-testid="om-proof-reject-reason" />
              <Button size="small" variant="danger" disabled={!reason.trim()} isLoading={reject.isPending} onClick={() => reject.mutate({ proofId: p.id, reason: reason.trim() })} data-testid="om-proof-reject-submit">
                {t("bankTransfer.reject")}
              </Button>
            </div>
          )}
        </div>
      ))}
      {open && (
        <div className="flex flex-col gap-y-2 border-t pt-3">
          <Text size="small" weight="plus">{t("bankTransfer.confirmTitle")}</Text>
          <Label size="small">{t("bankTransfer.amount")}</Label>
          <Input size="small" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="409.00" data-testid="om-receipt-amount" />
          <Label size="small">{t("bankTransfer.receivedAt")}</Label>
          <Input size="small" type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="om-receipt-date" />
          <Label size="small">{t("bankTransfer.bankReference")}</Label>
          <Input size="small" value={bankRef} onChange={(e) => setBankRef(e.target.value)} data-testid="om-receipt-reference" />
          <div className="flex items-center gap-x-2">
            <Checkbox id="om-receipt-approve" checked={approve} onCheckedChange={(v) => setApprove(v === true)} />
            <Label size="small" htmlFor="om-receipt-approve">{t("bankTransfer.approve")}</Label>
          </div>
          <Button
            size="small"
            disabled={minor === null || minor <= 0 || !bankRef.trim()}
            isLoading={confirm.isPending}
            onClick={() => confirm.mutate({ amount: minor!, received_at: new Date(`${date}T00:00:00Z`).toISOString(), bank_reference: bankRef.trim(), approve })}
            data-testid="om-receipt-confirm"
          >
            {t("bankTransfer.confirm")}
          </Button>
        </div>
      )}
    </div>
  )
}
