import { clx } from "@medusajs/ui"
import type { RefundStatus } from "../../lib/api"
import { progressSteps, StepState } from "../../lib/after-sales"
import { useOmT } from "../../lib/i18n"

const DOT: Record<StepState, string> = {
  done: "bg-ui-tag-green-icon",
  current: "bg-ui-tag-blue-icon outline outline-2 outline-offset-1 outline-ui-tag-blue-icon",
  todo: "bg-ui-border-strong",
  error: "bg-ui-tag-red-icon",
  ended: "bg-ui-tag-neutral-icon",
}

/** Requested → reviewed → processing → refunded, or where the request ended (rejected, withdrawn, failed). */
export const RefundProgress = ({ status }: { status: RefundStatus }) => {
  const { t } = useOmT()
  const steps = progressSteps(status)
  return (
    <ol className="flex items-center gap-x-1" data-testid="om-refund-progress" aria-label={t("afterSales.fields.timeline")}>
      {steps.map((s, i) => (
        <li key={s.key} className="flex items-center gap-x-1" data-testid="om-refund-step" data-step={s.key} data-state={s.state}>
          {i > 0 && <span className={clx("h-px w-4 shrink-0", s.state === "todo" ? "bg-ui-border-base" : "bg-ui-border-strong")} />}
          <span className={clx("size-2 shrink-0 rounded-full", DOT[s.state])} />
          <span
            className={clx(
              "txt-compact-xsmall whitespace-nowrap",
              s.state === "todo" ? "text-ui-fg-muted" : s.state === "error" ? "text-ui-fg-error" : s.state === "current" ? "text-ui-fg-base font-medium" : "text-ui-fg-subtle"
            )}
          >
            {t(`afterSales.steps.${s.key}`)}
          </span>
        </li>
      ))}
    </ol>
  )
}
