import { Input, Label, RadioGroup, Select, Text } from "@medusajs/ui"
import { useOmT } from "../../lib/i18n"
import type { FinishBody } from "./api"

export type FinishDraft = { finish: FinishBody["finish"]; method: "cash" | "bank_transfer"; reference: string }
export const FINISHES = ["mark_paid", "payment_link", "unpaid"] as const

/**
 * Step 5: how the order is paid — money received offline (cash or bank transfer, a reference), a payment link, or not
 * yet. `covered`: the balance and points pay the whole total, so there is nothing to choose.
 */
export const FinishStep = (props: { value: FinishDraft; onChange: (f: FinishDraft) => void; covered?: boolean }) => {
  const { t } = useOmT()
  const set = (patch: Partial<FinishDraft>) => props.onChange({ ...props.value, ...patch })
  if (props.covered) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="mo-finish-covered">{t("manualOrder.finish.covered")}</Text>
    )
  }
  return (
    <div className="flex flex-col gap-y-3" data-testid="mo-finish">
      <RadioGroup value={props.value.finish} onValueChange={(v) => set({ finish: v as FinishDraft["finish"] })} className="flex flex-col gap-y-2">
        {FINISHES.map((f) => (
          <div key={f} className="flex items-start gap-x-2">
            <RadioGroup.Item value={f} id={`mo-finish-${f}`} data-testid={`mo-finish-${f}`} className="mt-0.5" />
            <div>
              <Label size="small" htmlFor={`mo-finish-${f}`}>{t(`manualOrder.finish.${f}`)}</Label>
              <Text size="xsmall" className="text-ui-fg-subtle">{t(`manualOrder.finish.${f}Hint`)}</Text>
            </div>
          </div>
        ))}
      </RadioGroup>
      {props.value.finish === "mark_paid" && (
        <div className="flex flex-wrap items-end gap-3 pl-6">
          <div className="flex w-44 flex-col gap-y-1">
            <Label size="xsmall">{t("manualOrder.finish.method")}</Label>
            <Select value={props.value.method} onValueChange={(v) => set({ method: v as FinishDraft["method"] })}>
              <Select.Trigger data-testid="mo-payment-method"><Select.Value /></Select.Trigger>
              <Select.Content>
                <Select.Item value="cash">{t("manualOrder.finish.cash")}</Select.Item>
                <Select.Item value="bank_transfer">{t("manualOrder.finish.bank_transfer")}</Select.Item>
              </Select.Content>
            </Select>
          </div>
          <div className="flex min-w-[220px] flex-1 flex-col gap-y-1">
            <Label size="xsmall" htmlFor="mo-payment-reference">{t("manualOrder.finish.reference")}</Label>
            <Input id="mo-payment-reference" size="small" data-testid="mo-payment-reference" placeholder={t("manualOrder.finish.referencePlaceholder")} value={props.value.reference} onChange={(e) => set({ reference: e.target.value })} />
          </div>
        </div>
      )}
    </div>
  )
}
