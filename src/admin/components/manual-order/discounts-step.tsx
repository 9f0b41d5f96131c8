import { useState } from "react"
import { Badge, Button, Input, Label, Select, Text } from "@medusajs/ui"
import { XMarkMini } from "@medusajs/icons"
import { useOmT } from "../../lib/i18n"
import { formatMinor } from "../../lib/money"

/** The discounts as typed (amounts as decimal text in the order's currency, points as text). */
export type DiscountsDraft = {
  codes: string[]
  manualType: "none" | "amount" | "percent"
  manualValue: string
  manualReason: string
  balance: string
  points: string
}
export const emptyDiscounts = (): DiscountsDraft => ({ codes: [], manualType: "none", manualValue: "", manualReason: "", balance: "", points: "" })

/**
 * Step 3: promotion codes (applied at once: the server's message shows when one does not apply), a manual discount
 * (amount or percent, a reason required), a balance deduction (up to the customer's balance) and points.
 * `problems` are the page's own checks of the typed values, keyed by field.
 */
export const DiscountsStep = (props: {
  value: DiscountsDraft
  onChange: (d: DiscountsDraft) => void
  onApplyCode: (code: string) => Promise<string | null>
  currency: string
  balanceMinor: number | null
  points: number | null
  problems: Partial<Record<"manualValue" | "manualReason" | "balance" | "points", string>>
  disabled: boolean
  /** read the customer's balance and points again (they may have changed since the customer was picked) */
  onRefresh?: () => void
}) => {
  const { t, locale } = useOmT()
  const [code, setCode] = useState("")
  const [codeError, setCodeError] = useState<string | null>(null)
  const [applying, setApplying] = useState(false)
  const set = (patch: Partial<DiscountsDraft>) => props.onChange({ ...props.value, ...patch })
  const apply = async () => {
    const c = code.trim()
    if (!c || props.value.codes.includes(c)) return
    setApplying(true)
    const error = await props.onApplyCode(c)
    setApplying(false)
    setCodeError(error)
    if (!error) setCode("")
  }
  const problem = (k: keyof typeof props.problems) =>
    props.problems[k] && <Text size="xsmall" className="text-ui-fg-error" data-testid={`mo-problem-${k}`}>{props.problems[k]}</Text>
  return (
    <div className="flex flex-col gap-y-4" data-testid="mo-discounts">
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" htmlFor="mo-promo">{t("manualOrder.discounts.promo")}</Label>
        <div className="flex flex-wrap items-center gap-2">
          <Input id="mo-promo" size="small" className="w-48" data-testid="mo-promo" placeholder={t("manualOrder.discounts.promoPlaceholder")} value={code}
            onChange={(e) => { setCode(e.target.value); setCodeError(null) }} onKeyDown={(e) => e.key === "Enter" && apply()} />
          <Button size="small" variant="secondary" data-testid="mo-promo-apply" disabled={!code.trim() || applying || props.disabled} isLoading={applying} onClick={apply}>
            {t("manualOrder.discounts.apply")}
          </Button>
          {props.value.codes.map((c) => (
            <Badge key={c} size="2xsmall" color="green" data-testid="mo-promo-chip" data-code={c}>
              {c}
              <button type="button" aria-label={t("manualOrder.discounts.removeCode", { code: c })} data-testid="mo-promo-remove" onClick={() => set({ codes: props.value.codes.filter((x) => x !== c) })}>
                <XMarkMini />
              </button>
            </Badge>
          ))}
        </div>
        {codeError && <Text size="xsmall" className="text-ui-fg-error" data-testid="mo-promo-error">{codeError}</Text>}
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="xsmall">{t("manualOrder.discounts.manual")}</Label>
        <div className="flex flex-wrap items-start gap-2">
          <div className="w-36">
            <Select value={props.value.manualType} onValueChange={(v) => set({ manualType: v as DiscountsDraft["manualType"] })}>
              <Select.Trigger data-testid="mo-manual-type"><Select.Value /></Select.Trigger>
              <Select.Content>
                {(["none", "amount", "percent"] as const).map((k) => <Select.Item key={k} value={k}>{t(`manualOrder.discounts.${k}`)}</Select.Item>)}
              </Select.Content>
            </Select>
          </div>
          {props.value.manualType !== "none" && (
            <>
              <div className="flex flex-col gap-y-1">
                <Input size="small" className="w-28" data-testid="mo-manual-value" aria-label={t("manualOrder.discounts.value")} inputMode="decimal"
                  placeholder={props.value.manualType === "percent" ? "%" : "0.00"} value={props.value.manualValue} onChange={(e) => set({ manualValue: e.target.value })} />
                {problem("manualValue")}
              </div>
              <div className="flex min-w-[200px] flex-1 flex-col gap-y-1">
                <Input size="small" data-testid="mo-manual-reason" aria-label={t("manualOrder.discounts.reason")} aria-required placeholder={`${t("manualOrder.discounts.reason")} * — ${t("manualOrder.discounts.reasonPlaceholder")}`}
                  value={props.value.manualReason} onChange={(e) => set({ manualReason: e.target.value })} />
                {problem("manualReason")}
              </div>
            </>
          )}
        </div>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall" htmlFor="mo-balance">{t("manualOrder.discounts.balance")}</Label>
          <Input id="mo-balance" size="small" inputMode="decimal" data-testid="mo-balance" placeholder="0.00" value={props.value.balance} disabled={props.balanceMinor === null} onFocus={props.onRefresh} onChange={(e) => set({ balance: e.target.value })} />
          {props.balanceMinor !== null && <Text size="xsmall" className="text-ui-fg-subtle">{t("manualOrder.discounts.balanceHint", { max: formatMinor(props.balanceMinor, props.currency, locale) })}</Text>}
          {problem("balance")}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="xsmall" htmlFor="mo-points">{t("manualOrder.discounts.points")}</Label>
          <Input id="mo-points" size="small" inputMode="numeric" data-testid="mo-points" placeholder="0" value={props.value.points} disabled={props.points === null} onFocus={props.onRefresh} onChange={(e) => set({ points: e.target.value })} />
          {props.points !== null && <Text size="xsmall" className="text-ui-fg-subtle">{t("manualOrder.discounts.pointsHint", { points: props.points.toLocaleString(locale) })}</Text>}
          {problem("points")}
        </div>
      </div>
    </div>
  )
}
